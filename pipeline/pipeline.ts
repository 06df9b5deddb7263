// scikit-learn's Pipeline([("scaler", …), ("classifier", …)]): fit the scaler on the
// rows, fit the family's classifier on the scaled rows.
import type { Matrix } from './data/matrix.ts';
import { FAMILIES, type FamilyFit, type Params } from './models/families.ts';
import type { LinearModel } from './models/linear/inference.ts';
import { fitScaler, transform, type ScalerKind } from './preprocess/scalers.ts';

export interface PipelineSettings {
  family: string;
  scaler: ScalerKind;
  params: Params;
}

export interface FittedPipeline extends Omit<FamilyFit, 'classifier'> {
  model: LinearModel;
}

export function fitPipeline(X: Matrix, y: Int32Array, classCount: number, settings: PipelineSettings): FittedPipeline {
  const scaler = fitScaler[settings.scaler](X);
  const { classifier, ...fit } = FAMILIES[settings.family].fit(transform(scaler, X), y, classCount, settings.params);
  return { model: { scaler, classifier }, ...fit };
}
