// predictProba's regression twin: the one place that turns encoded rows into predicted
// numbers, for every regressor kind — training, reports, batch scoring, the build's
// checks and the deployed functions.
import type { Matrix } from '../data/matrix.ts';
import type { Regressor } from './regressor.ts';
import { REGRESSION_KINDS } from './regression-kinds.ts';
import type { ScalerParams } from './serving-kind.ts';

export interface ScaledRegressor {
  scaler: ScalerParams;
  regressor: Regressor;
}

/** The prediction of every row of a matrix. */
export function predictValues(model: ScaledRegressor, X: Matrix): Float64Array {
  return REGRESSION_KINDS[model.regressor.kind].predict(model, X);
}
