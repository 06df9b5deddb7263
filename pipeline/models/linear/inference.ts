// The one place that turns feature rows into class probabilities for linear models.
// Training (cross-validation scores, reports), the build's checks and the deployed
// functions all call predictProba, so they cannot disagree.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { numberRows, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type PackedScaler, type ServingKind } from '../serving-kind.ts';
import { scoreRowCount, type LinearClassifier } from './classifier.ts';
import { exp } from '../exp.ts';

export type LinearModel = ModelOf<LinearClassifier>;

/** The parameters as typed arrays, made once per model: the hot loop reads nothing else. */
interface PackedModel {
  features: number;
  classes: number;
  scoreRows: number;
  link: LinearClassifier['link'];
  scaler: PackedScaler;
  intercepts: Float64Array;
  /** weights[k * features + j] */
  weights: Float64Array;
  scaledRow: Float64Array;
  scores: Float64Array;
}

const pack = packedOnce((model: LinearModel, classCount: number): PackedModel => {
  const features = model.classifier.weights[0].length;
  const scoreRows = model.classifier.intercepts.length;
  return {
    features,
    classes: classCount,
    scoreRows,
    link: model.classifier.link,
    scaler: packScaler(model.scaler, features),
    intercepts: Float64Array.from(model.classifier.intercepts),
    weights: Float64Array.from(model.classifier.weights.flat()),
    scaledRow: new Float64Array(features),
    scores: new Float64Array(Math.max(scoreRows, classCount)),
  };
});

/**
 * Probabilities as scikit-learn's predict_proba computes them for each link, for
 * `rowCount` rows of `data` (row-major), into `out` (rows × classes). One loop over
 * all rows, with no allocation and no call per row, is what lets plain Math.exp keep
 * up with numpy.
 */
function predictPacked(m: PackedModel, data: Float64Array, rowCount: number, out: Float64Array): void {
  const { features, classes, scoreRows, link, scaler, intercepts, weights, scaledRow, scores } = m;
  for (let i = 0, offset = 0; i < rowCount; i++, offset += classes) {
    scaleRow(scaler, data, i, scaledRow);
    for (let k = 0; k < scoreRows; k++) {
      let score = intercepts[k];
      const base = k * features;
      for (let j = 0; j < features; j++) score += weights[base + j] * scaledRow[j];
      scores[k] = score;
    }
    if (link === 'logistic') {
      const positive = sigmoid(scores[0]);
      out[offset] = 1 - positive;
      out[offset + 1] = positive;
    } else if (link === 'softmax') {
      softmax(scores, classes, out, offset);
    } else {
      normalizedSigmoids(scores, classes, out, offset);
    }
  }
}

/** Stable sigmoid: exp of a non-positive number only, so it cannot overflow. */
function sigmoid(score: number): number {
  const e = exp(score >= 0 ? -score : score);
  return score >= 0 ? 1 / (1 + e) : e / (1 + e);
}

function softmax(scores: Float64Array, classes: number, out: Float64Array, offset: number): void {
  let largest = -Infinity;
  for (let k = 0; k < classes; k++) if (scores[k] > largest) largest = scores[k];
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const e = exp(scores[k] - largest);
    out[offset + k] = e;
    total += e;
  }
  for (let k = 0; k < classes; k++) out[offset + k] /= total;
}

/** One-vs-rest: each class's sigmoid, normalized to sum to 1. */
function normalizedSigmoids(scores: Float64Array, classes: number, out: Float64Array, offset: number): void {
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const value = sigmoid(scores[k]);
    out[offset + k] = value;
    total += value;
  }
  if (total > 1e-300) {
    for (let k = 0; k < classes; k++) out[offset + k] /= total;
    return;
  }
  // Every sigmoid underflowed (an input far outside the training data): the plain
  // ratio would be 0/0; in log space it is not.
  let largest = -Infinity;
  for (let k = 0; k < classes; k++) {
    const logSigmoid = scores[k] - Math.log1p(exp(scores[k]));
    out[offset + k] = logSigmoid;
    if (logSigmoid > largest) largest = logSigmoid;
  }
  total = 0;
  for (let k = 0; k < classes; k++) {
    out[offset + k] = exp(out[offset + k] - largest);
    total += out[offset + k];
  }
  for (let k = 0; k < classes; k++) out[offset + k] /= total;
}

/** Probabilities of every row of a matrix, row after row in one flat buffer (rows × classes). */
function predictProba(model: LinearModel, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const out = new Float64Array(X.rows * classCount);
  predictPacked(m, X.data, X.rows, out);
  return out;
}

export const linearKind: ServingKind<LinearClassifier> = {
  schema: z.strictObject({
    kind: z.literal('linear'),
    link: z.enum(['logistic', 'softmax', 'ovr']),
    intercepts: numbers,
    weights: numberRows,
  }),
  check(classifier, { width, classes }, { expect, expectLength }) {
    const { link } = classifier;
    expect(link !== 'logistic' || classes === 2, 'classifier.link', `"logistic" serves two classes; this model has ${classes}`);
    const scoreRows = scoreRowCount(link, classes);
    const rowsAre = link === 'logistic' ? 'one score row (the log-odds of the second class)' : 'one per class';
    expectLength('classifier.intercepts', classifier.intercepts.length, scoreRows, rowsAre);
    expectLength('classifier.weights', classifier.weights.length, scoreRows, rowsAre);
    classifier.weights.forEach((row, k) => expectLength(`classifier.weights[${k}]`, row.length, width, 'one weight per encoded column: numeric inputs, then each category'));
  },
  predictProba,
};
