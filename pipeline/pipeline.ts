// scikit-learn's Pipeline([("columns", ColumnTransformer(…)), ("classifier" or
// "regressor", …)]): fit the imputers and the encoder on the rows, the grid's scaler on
// the encoded numbers, then the family's estimator (the task's) on the scaled rows.
import type { InputSpec } from './artifact/model-parts.ts';
import type { Matrix } from './data/matrix.ts';
import type { Params } from './models/families.ts';
import type { ScalerParams } from './models/serving-kind.ts';
import { fitColumnTransformer, type ColumnPlan } from './preprocess/column-transformer.ts';
import { encodeTable, numericWidth } from './preprocess/encode.ts';
import { fitScaler, transform, type ScalerKind } from './preprocess/scalers.ts';
import type { Target, Task } from './tasks/task.ts';

export interface PipelineSettings {
  family: string;
  scaler: ScalerKind;
  params: Params;
}

export interface FittedPipeline {
  inputs: InputSpec[];
  scaler: ScalerParams;
  /** The classifier or regressor as the artifact stores it. */
  estimator: { kind: string };
  iterations: number[];
  converged: boolean;
  importances?: number[];
  /** Outputs (probabilities, or predictions) of raw table rows: numbers, date epochs and category codes. */
  outputs(X: Matrix): Float64Array;
}

/** The preprocessing of a pipeline fitted on `X`: its inputs, and the encoded, scaled rows with their scaler. */
export function fitPreprocessing(X: Matrix, plan: ColumnPlan, scalerKind: ScalerKind) {
  const inputs = fitColumnTransformer(X, plan);
  const encoded = encodeTable(inputs, plan.columns, X);
  const scaler = fitScaler[scalerKind](encoded, numericWidth(inputs));
  return { inputs, scaler, scaled: transform(scaler, encoded) };
}

export function fitPipeline(X: Matrix, y: Target, task: Task, settings: PipelineSettings, plan: ColumnPlan, seed: number): FittedPipeline {
  const { inputs, scaler, scaled } = fitPreprocessing(X, plan, settings.scaler);
  const { outputs, ...fit } = task.fit(settings.family, scaled, y, settings.params, { seed });
  return { inputs, scaler, ...fit, outputs: (rows) => outputs(scaler, encodeTable(inputs, plan.columns, rows)) };
}
