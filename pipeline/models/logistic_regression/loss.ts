// The log-loss of a linear model and its gradient, over flat typed arrays, as
// scikit-learn 1.2's LinearModelLoss computes it for lbfgs: the *sum* over rows (not
// the mean) plus ½·l2·‖W‖², intercepts not penalized. The sum matters: scikit-learn's
// `tol` bounds the gradient of exactly this function.
import { dot } from '../../data/dot.ts';
import { exp } from '../exp.ts';
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
  /** X column by column (cols × rows): the gradient is a product of contiguous rows. */
  columns: Float64Array;
  /** Scratch, made once: every row's scores (rows × scoreRows), and residuals by score row (scoreRows × rows). */
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
    scores: new Float64Array(X.rows * scoreRows),
    residuals: new Float64Array(scoreRows * X.rows),
  };
}

/** The loss at `w`; its gradient is written into `gradient`. No allocation. */
export function lossAndGradient(problem: LossProblem, w: Float64Array, gradient: Float64Array): number {
  computeScores(problem, w);
  const loss = problem.scoreRows === 1 ? binaryResiduals(problem) : softmaxResiduals(problem);
  accumulateGradient(problem, gradient);
  return loss + l2Penalty(problem, w, gradient);
}

function binaryResiduals(problem: LossProblem): number {
  const { X, y, positive, scores, residuals } = problem;
  let loss = 0;
  for (let i = 0; i < X.rows; i++) {
    const z = scores[i];
    const target = y[i] === positive ? 1 : 0;
    // log(1 + e^z) - t·z, and σ(z), without overflow for any z.
    const e = Math.exp(-Math.abs(z));
    loss += Math.log1p(e) + (z > 0 ? z : 0) - target * z;
    residuals[i] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
  }
  return loss;
}

function softmaxResiduals(problem: LossProblem): number {
  const { X, y, scoreRows: classes, scores, residuals } = problem;
  const rows = X.rows;
  let loss = 0;
  for (let i = 0, at = 0; i < rows; i++, at += classes) {
    const label = y[i];
    const labelScore = scores[at + label];
    let top = 0;
    let largest = scores[at];
    for (let k = 1; k < classes; k++) {
      if (scores[at + k] > largest) {
        largest = scores[at + k];
        top = k;
      }
    }
    let total = 0;
    for (let k = 0; k < classes; k++) {
      // The largest score's term is e^0 = 1 exactly.
      const e = k === top ? 1 : exp(scores[at + k] - largest);
      scores[at + k] = e;
      total += e;
    }
    // log Σ e^z − z_label, from the shifted scores so that nothing overflows.
    loss += Math.log(total) - (labelScore - largest);
    for (let k = 0; k < classes; k++) residuals[k * rows + i] = scores[at + k] / total;
    residuals[label * rows + i] -= 1;
  }
  return loss;
}

/**
 * scores[i, k] = intercept_k + w_k · x_i, two rows and up to four score rows at a time:
 * each number loaded serves several products, which is most of a JIT's speed here.
 */
function computeScores(problem: LossProblem, w: Float64Array): void {
  const { X, scoreRows: K, stride, fitIntercept, scores } = problem;
  const { data, rows, cols } = X;
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const o0 = i * cols;
    const o1 = o0 + cols;
    const s0 = i * K;
    const s1 = s0 + K;
    let k = 0;
    for (; k + 3 < K; k += 4) {
      const a = k * stride;
      const b = a + stride;
      const c = b + stride;
      const e = c + stride;
      let z00 = 0, z01 = 0, z02 = 0, z03 = 0, z10 = 0, z11 = 0, z12 = 0, z13 = 0;
      for (let j = 0; j < cols; j++) {
        const x0 = data[o0 + j];
        const x1 = data[o1 + j];
        const wa = w[a + j];
        const wb = w[b + j];
        const wc = w[c + j];
        const we = w[e + j];
        z00 += x0 * wa; z01 += x0 * wb; z02 += x0 * wc; z03 += x0 * we;
        z10 += x1 * wa; z11 += x1 * wb; z12 += x1 * wc; z13 += x1 * we;
      }
      const ba = fitIntercept ? w[a + cols] : 0;
      const bb = fitIntercept ? w[b + cols] : 0;
      const bc = fitIntercept ? w[c + cols] : 0;
      const be = fitIntercept ? w[e + cols] : 0;
      scores[s0 + k] = ba + z00; scores[s0 + k + 1] = bb + z01; scores[s0 + k + 2] = bc + z02; scores[s0 + k + 3] = be + z03;
      scores[s1 + k] = ba + z10; scores[s1 + k + 1] = bb + z11; scores[s1 + k + 2] = bc + z12; scores[s1 + k + 3] = be + z13;
    }
    // Three classes (the commonest multinomial case) in one pass over the two rows.
    if (K - k === 3) {
      const a = k * stride;
      const b = a + stride;
      const c = b + stride;
      // The third row's sums by even and odd columns, as the one-row loop below adds them.
      let z00 = 0, z01 = 0, z10 = 0, z11 = 0, e0 = 0, e1 = 0, d0 = 0, d1 = 0;
      let j = 0;
      for (; j + 1 < cols; j += 2) {
        const x0 = data[o0 + j];
        const x1 = data[o1 + j];
        const y0 = data[o0 + j + 1];
        const y1 = data[o1 + j + 1];
        const wa = w[a + j];
        const wb = w[b + j];
        const va = w[a + j + 1];
        const vb = w[b + j + 1];
        const wc = w[c + j];
        const vc = w[c + j + 1];
        z00 += x0 * wa; z01 += x0 * wb; z10 += x1 * wa; z11 += x1 * wb;
        z00 += y0 * va; z01 += y0 * vb; z10 += y1 * va; z11 += y1 * vb;
        e0 += x0 * wc; e1 += x1 * wc; d0 += y0 * vc; d1 += y1 * vc;
      }
      if (j < cols) {
        const x0 = data[o0 + j];
        const x1 = data[o1 + j];
        z00 += x0 * w[a + j]; z01 += x0 * w[b + j]; z10 += x1 * w[a + j]; z11 += x1 * w[b + j];
        e0 += x0 * w[c + j]; e1 += x1 * w[c + j];
      }
      const ba = fitIntercept ? w[a + cols] : 0;
      const bb = fitIntercept ? w[b + cols] : 0;
      const bc = fitIntercept ? w[c + cols] : 0;
      scores[s0 + k] = ba + z00; scores[s0 + k + 1] = bb + z01; scores[s0 + k + 2] = bc + (e0 + d0);
      scores[s1 + k] = ba + z10; scores[s1 + k + 1] = bb + z11; scores[s1 + k + 2] = bc + (e1 + d1);
      continue;
    }
    for (; k + 1 < K; k += 2) {
      const a = k * stride;
      const b = a + stride;
      let z00 = 0, z01 = 0, z10 = 0, z11 = 0;
      for (let j = 0; j < cols; j++) {
        const x0 = data[o0 + j];
        const x1 = data[o1 + j];
        const wa = w[a + j];
        const wb = w[b + j];
        z00 += x0 * wa; z01 += x0 * wb;
        z10 += x1 * wa; z11 += x1 * wb;
      }
      const ba = fitIntercept ? w[a + cols] : 0;
      const bb = fitIntercept ? w[b + cols] : 0;
      scores[s0 + k] = ba + z00; scores[s0 + k + 1] = bb + z01;
      scores[s1 + k] = ba + z10; scores[s1 + k + 1] = bb + z11;
    }
    for (; k < K; k++) {
      const a = k * stride;
      let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
      let j = 0;
      for (; j + 1 < cols; j += 2) {
        z0 += data[o0 + j] * w[a + j];
        z1 += data[o1 + j] * w[a + j];
        z2 += data[o0 + j + 1] * w[a + j + 1];
        z3 += data[o1 + j + 1] * w[a + j + 1];
      }
      if (j < cols) {
        z0 += data[o0 + j] * w[a + j];
        z1 += data[o1 + j] * w[a + j];
      }
      const bias = fitIntercept ? w[a + cols] : 0;
      scores[s0 + k] = bias + (z0 + z2);
      scores[s1 + k] = bias + (z1 + z3);
    }
  }
  for (; i < rows; i++) {
    for (let k = 0; k < K; k++) scores[i * K + k] = (fitIntercept ? w[k * stride + cols] : 0) + dot(w, k * stride, data, i * cols, cols);
  }
}

/** gradient[k, j] = Σ_i residual[k, i] · x[i, j] (two score rows by four columns at a time); the intercept's, Σ_i residual[k, i]. */
function accumulateGradient(problem: LossProblem, gradient: Float64Array): void {
  const { X, scoreRows: K, stride, fitIntercept, columns, residuals } = problem;
  const { rows: n, cols } = X;
  let k = 0;
  for (; k + 1 < K; k += 2) {
    const ra = k * n;
    const rb = ra + n;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const xa = j * n;
      const xb = xa + n;
      const xc = xb + n;
      const xe = xc + n;
      let g00 = 0, g01 = 0, g02 = 0, g03 = 0, g10 = 0, g11 = 0, g12 = 0, g13 = 0;
      for (let i = 0; i < n; i++) {
        const r0 = residuals[ra + i];
        const r1 = residuals[rb + i];
        const x0 = columns[xa + i];
        const x1 = columns[xb + i];
        const x2 = columns[xc + i];
        const x3 = columns[xe + i];
        g00 += r0 * x0; g01 += r0 * x1; g02 += r0 * x2; g03 += r0 * x3;
        g10 += r1 * x0; g11 += r1 * x1; g12 += r1 * x2; g13 += r1 * x3;
      }
      const o0 = k * stride + j;
      const o1 = o0 + stride;
      gradient[o0] = g00; gradient[o0 + 1] = g01; gradient[o0 + 2] = g02; gradient[o0 + 3] = g03;
      gradient[o1] = g10; gradient[o1 + 1] = g11; gradient[o1 + 2] = g12; gradient[o1 + 3] = g13;
    }
    for (; j < cols; j++) {
      gradient[k * stride + j] = dot(residuals, ra, columns, j * n, n);
      gradient[(k + 1) * stride + j] = dot(residuals, rb, columns, j * n, n);
    }
  }
  for (; k < K; k++) {
    const ra = k * n;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const xa = j * n;
      const xb = xa + n;
      const xc = xb + n;
      const xe = xc + n;
      let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
      for (let i = 0; i < n; i++) {
        const r = residuals[ra + i];
        g0 += r * columns[xa + i];
        g1 += r * columns[xb + i];
        g2 += r * columns[xc + i];
        g3 += r * columns[xe + i];
      }
      const o = k * stride + j;
      gradient[o] = g0; gradient[o + 1] = g1; gradient[o + 2] = g2; gradient[o + 3] = g3;
    }
    for (; j < cols; j++) gradient[k * stride + j] = dot(residuals, ra, columns, j * n, n);
  }
  if (fitIntercept) {
    for (let c = 0; c < K; c++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += residuals[c * n + i];
      gradient[c * stride + cols] = sum;
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
