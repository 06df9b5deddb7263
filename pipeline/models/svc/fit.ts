// SVC(probability=True).fit as libsvm does it: one binary C-SVC per pair of classes
// (one-vs-one), each with its Platt sigmoid from an inner 5-fold cross-validation
// whose shuffle is scikit-learn's for the same random_state (platt-shuffle.ts). The
// kernel matrix of the training rows is computed once and shared by every pair and
// inner fold.
import type { Matrix } from '../../data/matrix.ts';
import { numpyVar } from '../../data/pairwise-sum.ts';
import { kernelValue, type KernelName, type KernelParams } from './kernel.ts';
import { kernelSource, SvcQ, type KernelSource } from './kernel-rows.ts';
import type { SvcClassifier, SvcPair } from './inference.ts';
import { fitSigmoid } from './platt.ts';
import { foldBounds, libsvmSeed, PLATT_FOLDS, PlattShuffle } from './platt-shuffle.ts';
import { solveSmo } from './smo.ts';

export interface SvcParams {
  C: number;
  kernel: KernelName;
  degree: number;
  gamma: 'scale' | 'auto' | number;
  coef0: number;
  tol: number;
  max_iter: number;
  /** libsvm's shrinking heuristic (default true); it changes the path, not the optimum. */
  shrinking?: boolean;
}

export const SVC_DEFAULTS: SvcParams = { C: 1, kernel: 'rbf', degree: 3, gamma: 'scale', coef0: 0, tol: 1e-3, max_iter: -1 };

/** gamma="scale" is 1 / (features · X.var()), numpy's var to the bit, 1 where that variance is 0; "auto" is 1 / features. */
export function resolveGamma(gamma: SvcParams['gamma'], X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const variance = numpyVar(X.data);
  return variance === 0 ? 1 : 1 / (X.cols * variance);
}

/** A decision value as libsvm's predict_values computes it: prediction kernels (k_function), in double. */
function decisionOf(source: KernelSource, members: Int32Array, coef: Float64Array, rho: number, row: number): number {
  let value = 0;
  for (let t = 0; t < members.length; t++) {
    if (coef[t] === 0) continue;
    value += coef[t] * kernelValue(source.params, source.data, members[t], source.data, row, source.width);
  }
  return value - rho;
}

/** One binary C-SVC on `members` in the order libsvm's svm_train hands them to its solver. */
function solvePair(source: KernelSource, members: Int32Array, y: Int8Array, params: SvcParams) {
  return solveSmo(new SvcQ(source, members, y), params.C, params.tol, params.max_iter, params.shrinking ?? true);
}

/**
 * An inner Platt fold's problem as libsvm's svm_train regroups it: its labels sorted
 * (−1 first), so the second class's rows come first and are the solver's +1; the
 * solution is turned back to the pair's orientation (a positive decision: the first class).
 */
function solveInnerFold(source: KernelSource, members: Int32Array, y: Int8Array, params: SvcParams) {
  const order = new Int32Array(members.length);
  let n = 0;
  for (let t = 0; t < members.length; t++) if (y[t] === -1) order[n++] = t;
  for (let t = 0; t < members.length; t++) if (y[t] === 1) order[n++] = t;
  const grouped = Int32Array.from(order, (t) => members[t]);
  const flipped = Int8Array.from(order, (t) => -y[t]);
  const { coef, rho } = solvePair(source, grouped, flipped, params);
  for (let t = 0; t < coef.length; t++) coef[t] = -coef[t];
  return { grouped, coef, rho: -rho };
}

/** libsvm's svm_binary_svc_probability: out-of-fold decision values of the pair's rows, then the sigmoid. */
function plattSigmoid(source: KernelSource, members: Int32Array, y: Int8Array, params: SvcParams, shuffle: PlattShuffle) {
  const l = members.length;
  const perm = shuffle.next(y);
  const decisions = new Float64Array(l);
  for (let fold = 0; fold < PLATT_FOLDS; fold++) {
    const { begin, end } = foldBounds(fold, l);
    const inner = new Int32Array(l - (end - begin));
    const innerY = new Int8Array(inner.length);
    let n = 0;
    let positives = 0;
    for (let p = 0; p < l; p++) {
      if (p >= begin && p < end) continue;
      inner[n] = members[perm[p]];
      innerY[n] = y[perm[p]];
      if (innerY[n] === 1) positives++;
      n++;
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) {
      for (let p = begin; p < end; p++) decisions[perm[p]] = positives > 0 ? 1 : negatives > 0 ? -1 : 0;
      continue;
    }
    const { grouped, coef, rho } = solveInnerFold(source, inner, innerY, params);
    for (let p = begin; p < end; p++) decisions[perm[p]] = decisionOf(source, grouped, coef, rho, members[perm[p]]);
  }
  const positive = Uint8Array.from(y, (label) => (label === 1 ? 1 : 0));
  return fitSigmoid(decisions, positive);
}

export interface SvcFit {
  classifier: SvcClassifier;
  /** The solver's iterations per pair (scikit-learn's n_iter_). */
  iterations: number[];
  converged: boolean;
  /** The training row of each support vector. */
  supportRows: number[];
}

export function fitSvc(X: Matrix, y: Int32Array, classCount: number, params: SvcParams, seed: number): SvcFit {
  const kernel: KernelParams = { kernel: params.kernel, gamma: resolveGamma(params.gamma, X), degree: params.degree, coef0: params.coef0 };
  const source = kernelSource(kernel, X.data, X.cols, X.rows);
  const shuffle = new PlattShuffle(libsvmSeed(seed));
  const isSupport = new Uint8Array(X.rows);
  const raw: { classes: number[]; members: Int32Array; coef: Float64Array; rho: number; a: number; b: number }[] = [];
  const iterations: number[] = [];
  let converged = true;
  for (let first = 0; first < classCount; first++) {
    for (let second = first + 1; second < classCount; second++) {
      // libsvm's order: the first class's rows, then the second's (Platt's shuffle permutes positions in it).
      const rows: number[] = [];
      for (let i = 0; i < X.rows; i++) if (y[i] === first) rows.push(i);
      for (let i = 0; i < X.rows; i++) if (y[i] === second) rows.push(i);
      const members = Int32Array.from(rows);
      const pairY = Int8Array.from(rows, (i) => (y[i] === first ? 1 : -1));
      const { a, b } = plattSigmoid(source, members, pairY, params, shuffle);
      const solution = solvePair(source, members, pairY, params);
      iterations.push(solution.iterations);
      converged &&= solution.converged;
      solution.coef.forEach((value, t) => {
        if (value !== 0) isSupport[members[t]] = 1;
      });
      raw.push({ classes: [first, second], members, coef: solution.coef, rho: solution.rho, a, b });
    }
  }
  // Support vectors once each, in training-row order; pairs index into them.
  const indexOf = new Int32Array(X.rows).fill(-1);
  const supportVectors: number[][] = [];
  const supportRows: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    if (!isSupport[i]) continue;
    indexOf[i] = supportVectors.length;
    supportRows.push(i);
    supportVectors.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  }
  const pairs: SvcPair[] = raw.map(({ classes, members, coef, rho, a, b }) => {
    const support: number[] = [];
    const coefficients: number[] = [];
    coef.forEach((value, t) => {
      if (value === 0) return;
      support.push(indexOf[members[t]]);
      coefficients.push(value);
    });
    return { classes, support, coef: coefficients, rho, prob_a: a, prob_b: b };
  });
  return { classifier: { kind: 'svc', ...kernel, support_vectors: supportVectors, pairs }, iterations, converged, supportRows };
}
