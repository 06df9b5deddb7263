// The log-loss of a linear model and its gradient, over flat typed arrays, as
// scikit-learn 1.2's LinearModelLoss computes it for lbfgs: the *sum* over rows (not
// the mean) plus ½·l2·‖W‖², intercepts not penalized. The sum matters: scikit-learn's
// `tol` bounds the gradient of exactly this function.
import { dot } from '../../data/dot.ts';
import { transpose, type Matrix } from '../../data/matrix.ts';

/**
 * Parameters are `scoreRows` blocks of `stride` numbers: the weights of one score
 * row, then its intercept when there is one. A binary problem has one score row
 * (the log-odds of `positive`), a multinomial one a row per class.
 */
export interface LossProblem {
  X: Matrix;
  y: Int32Array;
  scoreRows: number;
  /** Binary problems only: the class whose log-odds the single score row is. */
  positive: number;
  fitIntercept: boolean;
  stride: number;
  l2: number;
  /** X column by column (cols × rows): the gradient is one contiguous dot product per weight. */
  columns: Float64Array;
  /** Scratch: one score per class, and each row's residual per score row (scoreRows × rows). */
  scores: Float64Array;
  residuals: Float64Array;
}

export function createLossProblem(X: Matrix, y: Int32Array, scoreRows: number, positive: number, fitIntercept: boolean, l2: number, columns = transpose(X)): LossProblem {
  return {
    X,
    y,
    scoreRows,
    positive,
    fitIntercept,
    stride: X.cols + (fitIntercept ? 1 : 0),
    l2,
    columns,
    scores: new Float64Array(scoreRows),
    residuals: new Float64Array(scoreRows * X.rows),
  };
}

/** The loss at `w`; its gradient is written into `gradient`. */
export function lossAndGradient(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const loss = problem.scoreRows === 1 ? binary(problem, w, gradient) : multinomial(problem, w, gradient);
  return loss + l2Penalty(problem, w, gradient);
}

function binary(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const { X, y, positive, fitIntercept, residuals } = problem;
  const { data, rows, cols } = X;
  const intercept = fitIntercept ? w[cols] : 0;
  let loss = 0;
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    const z = intercept + dot(w, 0, data, offset, cols);
    const target = y[i] === positive ? 1 : 0;
    // log(1 + e^z) - t·z, and σ(z), without overflow for any z.
    const e = Math.exp(-Math.abs(z));
    loss += Math.log1p(e) + (z > 0 ? z : 0) - target * z;
    residuals[i] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
  }
  accumulateGradient(problem, gradient);
  return loss;
}

function multinomial(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const { X, y, scoreRows: classes, fitIntercept, stride, scores, residuals } = problem;
  const { data, rows, cols } = X;
  let loss = 0;
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    const label = y[i];
    let labelScore = 0;
    let largest = -Infinity;
    for (let k = 0, base = 0; k < classes; k++, base += stride) {
      const z = (fitIntercept ? w[base + cols] : 0) + dot(w, base, data, offset, cols);
      scores[k] = z;
      if (z > largest) largest = z;
      if (k === label) labelScore = z;
    }
    let total = 0;
    for (let k = 0; k < classes; k++) {
      scores[k] = Math.exp(scores[k] - largest);
      total += scores[k];
    }
    // log Σ e^z − z_label, from the shifted scores so that nothing overflows.
    loss += Math.log(total) - (labelScore - largest);
    for (let k = 0; k < classes; k++) residuals[k * rows + i] = scores[k] / total - (k === label ? 1 : 0);
  }
  accumulateGradient(problem, gradient);
  return loss;
}

/** gradient[k, j] = Σ_i residual[k, i] · x[i, j]; the intercept's, Σ_i residual[k, i]. */
function accumulateGradient(problem: LossProblem, gradient: Float64Array): void {
  const { X, scoreRows, stride, fitIntercept, columns, residuals } = problem;
  const { rows, cols } = X;
  for (let k = 0, base = 0; k < scoreRows; k++, base += stride) {
    const from = k * rows;
    for (let j = 0; j < cols; j++) gradient[base + j] = dot(residuals, from, columns, j * rows, rows);
    if (fitIntercept) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += residuals[from + i];
      gradient[base + cols] = sum;
    }
  }
}

function l2Penalty(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const { l2, scoreRows, stride, X } = problem;
  if (l2 === 0) return 0;
  let squares = 0;
  for (let k = 0, base = 0; k < scoreRows; k++, base += stride) {
    for (let j = 0; j < X.cols; j++) {
      const value = w[base + j];
      squares += value * value;
      gradient[base + j] += l2 * value;
    }
  }
  return 0.5 * l2 * squares;
}

/** 1 for each weight, 0 for each intercept: which parameters a penalty applies to. */
export function penalizedMask(problem: LossProblem): Uint8Array {
  const mask = new Uint8Array(problem.scoreRows * problem.stride).fill(1);
  if (problem.fitIntercept) for (let k = 0; k < problem.scoreRows; k++) mask[k * problem.stride + problem.X.cols] = 0;
  return mask;
}
