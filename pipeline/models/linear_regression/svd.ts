// Least squares through the singular value decomposition, on Float64Arrays: a Householder
// QR of the tall matrix, then one-sided (Hestenes) Jacobi on its small triangle, which
// finds even the tiny singular values of collinear columns to high relative accuracy, so
// that a rank cut at eps · σmax sees the rank-deficiency that scipy's gelsd sees.
import { dot } from '../../data/dot.ts';
import { householderQr } from './qr.ts';

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

/**
 * For column-major A (rows × cols) and b: B = A·V with orthogonal columns (so that
 * σ_j = ‖B_j‖ and A = U·Σ·Vᵀ with U_j = B_j / σ_j), V (cols × cols, column-major), and
 * c, the coordinates of b that B's columns live in (Qᵀb when A was reduced by QR).
 */
export interface Decomposition {
  size: number;
  cols: number;
  /** cols columns of length `size`. */
  B: Float64Array;
  V: Float64Array;
  c: Float64Array;
  singular: Float64Array;
}

export function decompose(columns: Float64Array, rows: number, cols: number, b: Float64Array): Decomposition {
  let A: Float64Array;
  let c: Float64Array;
  let size: number;
  if (rows > cols) {
    ({ R: A, qtb: c } = householderQr(columns, rows, cols, b));
    size = cols;
  } else {
    A = Float64Array.from(columns);
    c = Float64Array.from(b);
    size = rows;
  }
  const V = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) V[j * cols + j] = 1;
  jacobi(A, size, cols, V);
  const singular = new Float64Array(cols);
  for (let j = 0; j < cols; j++) singular[j] = Math.sqrt(dot(A, j * size, A, j * size, size));
  return { size, cols, B: A, V, c, singular };
}

/**
 * w = Σ_j V_j · (U_jᵀ b) · factor(σ_j) over the singular values that `keep`: the
 * minimum-norm least squares with factor 1/σ, ridge's with σ / (σ² + α).
 * U_jᵀ b = B_jᵀ c / σ_j.
 */
export function solveWith(d: Decomposition, keep: (sigma: number) => boolean, factor: (sigma: number) => number): Float64Array {
  const { size, cols, B, V, c, singular } = d;
  const w = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const sigma = singular[j];
    if (!(sigma > 0) || !keep(sigma)) continue;
    const weight = (dot(B, j * size, c, 0, size) / sigma) * factor(sigma);
    for (let i = 0; i < cols; i++) w[i] += V[j * cols + i] * weight;
  }
  return w;
}

/**
 * scipy.linalg.lstsq (gelsd, cond = eps): the least-squares solution of least norm,
 * singular values up to eps · σmax taken as 0, with the rank it found.
 */
export function leastSquares(columns: Float64Array, rows: number, cols: number, b: Float64Array): { solution: Float64Array; rank: number } {
  const d = decompose(columns, rows, cols, b);
  let largest = 0;
  for (const sigma of d.singular) if (sigma > largest) largest = sigma;
  const cut = EPS * largest;
  const keep = (sigma: number) => sigma > cut;
  const rank = d.singular.filter(keep).length;
  return { solution: solveWith(d, keep, (sigma) => 1 / sigma), rank };
}

/**
 * One-sided Jacobi: rotates pairs of A's columns (and V's alike) until every pair is
 * orthogonal to working precision (Demmel and Veselić's test |a_iᵀa_j| ≤ eps·‖a_i‖‖a_j‖).
 */
function jacobi(A: Float64Array, size: number, cols: number, V: Float64Array): void {
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < cols - 1; i++) {
      for (let j = i + 1; j < cols; j++) {
        const ai = i * size;
        const aj = j * size;
        const alpha = dot(A, ai, A, ai, size);
        const beta = dot(A, aj, A, aj, size);
        const gamma = dot(A, ai, A, aj, size);
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const cos = 1 / Math.sqrt(1 + t * t);
        const sin = cos * t;
        rotate(A, ai, aj, size, cos, sin);
        rotate(V, i * cols, j * cols, cols, cos, sin);
      }
    }
    if (!rotated) return;
  }
}

function rotate(M: Float64Array, ai: number, aj: number, length: number, cos: number, sin: number): void {
  for (let r = 0; r < length; r++) {
    const x = M[ai + r];
    const y = M[aj + r];
    M[ai + r] = cos * x - sin * y;
    M[aj + r] = sin * x + cos * y;
  }
}
