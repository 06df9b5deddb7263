// The artifact's inputs: one numeric input per column the model reads, in its order.
// Their range and moments are --data's when given; else what the scaler knows
// (StandardScaler's mean_ and scale_, MinMaxScaler's data range), else none known: the
// widest range, so no request is warned about being outside it. A SimpleImputer gives
// the input its fill value.
import type { InputSpec } from '../../artifact/model-parts.ts';
import type { ServingSteps } from './steps.ts';
import { unsupported } from './unsupported.ts';

export interface ColumnStats {
  min: number;
  max: number;
  mean: number;
  std: number;
}

/** Range and population moments of a column's finite values (null when it has none). */
export function columnStats(values: readonly number[]): ColumnStats | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of finite) (min = Math.min(min, v), max = Math.max(max, v), (sum += v));
  const mean = sum / finite.length;
  let squares = 0;
  for (const v of finite) squares += (v - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(squares / finite.length) };
}

function scalerStats(steps: ServingSteps, j: number): ColumnStats {
  const { scaler } = steps;
  if (scaler?.kind === 'minmax_scaler') {
    const [low, high] = scaler.featureRange;
    const a = (low - scaler.min[j]) / scaler.scale[j];
    const b = (high - scaler.min[j]) / scaler.scale[j];
    return { min: Math.min(a, b), max: Math.max(a, b), mean: (a + b) / 2, std: 0 };
  }
  const mean = scaler?.kind === 'standard_scaler' && scaler.mean ? scaler.mean[j] : 0;
  const std = scaler?.kind === 'standard_scaler' && scaler.scale ? scaler.scale[j] : 0;
  return { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, mean, std };
}

export function inputsOf(features: readonly string[], steps: ServingSteps, dataStats: (ColumnStats | null)[] | null): InputSpec[] {
  const { imputer } = steps;
  if (imputer) {
    if (imputer.missingValues !== null) unsupported(imputer, `missing_values=${JSON.stringify(imputer.missingValues)} is not supported (the kit imputes missing cells, NaN)`);
    if (imputer.keptColumns.length !== features.length) unsupported(imputer, 'drops a column that was empty at fit: the kit keeps every input');
  }
  return features.map((name, j) => {
    const stats = dataStats?.[j] ?? scalerStats(steps, j);
    const input: InputSpec = { name, type: 'numeric', min: stats.min, max: stats.max, mean: stats.mean, std: stats.std };
    if (imputer) {
      const value = imputer.statistics[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) unsupported(imputer, `column ${j} ("${name}") imputes ${JSON.stringify(value)}, not a number`);
      input.impute = { strategy: imputer.strategy, value };
    }
    return input;
  });
}
