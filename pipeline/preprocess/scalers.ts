import type { Matrix } from '../data/matrix.ts';
import type { ScalerParams } from '../models/serving-kind.ts';

export type ScalerKind = ScalerParams['kind'];
export const SCALER_KINDS: readonly ScalerKind[] = ['standard', 'minmax'];

/** Per-column minimum, maximum and mean over the rows of a matrix, in one pass. */
export function columnSummary(X: Matrix) {
  if (X.rows === 0) throw new Error('cannot fit a scaler on zero rows');
  const { data, rows, cols } = X;
  const min = new Float64Array(cols).fill(Infinity);
  const max = new Float64Array(cols).fill(-Infinity);
  const sum = new Float64Array(cols);
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    for (let j = 0; j < cols; j++) {
      const value = data[offset + j];
      if (value < min[j]) min[j] = value;
      if (value > max[j]) max[j] = value;
      sum[j] += value;
    }
  }
  const mean = sum.map((total) => total / rows);
  return { min, max, mean };
}

/** Population standard deviation (ddof = 0) of each column around `mean`. */
export function columnStd(X: Matrix, mean: Float64Array): Float64Array {
  const { data, rows, cols } = X;
  const squares = new Float64Array(cols);
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    for (let j = 0; j < cols; j++) {
      const deviation = data[offset + j] - mean[j];
      squares[j] += deviation * deviation;
    }
  }
  return squares.map((total) => Math.sqrt(total / rows));
}

/**
 * scikit-learn's StandardScaler: centre on the mean, divide by the population
 * standard deviation. A constant feature keeps scale 1 so it maps to 0 instead of
 * dividing by zero (decided on min === max, not std === 0: rounding can leave a
 * constant column a std of 1e-17, which would blow its scaled values up).
 */
export function fitStandardScaler(X: Matrix, columns = X.cols): ScalerParams {
  const { min, max, mean } = columnSummary(X);
  const std = columnStd(X, mean);
  return { kind: 'standard', center: Array.from(mean.subarray(0, columns)), scale: Array.from(std.subarray(0, columns), (value, j) => (min[j] === max[j] ? 1 : value)) };
}

/** scikit-learn's MinMaxScaler with feature_range (0, 1); a constant feature keeps range 1. */
export function fitMinMaxScaler(X: Matrix, columns = X.cols): ScalerParams {
  const { min, max } = columnSummary(X);
  return { kind: 'minmax', center: Array.from(min.subarray(0, columns)), scale: Array.from(min.subarray(0, columns), (low, j) => max[j] - low || 1) };
}

/** A scaler for the first `columns` columns (the numeric inputs; one-hot columns pass through). */
export const fitScaler: Record<ScalerKind, (X: Matrix, columns?: number) => ScalerParams> = {
  standard: fitStandardScaler,
  minmax: fitMinMaxScaler,
};

/** (x - center) / scale into a new matrix: subtract, then divide, as scikit-learn does; columns past the scaler's are copied. */
export function transform(scaler: ScalerParams, X: Matrix): Matrix {
  const { data, rows, cols } = X;
  const out = new Float64Array(data);
  const center = Float64Array.from(scaler.center);
  const scale = Float64Array.from(scaler.scale);
  const scaled = center.length;
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    for (let j = 0; j < scaled; j++) out[offset + j] = (data[offset + j] - center[j]) / scale[j];
  }
  return { data: out, rows, cols };
}
