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

/**
 * One-vs-rest probabilities as scikit-learn computes them: the sigmoid of each
 * class's score, normalized to sum to 1 (done in log space so that extreme scores
 * cannot turn into 0/0).
 */
export function predictProbaRow(model: LinearModel, row: ArrayLike<number>): number[] {
  const { center, scale } = model.scaler;
  const { weights, intercepts } = model.classifier;
  const logSigmoids = new Array<number>(intercepts.length);
  let largest = -Infinity;
  for (let k = 0; k < intercepts.length; k++) {
    const classWeights = weights[k];
    let score = intercepts[k];
    for (let j = 0; j < classWeights.length; j++) {
      const scaled = (row[j] - center[j]) / scale[j];
      score += classWeights[j] * Math.min(SCALED_LIMIT, Math.max(-SCALED_LIMIT, scaled));
    }
    const logSigmoid = score >= 0 ? -Math.log1p(Math.exp(-score)) : score - Math.log1p(Math.exp(score));
    logSigmoids[k] = logSigmoid;
    if (logSigmoid > largest) largest = logSigmoid;
  }
  let total = 0;
  for (let k = 0; k < logSigmoids.length; k++) {
    logSigmoids[k] = Math.exp(logSigmoids[k] - largest);
    total += logSigmoids[k];
  }
  for (let k = 0; k < logSigmoids.length; k++) logSigmoids[k] /= total;
  return logSigmoids;
}

/** Index of the most probable class; the first one wins a tie, as numpy's argmax does. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

export function predictRow(model: LinearModel, row: ArrayLike<number>): number {
  return argmax(predictProbaRow(model, row));
}
