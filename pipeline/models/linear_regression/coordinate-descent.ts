// scikit-learn's enet_coordinate_descent (sklearn/linear_model/_cd_fast.pyx, dense X,
// cyclic selection), step for step: minimizes
//   ½‖y − Xw‖² + l1·‖w‖₁ + ½·l2·‖w‖²
// from w = 0, coordinates in column order, the residual kept up to date. After a sweep
// whose largest coefficient change is below tol (relative to the largest coefficient),
// or on the last sweep, it computes the duality gap and stops when the gap is below
// tol · ‖y‖².
import { pairwiseSum } from '../../data/pairwise-sum.ts';
import { dot } from '../../data/dot.ts';

export interface DescentResult {
  w: Float64Array;
  gap: number;
  /** tol · ‖y‖², what the gap was compared with. */
  scaledTol: number;
  /** n_iter_: sweeps run. */
  iterations: number;
  converged: boolean;
}

export interface DescentProblem {
  /** Column-major X (column j is columns[j * rows …]), centered when fitting an intercept. */
  columns: Float64Array;
  rows: number;
  cols: number;
  y: Float64Array;
  l1: number;
  l2: number;
  maxIter: number;
  tol: number;
  positive: boolean;
}

export function enetCoordinateDescent({ columns, rows, cols, y, l1, l2, maxIter, tol, positive }: DescentProblem): DescentResult {
  const w = new Float64Array(cols);
  // norm_cols_X = np.square(X).sum(axis=0), on Fortran-ordered X: numpy's pairwise sums.
  const normCols = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    normCols[j] = pairwiseSum((i) => columns[base + i] * columns[base + i], 0, rows);
  }
  // R = y − Xw with w = 0.
  const R = Float64Array.from(y);
  const scaledTol = tol * dot(y, 0, y, 0, rows);
  let gap = tol + 1;
  let iteration = 0;
  let converged = false;
  for (; iteration < maxIter; iteration++) {
    let wMax = 0;
    let dwMax = 0;
    for (let j = 0; j < cols; j++) {
      if (normCols[j] === 0) continue;
      const base = j * rows;
      const previous = w[j];
      // R += w_j X_j, then tmp = X_j · R.
      if (previous !== 0) addScaled(R, previous, columns, base, rows);
      const tmp = dot(columns, base, R, 0, rows);
      const next = positive && tmp < 0 ? 0 : (Math.sign(tmp) * Math.max(Math.abs(tmp) - l1, 0)) / (normCols[j] + l2);
      w[j] = next;
      if (next !== 0) addScaled(R, -next, columns, base, rows);
      dwMax = Math.max(dwMax, Math.abs(next - previous));
      wMax = Math.max(wMax, Math.abs(next));
    }
    if (wMax === 0 || dwMax / wMax < tol || iteration === maxIter - 1) {
      gap = dualityGap(columns, rows, cols, y, R, w, l1, l2, positive);
      if (gap < scaledTol) {
        converged = true;
        break;
      }
    }
  }
  // n_iter + 1 as the Cython loop reports it: the sweep it stopped in, counted from 1.
  return { w, gap, scaledTol, iterations: converged ? iteration + 1 : maxIter, converged };
}

/** R += scale · columns[base …], unrolled by four (the descent's other hot loop besides dot). */
function addScaled(R: Float64Array, scale: number, columns: Float64Array, base: number, rows: number): void {
  const whole = rows - (rows % 4);
  let i = 0;
  for (; i < whole; i += 4) {
    R[i] += scale * columns[base + i];
    R[i + 1] += scale * columns[base + i + 1];
    R[i + 2] += scale * columns[base + i + 2];
    R[i + 3] += scale * columns[base + i + 3];
  }
  for (; i < rows; i++) R[i] += scale * columns[base + i];
}

/** The elastic net's duality gap at w, its dual point the residual scaled into the dual's feasible set. */
function dualityGap(columns: Float64Array, rows: number, cols: number, y: Float64Array, R: Float64Array, w: Float64Array, l1: number, l2: number, positive: boolean): number {
  // XtA = Xᵀ R − l2 · w; its largest entry (positive) or largest magnitude.
  let dualNorm = positive ? -Infinity : 0;
  for (let j = 0; j < cols; j++) {
    const value = dot(columns, j * rows, R, 0, rows) - l2 * w[j];
    dualNorm = positive ? Math.max(dualNorm, value) : Math.max(dualNorm, Math.abs(value));
  }
  const rNorm2 = dot(R, 0, R, 0, rows);
  const wNorm2 = dot(w, 0, w, 0, cols);
  let scale: number;
  let gap: number;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  } else {
    scale = 1;
    gap = rNorm2;
  }
  let l1Norm = 0;
  for (let j = 0; j < cols; j++) l1Norm += Math.abs(w[j]);
  return gap + l1 * l1Norm - scale * dot(R, 0, y, 0, rows) + 0.5 * l2 * (1 + scale * scale) * wNorm2;
}
