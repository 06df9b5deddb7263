// Ridge's solvers for dense X, on the centered data: "cholesky" (what solver="auto"
// picks) solves (XᵀX + αI) w = Xᵀy, or with more columns than rows the kernel form
// w = Xᵀ (XXᵀ + αI)⁻¹ y; "svd", and cholesky's fallback when the matrix is singular,
// w = V · s / (s² + α) · Uᵀy over the singular values above 1e-15.
import { dot } from '../../data/dot.ts';
import type { Centered } from './center.ts';
import { decompose, solveWith } from './svd.ts';

export type RidgeSolver = 'cholesky' | 'svd';

export function solveRidge(centered: Centered, alpha: number, solver: RidgeSolver): Float64Array {
  if (solver === 'cholesky') {
    const w = centered.cols > centered.rows ? kernelCholesky(centered, alpha) : primalCholesky(centered, alpha);
    if (w) return w;
  }
  const { columns, rows, cols, y } = centered;
  // _solve_svd's cut: "same default value as scipy.linalg.pinv".
  return solveWith(decompose(columns, rows, cols, y), (sigma) => sigma > 1e-15, (sigma) => sigma / (sigma * sigma + alpha));
}

function primalCholesky({ columns, rows, cols, y }: Centered, alpha: number): Float64Array | undefined {
  const A = new Float64Array(cols * cols);
  const b = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j <= i; j++) A[i * cols + j] = A[j * cols + i] = dot(columns, i * rows, columns, j * rows, rows);
    A[i * cols + i] += alpha;
    b[i] = dot(columns, i * rows, y, 0, rows);
  }
  return choleskySolve(A, cols, b) ? b : undefined;
}

function kernelCholesky({ columns, rows, cols, y }: Centered, alpha: number): Float64Array | undefined {
  const K = new Float64Array(rows * rows);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    for (let a = 0; a < rows; a++) {
      const x = columns[base + a];
      if (x === 0) continue;
      for (let c = 0; c <= a; c++) K[a * rows + c] += x * columns[base + c];
    }
  }
  for (let a = 0; a < rows; a++) {
    for (let c = 0; c < a; c++) K[c * rows + a] = K[a * rows + c];
    K[a * rows + a] += alpha;
  }
  const dual = Float64Array.from(y);
  if (!choleskySolve(K, rows, dual)) return undefined;
  const w = new Float64Array(cols);
  for (let j = 0; j < cols; j++) w[j] = dot(columns, j * rows, dual, 0, rows);
  return w;
}

/**
 * Solves A x = b in place (x in b) for symmetric positive definite A (row-major n × n,
 * overwritten by its Cholesky factor L). False when A is not positive definite: scipy's
 * potrf fails there, and scikit-learn falls back to the SVD.
 */
function choleskySolve(A: Float64Array, n: number, b: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = A[j * n + j];
    for (let k = 0; k < j; k++) diagonal -= A[j * n + k] * A[j * n + k];
    if (!(diagonal > 0)) return false;
    const pivot = Math.sqrt(diagonal);
    A[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = sum / pivot;
    }
  }
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= A[i * n + k] * b[k];
    b[i] = sum / A[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= A[k * n + i] * b[k];
    b[i] = sum / A[i * n + i];
  }
  return true;
}
