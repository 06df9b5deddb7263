// SVC(probability=True)'s predict_proba, as libsvm computes it: the one-vs-one
// decision values, each pair's Platt sigmoid, then pairwise coupling (Wu, Lin and
// Weng's second method) into one distribution over the classes.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { number, numberRows, numbers, text } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';
import { kernelValue, type KernelName, type KernelParams } from './kernel.ts';
import { largeDecision, logKernelRow } from './kernel-overflow.ts';

export interface SvcPair {
  /** The two classes, lower index first: a positive decision value favours the first. */
  classes: number[];
  /** Indexes into support_vectors, and their dual coefficients (alpha·y). */
  support: number[];
  coef: number[];
  rho: number;
  /** Platt's sigmoid: P(first class) = 1 / (1 + exp(prob_a · decision + prob_b)). */
  prob_a: number;
  prob_b: number;
}

export interface SvcClassifier {
  kind: 'svc';
  kernel: KernelName;
  /** The gamma the fit used ("scale" and "auto" resolved to a number). */
  gamma: number;
  degree: number;
  coef0: number;
  support_vectors: number[][];
  pairs: SvcPair[];
}

// libsvm's bounds on a pairwise probability, and its coupling's iteration rules.
const MIN_PROBABILITY = 1e-7;

interface Packed {
  params: KernelParams;
  width: number;
  scaler: ReturnType<typeof packScaler>;
  vectors: Float64Array;
  count: number;
  pairs: { first: number; second: number; support: Int32Array; coef: Float64Array; rho: number; a: number; b: number }[];
  scaled: Float64Array;
  kernelRow: Float64Array;
  /** The sign of each kernel value, when a row's are held as logarithms (see logKernelRow). */
  kernelSign: Float64Array;
  /** r[i * k + j]: P(i | i or j). */
  pairwise: Float64Array;
  coupling: Coupling;
}

interface Coupling {
  Q: Float64Array;
  Qp: Float64Array;
  p: Float64Array;
}

const pack = packedOnce((model: ModelOf<SvcClassifier>, classCount: number): Packed => {
  const c = model.classifier;
  const width = c.support_vectors[0].length;
  return {
      params: { kernel: c.kernel, gamma: c.gamma, degree: c.degree, coef0: c.coef0 },
      width,
      scaler: packScaler(model.scaler, width),
      vectors: Float64Array.from(c.support_vectors.flat()),
      count: c.support_vectors.length,
      pairs: c.pairs.map((pair) => ({ first: pair.classes[0], second: pair.classes[1], support: Int32Array.from(pair.support), coef: Float64Array.from(pair.coef), rho: pair.rho, a: pair.prob_a, b: pair.prob_b })),
      scaled: new Float64Array(width),
      kernelRow: new Float64Array(c.support_vectors.length),
      kernelSign: new Float64Array(c.support_vectors.length),
      pairwise: new Float64Array(classCount * classCount),
    coupling: { Q: new Float64Array(classCount * classCount), Qp: new Float64Array(classCount), p: new Float64Array(classCount) },
  };
});

/** libsvm's sigmoid_predict, written so that exp never overflows. */
export function plattProbability(decision: number, a: number, b: number): number {
  const fApB = a === 0 ? b : decision * a + b;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/** libsvm's multiclass_probability: p minimizing Σ (r_ji p_i - r_ij p_j)² over the simplex, by its fixed-point iteration. */
function couple(k: number, r: Float64Array, { Q, Qp, p }: Coupling, out: Float64Array, offset: number): void {
  const maxIterations = Math.max(100, k);
  const eps = 0.005 / k;
  for (let t = 0; t < k; t++) {
    p[t] = 1 / k;
    Q[t * k + t] = 0;
    for (let j = 0; j < t; j++) {
      Q[t * k + t] += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = Q[j * k + t];
    }
    for (let j = t + 1; j < k; j++) {
      Q[t * k + t] += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = -r[j * k + t] * r[t * k + j];
    }
  }
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = 0;
      for (let j = 0; j < k; j++) Qp[t] += Q[t * k + j] * p[j];
      pQp += p[t] * Qp[t];
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t] - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t * k + t];
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
  for (let t = 0; t < k; t++) out[offset + t] = p[t];
}

function predictProba(model: ModelOf<SvcClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { params, width, vectors, count, pairs, scaled, kernelRow, kernelSign, pairwise } = m;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    let overflow = false;
    for (let s = 0; s < count; s++) {
      const value = kernelValue(params, vectors, s, scaled, 0, width);
      kernelRow[s] = value;
      if (!Number.isFinite(value)) overflow = true;
    }
    // A polynomial kernel of a value far outside the training data overflows (1e80 to the
    // 4th power): the sum of ±Infinity terms would be NaN, so such a row is summed in log space.
    if (overflow) logKernelRow(params, vectors, count, width, scaled, kernelRow, kernelSign);
    for (const pair of pairs) {
      const decision = overflow ? largeDecision(kernelRow, kernelSign, pair.support, pair.coef, pair.rho) : pairDecision(pair, kernelRow);
      // A decision of ±Infinity saturates the sigmoid (0 · Infinity would be NaN).
      const r = Math.min(Math.max(plattProbability(decision, pair.a, pair.b), MIN_PROBABILITY), 1 - MIN_PROBABILITY);
      pairwise[pair.first * classCount + pair.second] = r;
      pairwise[pair.second * classCount + pair.first] = 1 - r;
    }
    // Two classes are coupled too: scikit-learn's bundled libsvm has no two-class shortcut
    // (upstream libsvm later took the pair's sigmoid directly), and the coupling's iteration
    // stops within 0.005 / k, so the answers differ by up to ~2e-3.
    couple(classCount, pairwise, m.coupling, out, i * classCount);
  }
  return out;
}

type PackedPair = Packed['pairs'][number];

function pairDecision(pair: PackedPair, kernelRow: Float64Array): number {
  let decision = -pair.rho;
  for (let s = 0; s < pair.support.length; s++) decision += pair.coef[s] * kernelRow[pair.support[s]];
  return decision;
}

export const svcKind: ServingKind<SvcClassifier> = {
  schema: z.strictObject({
    kind: z.literal('svc'),
    kernel: text as z.ZodMiniType<KernelName>,
    gamma: number,
    degree: number,
    coef0: number,
    support_vectors: numberRows,
    pairs: z.array(z.strictObject({ classes: numbers, support: numbers, coef: numbers, rho: number, prob_a: number, prob_b: number })),
  }),
  check(classifier, { width, classes }, { expect, expectLength }) {
    expect(['rbf', 'poly', 'linear', 'sigmoid'].includes(classifier.kernel), 'classifier.kernel', 'must be one of "rbf", "poly", "linear", "sigmoid"');
    const vectors = classifier.support_vectors.length;
    expect(vectors >= 1, 'classifier.support_vectors', 'needs at least 1 support vector');
    classifier.support_vectors.forEach((row, s) => row.length !== width && expectLength(`classifier.support_vectors[${s}]`, row.length, width, 'one value per encoded column'));
    expectLength('classifier.pairs', classifier.pairs.length, (classes * (classes - 1)) / 2, 'one per pair of classes');
    let at = 0;
    for (let i = 0; i < classes; i++) {
      for (let j = i + 1; j < classes; j++, at++) {
        const pair = classifier.pairs[at];
        if (!pair) continue;
        const path = `classifier.pairs[${at}]`;
        expect(pair.classes.length === 2 && pair.classes[0] === i && pair.classes[1] === j, `${path}.classes`, `must be [${i}, ${j}]`);
        expectLength(`${path}.coef`, pair.coef.length, pair.support.length, 'one per support vector');
        pair.support.forEach((index, s) => (Number.isInteger(index) && index >= 0 && index < vectors) || expect(false, `${path}.support[${s}]`, `must index support_vectors (0 to ${vectors - 1})`));
      }
    }
  },
  predictProba,
};
