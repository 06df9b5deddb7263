// scikit-learn's Pipeline([("columns", ColumnTransformer(…)), ("classifier", …)]): fit
// the imputers and the encoder on the rows, the grid's scaler on the encoded numbers,
// then the family's classifier on the scaled rows.
import type { InputSpec } from './artifact/model-parts.ts';
import type { Matrix } from './data/matrix.ts';
import { FAMILIES, type FamilyFit, type Params } from './models/families.ts';
import { predictProba, type ScaledModel } from './models/inference.ts';
import { fitColumnTransformer, type ColumnPlan } from './preprocess/column-transformer.ts';
import { encodeTable, numericWidth } from './preprocess/encode.ts';
import { fitScaler, transform, type ScalerKind } from './preprocess/scalers.ts';

export interface PipelineSettings {
  family: string;
  scaler: ScalerKind;
  params: Params;
}

export interface FittedModel extends ScaledModel {
  inputs: InputSpec[];
}

export interface FittedPipeline extends Omit<FamilyFit, 'classifier'> {
  model: FittedModel;
}

/** The preprocessing of a pipeline fitted on `X`: its inputs, and the encoded, scaled rows with their scaler. */
export function fitPreprocessing(X: Matrix, plan: ColumnPlan, scalerKind: ScalerKind) {
  const inputs = fitColumnTransformer(X, plan);
  const encoded = encodeTable(inputs, plan.columns, X);
  const scaler = fitScaler[scalerKind](encoded, numericWidth(inputs));
  return { inputs, scaler, scaled: transform(scaler, encoded) };
}

export function fitPipeline(X: Matrix, y: Int32Array, classCount: number, settings: PipelineSettings, plan: ColumnPlan, seed: number): FittedPipeline {
  const { inputs, scaler, scaled } = fitPreprocessing(X, plan, settings.scaler);
  const { classifier, ...fit } = FAMILIES[settings.family].fit(scaled, y, classCount, settings.params, { seed });
  return { model: { inputs, scaler, classifier }, ...fit };
}

/** Probabilities of raw table rows (numbers and category codes), through the fitted model. */
export function predictTable(model: FittedModel, plan: ColumnPlan, X: Matrix, classCount: number): Float64Array {
  return predictProba(model, encodeTable(model.inputs, plan.columns, X), classCount);
}
