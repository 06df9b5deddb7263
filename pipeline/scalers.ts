import type { ScalerParams } from './artifact.ts';
import { column, maximum, mean, minimum, populationStd } from './metrics.ts';

/**
 * scikit-learn's StandardScaler: centre on the mean, divide by the population
 * standard deviation (ddof = 0). A constant feature keeps scale 1 so it maps to 0
 * instead of dividing by zero.
 */
export function fitStandardScaler(X: number[][]): ScalerParams {
  const columns = columnIndexes(X).map((j) => column(X, j));
  return {
    kind: 'standard',
    center: columns.map(mean),
    // Decided on min === max, not on std === 0: rounding can leave a constant column a
    // std of 1e-17, which would blow its scaled values up (scikit-learn guards likewise).
    scale: columns.map((values) => (minimum(values) === maximum(values) ? 1 : populationStd(values))),
  };
}

/** scikit-learn's MinMaxScaler with feature_range (0, 1); a constant feature keeps range 1. */
export function fitMinMaxScaler(X: number[][]): ScalerParams {
  const columns = columnIndexes(X).map((j) => column(X, j));
  return {
    kind: 'minmax',
    center: columns.map(minimum),
    scale: columns.map((values) => maximum(values) - minimum(values) || 1),
  };
}

export type ScalerKind = ScalerParams['kind'];

export const fitScaler: Record<ScalerKind, (X: number[][]) => ScalerParams> = {
  standard: fitStandardScaler,
  minmax: fitMinMaxScaler,
};

function columnIndexes(X: number[][]): number[] {
  if (X.length === 0) throw new Error('cannot fit a scaler on zero rows');
  return X[0].map((_, j) => j);
}
