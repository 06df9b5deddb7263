// StandardScaler / MinMaxScaler → the artifact's scaler, as scikit-learn applies them;
// no scaler is the identity ((x - 0) / 1 is x exactly).
import type { ScalerParams } from '../../models/serving-kind.ts';
import type { MinMaxScalerModel, StandardScalerModel } from '../sklearn/types.ts';
import { unsupported } from './unsupported.ts';

export function scalerOf(scaler: StandardScalerModel | MinMaxScalerModel | null, width: number): ScalerParams {
  if (scaler === null) return { kind: 'standard', center: new Array(width).fill(0), scale: new Array(width).fill(1) };
  if (scaler.kind === 'standard_scaler') {
    return { kind: 'standard', center: scaler.mean ? Array.from(scaler.mean) : new Array(width).fill(0), scale: scaler.scale ? Array.from(scaler.scale) : new Array(width).fill(1) };
  }
  if (scaler.clip) unsupported(scaler, 'clip=True is not supported (the kit scales without clipping)');
  if (scaler.scale.some((s) => s === 0)) unsupported(scaler, 'has a scale of 0');
  return { kind: 'minmax', scale: Array.from(scaler.scale), min: Array.from(scaler.min) };
}
