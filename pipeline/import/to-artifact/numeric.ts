// Columns all numeric ([SimpleImputer,] [scaler,] classifier) → the artifact's inputs and
// scaler: one numeric input per column the model reads, in its order.
import type { InputSpec } from '../../artifact/model-parts.ts';
import type { SimpleImputerModel } from '../sklearn/types.ts';
import { numericInput, type Preprocessing } from './preprocessing.ts';
import { scalerOf } from './scaler.ts';
import type { NumericScaler } from './steps.ts';

export function numericPreprocessing(names: string[], imputer: SimpleImputerModel | null, scaler: NumericScaler | null): Preprocessing {
  const inputs: InputSpec[] = names.map((name, j) => numericInput(name, j, imputer, scaler));
  return { features: names, inputs, scaler: scalerOf(scaler, names.length), dropped: [] };
}
