// The one place that turns encoded rows into class probabilities, for every family:
// training (cross-validation, reports), the build's checks and the deployed functions
// all call predictProba, so they cannot disagree.
import type { Matrix } from '../data/matrix.ts';
import type { Classifier } from './classifier.ts';
import { KINDS } from './kinds.ts';
import type { ScalerParams } from './serving-kind.ts';

export interface ScaledModel {
  scaler: ScalerParams;
  classifier: Classifier;
}

/** Probabilities of every row of a matrix, row after row in one flat buffer (rows × classes). */
export function predictProba(model: ScaledModel, X: Matrix, classCount: number): Float64Array {
  return KINDS[model.classifier.kind].predictProba(model, X, classCount);
}
