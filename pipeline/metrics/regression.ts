// scikit-learn 1.2.1's regression metrics of one target, without sample weights. Sums
// and means are numpy's (pairwise, data/pairwise-sum.ts), so that r2_score's test for a
// constant target (a sum of squares exactly 0) decides as scikit-learn's does.
import { pairwiseSum } from '../data/pairwise-sum.ts';

function requirePairs(y: Float64Array, predicted: Float64Array): number {
  if (y.length !== predicted.length) throw new RangeError(`expected one prediction per target: ${y.length} targets, ${predicted.length} predictions`);
  if (y.length === 0) throw new RangeError('a regression metric needs at least one target');
  return y.length;
}

/**
 * r2_score (force_finite=True): 1 − Σ(y − ŷ)² / Σ(y − ȳ)². A target whose sum of squares
 * about its mean is exactly 0 scores 1.0 when every prediction is exact, else 0.0 (a
 * target of equal values whose mean does not round back to them is not constant). NaN
 * below two rows, as scikit-learn returns with its UndefinedMetricWarning.
 */
export function r2Score(y: Float64Array, predicted: Float64Array): number {
  const n = requirePairs(y, predicted);
  if (n < 2) return NaN;
  const numerator = pairwiseSum((i) => (y[i] - predicted[i]) ** 2, 0, n);
  const mean = pairwiseSum((i) => y[i], 0, n) / n;
  const denominator = pairwiseSum((i) => (y[i] - mean) ** 2, 0, n);
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** mean_squared_error(squared=False): the root of the mean squared error. */
export function rootMeanSquaredError(y: Float64Array, predicted: Float64Array): number {
  const n = requirePairs(y, predicted);
  return Math.sqrt(pairwiseSum((i) => (y[i] - predicted[i]) ** 2, 0, n) / n);
}

export function meanAbsoluteError(y: Float64Array, predicted: Float64Array): number {
  const n = requirePairs(y, predicted);
  return pairwiseSum((i) => Math.abs(predicted[i] - y[i]), 0, n) / n;
}

/** np.median of the absolute errors: the middle one, or the mean of the middle two. */
export function medianAbsoluteError(y: Float64Array, predicted: Float64Array): number {
  const n = requirePairs(y, predicted);
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = Math.abs(predicted[i] - y[i]);
  errors.sort();
  const half = n >> 1;
  return n % 2 === 1 ? errors[half] : (errors[half - 1] + errors[half]) / 2;
}

export function maxError(y: Float64Array, predicted: Float64Array): number {
  const n = requirePairs(y, predicted);
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(y[i] - predicted[i]));
  return largest;
}

export const REGRESSION_METRICS = {
  r2: r2Score,
  rmse: rootMeanSquaredError,
  mae: meanAbsoluteError,
  median_ae: medianAbsoluteError,
  max_error: maxError,
} as const;
