// What the model's preprocessing becomes in the artifact: its features (in the kit's
// encoded order: numeric inputs, then categorical ones), their inputs, the scaler, and
// the input columns it drops. One module per kind: numeric.ts, column-transformer.ts.
// A numeric input's range and moments are what the scaler knows (StandardScaler's mean_
// and scale_, MinMaxScaler's data range), else none: the widest range, so no request is
// warned about being outside it; --data replaces them with its own (sample.ts).
import type { InputSpec } from '../../artifact/model-parts.ts';
import type { ScalerParams } from '../../models/serving-kind.ts';
import type { SimpleImputerModel } from '../sklearn/types.ts';
import type { NumericScaler } from './steps.ts';
import { unsupported } from './unsupported.ts';

export interface Preprocessing {
  features: string[];
  inputs: InputSpec[];
  scaler: ScalerParams;
  /** Input columns the model reads but drops (a ColumnTransformer's): accepted and ignored. */
  dropped: string[];
}

function scalerStats(scaler: NumericScaler | null, j: number) {
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

export function checkImputer(imputer: SimpleImputerModel, width: number): void {
  if (imputer.missingValues !== null) unsupported(imputer, `missing_values=${JSON.stringify(imputer.missingValues)} is not supported (the kit imputes missing cells, NaN)`);
  if (imputer.keptColumns.length !== width) unsupported(imputer, 'drops a column that was empty at fit: the kit keeps every input');
}

/** Column `j` of an imputer and scaler as the kit's numeric input `name`. */
export function numericInput(name: string, j: number, imputer: SimpleImputerModel | null, scaler: NumericScaler | null): InputSpec {
  const input: InputSpec = { name, type: 'numeric', ...scalerStats(scaler, j) };
  if (imputer) {
    checkImputer(imputer, imputer.statistics.length);
    const value = imputer.statistics[j];
    if (typeof value !== 'number' || !Number.isFinite(value)) unsupported(imputer, `column ${j} ("${name}") imputes ${JSON.stringify(value)}, not a number`);
    input.impute = { strategy: imputer.strategy, value };
  }
  return input;
}
