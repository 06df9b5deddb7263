// What each kind of fitted classifier provides to serve it: its schema in the model
// file, its shape checks, and the one predictProba that turns encoded rows into class
// probabilities. models/kinds.ts lists them; a build keeps only the kind it serves.
import type * as z from 'zod/mini';
import type { Matrix } from '../data/matrix.ts';
import type { ShapeChecks } from '../artifact/model-parts.ts';

/**
 * A fitted scaler of the first scale.length (numeric) encoded columns, as scikit-learn
 * stores and applies it: StandardScaler (x - mean_) / scale_, MinMaxScaler x * scale_ + min_.
 */
export type ScalerParams = { kind: 'standard'; center: number[]; scale: number[]; min?: undefined } | { kind: 'minmax'; scale: number[]; min: number[]; center?: undefined };

export interface ModelOf<C> {
  scaler: ScalerParams;
  classifier: C;
}

/** What the checks know of the model around the classifier. */
export interface ClassifierShape {
  /** Encoded columns: numeric inputs, then one per category. */
  width: number;
  classes: number;
}

export interface ServingKind<C> {
  schema: z.ZodMiniType<C>;
  check(classifier: C, shape: ClassifierShape, checks: ShapeChecks): void;
  /** Probabilities of every row (row-major, rows × classCount), from unscaled encoded rows. */
  predictProba(model: ModelOf<C>, X: Matrix, classCount: number): Float64Array;
}

export interface RegressorOf<R> {
  scaler: ScalerParams;
  regressor: R;
}

/** predictProba's regression twin: what each kind of fitted regressor provides to serve it. */
export interface RegressionKind<R> {
  schema: z.ZodMiniType<R>;
  check(regressor: R, shape: { width: number }, checks: ShapeChecks): void;
  /** The prediction of every row, from unscaled encoded rows. */
  predict(model: RegressorOf<R>, X: Matrix): Float64Array;
}

// A finite input far outside the training data (1e308, say) would overflow sums of
// squares or dot products to ±Infinity or NaN. Clamping the scaled value keeps every
// score finite; real inputs sit within a few units of 0, so they are never affected.
export const SCALED_LIMIT = 1e100;

/**
 * `build` run once per model object, its result kept as long as the model is: each
 * kind turns its JSON parameters into typed arrays (and scratch buffers) on first use,
 * so that predictions read nothing else.
 */
export function packedOnce<M extends object, P>(build: (model: M, classCount: number, width: number) => P): (model: M, classCount: number, width: number) => P {
  const cache = new WeakMap<M, P>();
  return (model, classCount, width) => {
    let packed = cache.get(model);
    if (!packed) {
      packed = build(model, classCount, width);
      cache.set(model, packed);
    }
    return packed;
  };
}

export interface PackedScaler {
  /** MinMaxScaler: x * scale + offset; StandardScaler: (x - offset) / scale. */
  multiplies: boolean;
  offset: Float64Array;
  scale: Float64Array;
}

/** The scaler over all `width` encoded columns: one-hot columns pass through (offset 0, scale 1), so the loop has no branch per column. */
export function packScaler(scaler: ScalerParams, width: number): PackedScaler {
  const offset = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  offset.set(scaler.kind === 'minmax' ? scaler.min : scaler.center);
  scale.set(scaler.scale);
  return { multiplies: scaler.kind === 'minmax', offset, scale };
}

/**
 * Row `row` of `data` (as wide as the packed scaler), scaled into `out` from `outAt` with
 * scikit-learn's own operations in their order (so the same rounding): subtract then
 * divide, or multiply then add; clamped to ±SCALED_LIMIT.
 */
export function scaleRow({ multiplies, offset, scale }: PackedScaler, data: Float64Array, row: number, out: Float64Array, outAt = 0): void {
  const width = scale.length;
  const at = row * width;
  if (multiplies) {
    for (let j = 0; j < width; j++) out[outAt + j] = clamp(data[at + j] * scale[j] + offset[j]);
  } else {
    for (let j = 0; j < width; j++) out[outAt + j] = clamp((data[at + j] - offset[j]) / scale[j]);
  }
}

function clamp(scaled: number): number {
  return scaled > SCALED_LIMIT ? SCALED_LIMIT : scaled < -SCALED_LIMIT ? -SCALED_LIMIT : scaled;
}
