// The one place that turns feature rows into class probabilities for linear models.
// Training (cross-validation scores, reports), the build's checks and the deployed
// functions all call predictProba, so they cannot disagree.
import type { Matrix } from '../../data/matrix.ts';
import type { LinearClassifier } from './classifier.ts';

export interface ScalerParams {
  kind: 'standard' | 'minmax';
  /** Transformed value = (x - center) / scale, for the first center.length (numeric) columns. */
  center: number[];
  scale: number[];
}

export interface LinearModel {
  scaler: ScalerParams;
  classifier: LinearClassifier;
}

// A finite input far outside the training data (1e308, say) would overflow the dot
// product to ±Infinity or NaN. Clamping the scaled value keeps every score finite;
// real inputs sit within a few units of 0, so they are never affected.
const SCALED_LIMIT = 1e100;

/** The parameters as typed arrays, made once per model: the hot loop reads nothing else. */
interface PackedModel {
  features: number;
  classes: number;
  scoreRows: number;
  link: LinearClassifier['link'];
  center: Float64Array;
  scale: Float64Array;
  intercepts: Float64Array;
  /** weights[k * features + j] */
  weights: Float64Array;
  scaledRow: Float64Array;
  scores: Float64Array;
}

const packed = new WeakMap<LinearModel, PackedModel>();

function pack(model: LinearModel, classCount: number): PackedModel {
  let result = packed.get(model);
  if (!result) {
    // The encoded row: the numeric inputs (scaled), then one-hot columns, which pass
    // through as (x - 0) / 1 so that the hot loop has no branch.
    const features = model.classifier.weights[0].length;
    const scoreRows = model.classifier.intercepts.length;
    const center = new Float64Array(features);
    const scale = new Float64Array(features).fill(1);
    center.set(model.scaler.center);
    scale.set(model.scaler.scale);
    result = {
      features,
      classes: classCount,
      scoreRows,
      link: model.classifier.link,
      center,
      scale,
      intercepts: Float64Array.from(model.classifier.intercepts),
      weights: Float64Array.from(model.classifier.weights.flat()),
      scaledRow: new Float64Array(features),
      scores: new Float64Array(Math.max(scoreRows, classCount)),
    };
    packed.set(model, result);
  }
  return result;
}

/**
 * Probabilities as scikit-learn's predict_proba computes them for each link, for
 * `rowCount` rows of `data` (row-major), into `out` (rows × classes). One loop over
 * all rows, with no allocation and no call per row, is what lets plain Math.exp keep
 * up with numpy.
 */
function predictPacked(m: PackedModel, data: Float64Array, rowCount: number, out: Float64Array): void {
  const { features, classes, scoreRows, link, center, scale, intercepts, weights, scaledRow, scores } = m;
  for (let i = 0, input = 0, offset = 0; i < rowCount; i++, input += features, offset += classes) {
    for (let j = 0; j < features; j++) {
      // Subtract, then divide, as StandardScaler/MinMaxScaler.transform do: same rounding.
      const scaled = (data[input + j] - center[j]) / scale[j];
      scaledRow[j] = scaled > SCALED_LIMIT ? SCALED_LIMIT : scaled < -SCALED_LIMIT ? -SCALED_LIMIT : scaled;
    }
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
  const e = Math.exp(score >= 0 ? -score : score);
  return score >= 0 ? 1 / (1 + e) : e / (1 + e);
}

function softmax(scores: Float64Array, classes: number, out: Float64Array, offset: number): void {
  let largest = -Infinity;
  for (let k = 0; k < classes; k++) if (scores[k] > largest) largest = scores[k];
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const e = Math.exp(scores[k] - largest);
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
    const logSigmoid = scores[k] - Math.log1p(Math.exp(scores[k]));
    out[offset + k] = logSigmoid;
    if (logSigmoid > largest) largest = logSigmoid;
  }
  total = 0;
  for (let k = 0; k < classes; k++) {
    out[offset + k] = Math.exp(out[offset + k] - largest);
    total += out[offset + k];
  }
  for (let k = 0; k < classes; k++) out[offset + k] /= total;
}

/** Probabilities of every row of a matrix, row after row in one flat buffer (rows × classes). */
export function predictProba(model: LinearModel, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount);
  const out = new Float64Array(X.rows * classCount);
  predictPacked(m, X.data, X.rows, out);
  return out;
}

/**
 * Index of the most probable class among `count` values from `offset` (one row of a
 * flat batch); the first one wins a tie, as numpy's argmax does.
 */
export function argmax(values: ArrayLike<number>, offset = 0, count = values.length - offset): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** The most probable class of each row of a flat batch. */
export function argmaxRows(probabilities: Float64Array, classCount: number): Int32Array {
  const result = new Int32Array(probabilities.length / classCount);
  for (let i = 0; i < result.length; i++) result[i] = argmax(probabilities, i * classCount, classCount);
  return result;
}
