// GaussianNB's predict_proba: each class's joint log-likelihood (log prior plus a
// normal log-density per column), normalized with log-sum-exp.
import * as z from 'zod/mini';
import { exp } from '../exp.ts';
import type { Matrix } from '../../data/matrix.ts';
import { numberRows, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';

export interface GaussianNbClassifier {
  kind: 'gaussian_nb';
  /** scikit-learn's class_prior_, theta_ and var_ (var_smoothing's epsilon included). */
  class_prior: number[];
  theta: number[][];
  var: number[][];
}

interface Packed {
  width: number;
  scaler: ReturnType<typeof packScaler>;
  theta: Float64Array;
  variance: Float64Array;
  /** log prior - ½ Σ log(2π var), per class. */
  constant: Float64Array;
  scaled: Float64Array;
}

const pack = packedOnce((model: ModelOf<GaussianNbClassifier>): Packed => {
  const { class_prior: prior, theta, var: variance } = model.classifier;
  const width = theta[0].length;
  const constant = new Float64Array(prior.length);
  prior.forEach((p, k) => {
    let logs = 0;
    for (const v of variance[k]) logs += Math.log(2 * Math.PI * v);
    constant[k] = Math.log(p) - 0.5 * logs;
  });
  return { width, scaler: packScaler(model.scaler, width), theta: Float64Array.from(theta.flat()), variance: Float64Array.from(variance.flat()), constant, scaled: new Float64Array(width) };
});

function predictProba(model: ModelOf<GaussianNbClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { width, theta, variance, constant, scaled } = m;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    const offset = i * classCount;
    let largest = -Infinity;
    for (let k = 0, at = 0; k < classCount; k++) {
      let squares = 0;
      for (let j = 0; j < width; j++, at++) {
        const d = scaled[j] - theta[at];
        squares += (d * d) / variance[at];
      }
      const jll = constant[k] - 0.5 * squares;
      out[offset + k] = jll;
      if (jll > largest) largest = jll;
    }
    if (largest === -Infinity) {
      farFromEveryClass(m, classCount, out, offset);
      continue;
    }
    let total = 0;
    for (let k = 0; k < classCount; k++) total += exp(out[offset + k] - largest);
    const logTotal = largest + Math.log(total);
    for (let k = 0; k < classCount; k++) out[offset + k] = exp(out[offset + k] - logTotal);
  }
  return out;
}

/**
 * A row so far from the training data that every class's sum of squares overflowed: in
 * the limit the class with the smallest sum takes all the probability. The sums are
 * compared as logarithms, each scaled by its largest term.
 */
function farFromEveryClass(m: Packed, classCount: number, out: Float64Array, offset: number): void {
  const { width, theta, variance, scaled } = m;
  let best = Infinity;
  for (let k = 0, at = 0; k < classCount; k++, at += width) {
    let largest = 0;
    for (let j = 0; j < width; j++) largest = Math.max(largest, Math.abs(scaled[j] - theta[at + j]) / Math.sqrt(variance[at + j]));
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const z = (scaled[j] - theta[at + j]) / Math.sqrt(variance[at + j]) / largest;
      sum += z * z; // not ** 2: Math.pow is not specified to the bit
    }
    out[offset + k] = 2 * Math.log(largest) + Math.log(sum);
    if (out[offset + k] < best) best = out[offset + k];
  }
  let winners = 0;
  for (let k = 0; k < classCount; k++) if (out[offset + k] === best) winners++;
  for (let k = 0; k < classCount; k++) out[offset + k] = out[offset + k] === best ? 1 / winners : 0;
}

export const gaussianNbKind: ServingKind<GaussianNbClassifier> = {
  schema: z.strictObject({ kind: z.literal('gaussian_nb'), class_prior: numbers, theta: numberRows, var: numberRows }),
  check(classifier, { width, classes }, { expect, expectLength }) {
    expectLength('classifier.class_prior', classifier.class_prior.length, classes, 'one per class');
    classifier.class_prior.forEach((p, k) => expect(p > 0 && p <= 1, `classifier.class_prior[${k}]`, 'must be above 0 and at most 1'));
    for (const field of ['theta', 'var'] as const) {
      expectLength(`classifier.${field}`, classifier[field].length, classes, 'one row per class');
      classifier[field].forEach((row, k) => expectLength(`classifier.${field}[${k}]`, row.length, width, 'one value per encoded column'));
    }
    classifier.var.forEach((row, k) => row.forEach((v, j) => v > 0 || expect(false, `classifier.var[${k}][${j}]`, 'must be greater than 0')));
  },
  predictProba,
};
