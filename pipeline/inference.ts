// The one place that turns a feature row into class probabilities. Training reports,
// the build's checks and the deployed functions all call this, so they cannot disagree.
import type { ClassifierParams, ScalerParams } from './model-parts.ts';

export interface LinearModel {
  scaler: ScalerParams;
  classifier: ClassifierParams;
}

// A finite input far outside the training data (1e308, say) would overflow the dot
// product to ±Infinity or NaN. Clamping the scaled value keeps every score finite;
// real inputs sit within a few units of 0, so they are never affected.
const SCALED_LIMIT = 1e100;

/** The parameters as typed arrays, made once per model: the hot loops read nothing else. */
interface PackedModel {
  features: number;
  classes: number;
  center: Float64Array;
  scale: Float64Array;
  intercepts: Float64Array;
  /** weights[k * features + j] */
  weights: Float64Array;
  scaledRow: Float64Array;
  scores: Float64Array;
  rowOut: Float64Array;
}

const packed = new WeakMap<LinearModel, PackedModel>();

function pack(model: LinearModel): PackedModel {
  let result = packed.get(model);
  if (!result) {
    const features = model.scaler.center.length;
    const classes = model.classifier.intercepts.length;
    result = {
      features,
      classes,
      center: Float64Array.from(model.scaler.center),
      scale: Float64Array.from(model.scaler.scale),
      intercepts: Float64Array.from(model.classifier.intercepts),
      weights: Float64Array.from(model.classifier.weights.flat()),
      scaledRow: new Float64Array(features),
      scores: new Float64Array(classes),
      rowOut: new Float64Array(classes),
    };
    packed.set(model, result);
  }
  return result;
}

/**
 * One-vs-rest probabilities as scikit-learn computes them: the sigmoid of each
 * class's score, normalized to sum to 1, for every row, into one flat buffer
 * (rows × classes). One loop over all rows, with no allocation and no call per row,
 * is what lets a plain loop of Math.exp keep up with numpy.
 */
function predictPacked(m: PackedModel, rows: readonly ArrayLike<number>[], out: Float64Array): void {
  const { features, classes, center, scale, intercepts, weights, scaledRow, scores } = m;
  for (let i = 0, offset = 0; i < rows.length; i++, offset += classes) {
    const row = rows[i];
    for (let j = 0; j < features; j++) {
      // Subtract, then divide, as StandardScaler/MinMaxScaler.transform do: same rounding.
      const scaled = (row[j] - center[j]) / scale[j];
      scaledRow[j] = scaled > SCALED_LIMIT ? SCALED_LIMIT : scaled < -SCALED_LIMIT ? -SCALED_LIMIT : scaled;
    }
    let total = 0;
    for (let k = 0; k < classes; k++) {
      let score = intercepts[k];
      const base = k * features;
      for (let j = 0; j < features; j++) score += weights[base + j] * scaledRow[j];
      scores[k] = score;
      // Stable sigmoid: exp of a non-positive number only (it cannot overflow), once.
      const e = Math.exp(score >= 0 ? -score : score);
      const sigmoid = score >= 0 ? 1 / (1 + e) : e / (1 + e);
      out[offset + k] = sigmoid;
      total += sigmoid;
    }
    if (total > 1e-300) {
      for (let k = 0; k < classes; k++) out[offset + k] /= total;
    } else {
      normalizeInLogSpace(scores, out, offset);
    }
  }
}

/**
 * When every sigmoid underflows (an input far outside the training data), the plain
 * ratio would be 0/0; in log space it is not.
 */
function normalizeInLogSpace(scores: Float64Array, out: Float64Array, offset: number): void {
  let largest = -Infinity;
  for (let k = 0; k < scores.length; k++) {
    const logSigmoid = scores[k] - Math.log1p(Math.exp(scores[k]));
    out[offset + k] = logSigmoid;
    if (logSigmoid > largest) largest = logSigmoid;
  }
  let total = 0;
  for (let k = 0; k < scores.length; k++) {
    out[offset + k] = Math.exp(out[offset + k] - largest);
    total += out[offset + k];
  }
  for (let k = 0; k < scores.length; k++) out[offset + k] /= total;
}

export function predictProbaRow(model: LinearModel, row: ArrayLike<number>): number[] {
  const m = pack(model);
  predictPacked(m, [row], m.rowOut);
  const result = new Array<number>(m.classes);
  for (let k = 0; k < m.classes; k++) result[k] = m.rowOut[k];
  return result;
}

/** Probabilities of many rows, row after row in one flat buffer (rows × classes). */
export function predictProbaRows(model: LinearModel, rows: readonly ArrayLike<number>[]): Float64Array {
  const m = pack(model);
  const out = new Float64Array(rows.length * m.classes);
  predictPacked(m, rows, out);
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
