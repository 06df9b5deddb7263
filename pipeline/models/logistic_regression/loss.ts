// The log-loss of a linear model and its gradient, over flat typed arrays, as
// scikit-learn 1.2's LinearModelLoss computes it for lbfgs: the *sum* over rows (not
// the mean) plus ½·l2·‖W‖², intercepts not penalized. The sum matters: scikit-learn's
// `tol` bounds the gradient of exactly this function.
import type { Matrix } from '../../data/matrix.ts';

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
  /** Scratch: one score per class. */
  scores: Float64Array;
}

export function createLossProblem(X: Matrix, y: Int32Array, scoreRows: number, positive: number, fitIntercept: boolean, l2: number): LossProblem {
  return { X, y, scoreRows, positive, fitIntercept, stride: X.cols + (fitIntercept ? 1 : 0), l2, scores: new Float64Array(scoreRows) };
}

/** The loss at `w`; its gradient is written into `gradient`. */
export function lossAndGradient(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const loss = problem.scoreRows === 1 ? binary(problem, w, gradient) : multinomial(problem, w, gradient);
  return loss + l2Penalty(problem, w, gradient);
}

function binary(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const { X, y, positive, fitIntercept } = problem;
  const { data, rows, cols } = X;
  gradient.fill(0);
  const intercept = fitIntercept ? w[cols] : 0;
  let loss = 0;
  let interceptGradient = 0;
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    let z = intercept;
    for (let j = 0; j < cols; j++) z += w[j] * data[offset + j];
    const target = y[i] === positive ? 1 : 0;
    // log(1 + e^z) - t·z, and σ(z), without overflow for any z.
    const e = Math.exp(-Math.abs(z));
    loss += Math.log1p(e) + (z > 0 ? z : 0) - target * z;
    const sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const residual = sigmoid - target;
    for (let j = 0; j < cols; j++) gradient[j] += residual * data[offset + j];
    interceptGradient += residual;
  }
  if (fitIntercept) gradient[cols] = interceptGradient;
  return loss;
}

function multinomial(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  const { X, y, scoreRows: classes, fitIntercept, stride, scores } = problem;
  const { data, rows, cols } = X;
  gradient.fill(0);
  let loss = 0;
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    const label = y[i];
    let labelScore = 0;
    let largest = -Infinity;
    for (let k = 0, base = 0; k < classes; k++, base += stride) {
      let z = fitIntercept ? w[base + cols] : 0;
      for (let j = 0; j < cols; j++) z += w[base + j] * data[offset + j];
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
    for (let k = 0, base = 0; k < classes; k++, base += stride) {
      const residual = scores[k] / total - (k === label ? 1 : 0);
      for (let j = 0; j < cols; j++) gradient[base + j] += residual * data[offset + j];
      if (fitIntercept) gradient[base + cols] += residual;
    }
  }
  return loss;
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
