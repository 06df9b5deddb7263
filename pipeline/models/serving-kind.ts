// What each kind of fitted classifier provides to serve it: its schema in the model
// file, its shape checks, and the one predictProba that turns encoded rows into class
// probabilities. models/kinds.ts lists them; a build keeps only the kind it serves.
import type * as z from 'zod/mini';
import type { Matrix } from '../data/matrix.ts';
import type { ShapeChecks } from '../artifact/model-parts.ts';

export interface ScalerParams {
  kind: 'standard' | 'minmax';
  /** Transformed value = (x - center) / scale, for the first center.length (numeric) columns. */
  center: number[];
  scale: number[];
}

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
  center: Float64Array;
  scale: Float64Array;
}

/** The scaler over all `width` encoded columns: one-hot columns pass through as (x - 0) / 1, so the loop has no branch. */
export function packScaler(scaler: ScalerParams, width: number): PackedScaler {
  const center = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  center.set(scaler.center);
  scale.set(scaler.scale);
  return { center, scale };
}

/** Row `row` of `data`, scaled into `out`: subtract, then divide, as the scalers' transform does. */
export function scaleRow({ center, scale }: PackedScaler, data: Float64Array, row: number, out: Float64Array): void {
  const width = out.length;
  for (let j = 0, at = row * width; j < width; j++, at++) {
    const scaled = (data[at] - center[j]) / scale[j];
    out[j] = scaled > SCALED_LIMIT ? SCALED_LIMIT : scaled < -SCALED_LIMIT ? -SCALED_LIMIT : scaled;
  }
}
