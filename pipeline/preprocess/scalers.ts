// scikit-learn 1.2's StandardScaler and MinMaxScaler, fitted as they fit (the same
// statistics, the same rules for near-constant columns) and applied through the one
// scaleRow that the served model uses (models/serving-kind.ts).
import type { Matrix } from '../data/matrix.ts';
import { packScaler, scaleRow, type ScalerParams } from '../models/serving-kind.ts';

export type ScalerKind = ScalerParams['kind'];
export const SCALER_KINDS: readonly ScalerKind[] = ['standard', 'minmax'];

const EPSILON = 2.220446049250313e-16;

function requireRows(X: Matrix): void {
  if (X.rows === 0) throw new Error('cannot fit a scaler on zero rows');
}

/**
 * scikit-learn's _handle_zeros_in_scale: a scale of (nearly) 0 becomes 1, so that a
 * constant column maps to a constant instead of dividing by zero.
 */
function handleZerosInScale(scale: number, constant = scale < 10 * EPSILON): number {
  return constant ? 1 : scale;
}

/**
 * StandardScaler: the mean, and the population standard deviation (ddof = 0) from
 * _incremental_mean_and_var's corrected two-pass sums. A column whose variance is
 * within rounding of 0 (_is_constant_feature: var <= n·eps·var + (n·mean·eps)²) keeps
 * scale 1, as scikit-learn decides it on the raw variance.
 */
export function fitStandardScaler(X: Matrix, columns = X.cols): ScalerParams {
  requireRows(X);
  const { data, rows, cols } = X;
  const sum = new Float64Array(columns);
  for (let i = 0, at = 0; i < rows; i++, at += cols) for (let j = 0; j < columns; j++) sum[j] += data[at + j];
  const correction = new Float64Array(columns);
  const squares = new Float64Array(columns);
  for (let i = 0, at = 0; i < rows; i++, at += cols) {
    for (let j = 0; j < columns; j++) {
      const deviation = data[at + j] - sum[j] / rows;
      correction[j] += deviation;
      squares[j] += deviation * deviation;
    }
  }
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < columns; j++) {
    const mean = sum[j] / rows;
    const variance = (squares[j] - (correction[j] * correction[j]) / rows) / rows;
    const constant = variance <= rows * EPSILON * variance + (rows * mean * EPSILON) ** 2;
    center.push(mean);
    scale.push(handleZerosInScale(Math.sqrt(variance), constant));
  }
  return { kind: 'standard', center, scale };
}

/** MinMaxScaler(feature_range=(0, 1)): scale_ = 1 / range (a range below 10·eps counts as 1), min_ = −data_min · scale_. */
export function fitMinMaxScaler(X: Matrix, columns = X.cols): ScalerParams {
  requireRows(X);
  const { data, rows, cols } = X;
  const low = new Float64Array(columns).fill(Infinity);
  const high = new Float64Array(columns).fill(-Infinity);
  for (let i = 0, at = 0; i < rows; i++, at += cols) {
    for (let j = 0; j < columns; j++) {
      const value = data[at + j];
      if (value < low[j]) low[j] = value;
      if (value > high[j]) high[j] = value;
    }
  }
  const scale: number[] = [];
  const min: number[] = [];
  for (let j = 0; j < columns; j++) {
    const factor = 1 / handleZerosInScale(high[j] - low[j]);
    scale.push(factor);
    min.push(0 - low[j] * factor);
  }
  return { kind: 'minmax', scale, min };
}

/** A scaler for the first `columns` columns (the numeric inputs; one-hot columns pass through). */
export const fitScaler: Record<ScalerKind, (X: Matrix, columns?: number) => ScalerParams> = {
  standard: fitStandardScaler,
  minmax: fitMinMaxScaler,
};

/** The scaled copy of a matrix, row by row through the served model's scaleRow; columns past the scaler's pass through. */
export function transform(scaler: ScalerParams, X: Matrix): Matrix {
  const { data, rows, cols } = X;
  const packed = packScaler(scaler, cols);
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) scaleRow(packed, data, i, out, i * cols);
  return { data: out, rows, cols };
}
