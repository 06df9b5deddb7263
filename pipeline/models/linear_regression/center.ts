// scikit-learn's _preprocess_data for dense X without sample weights: with
// fit_intercept, X and y are centered on their means before the solver runs, and the
// intercept is y_offset - X_offset · coef afterwards (LinearModel._set_intercept).
import { transpose, type Matrix } from '../../data/matrix.ts';
import { sumOf } from '../../data/pairwise-sum.ts';

export interface Centered {
  rows: number;
  cols: number;
  /** X - X_offset column by column: column j is columns[j * rows …]. */
  columns: Float64Array;
  y: Float64Array;
  xOffset: Float64Array;
  yOffset: number;
}

export function centerData(X: Matrix, y: Float64Array, fitIntercept: boolean): Centered {
  const { rows, cols } = X;
  if (y.length !== rows) throw new RangeError(`expected ${rows} targets, one per row; got ${y.length}`);
  const columns = transpose(X);
  const xOffset = new Float64Array(cols);
  if (fitIntercept) {
    for (let j = 0; j < cols; j++) {
      const base = j * rows;
      const mean = sumOf(columns, base, rows) / rows;
      xOffset[j] = mean;
      for (let i = 0; i < rows; i++) columns[base + i] -= mean;
    }
  }
  const yOffset = fitIntercept ? sumOf(y) / rows : 0;
  const centeredY = new Float64Array(rows);
  for (let i = 0; i < rows; i++) centeredY[i] = y[i] - yOffset;
  return { rows, cols, columns, y: centeredY, xOffset, yOffset };
}

/** intercept_ = y_offset - X_offset · coef_ (0 without fit_intercept, where both offsets are 0). */
export function interceptOf(centered: Centered, coef: Float64Array): number {
  let dot = 0;
  for (let j = 0; j < centered.cols; j++) dot += centered.xOffset[j] * coef[j];
  return centered.yOffset - dot;
}
