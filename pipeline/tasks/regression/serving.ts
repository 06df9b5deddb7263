// A regressor's model file, as the functions serve it: the target's training range, and
// a regressor of a kind this build serves, shaped for the encoded width.
import { checkEstimator } from '../../artifact/estimator-check.ts';
import type { RegressorFields, ScalerParams, ShapeChecks } from '../../artifact/model-parts.ts';
import { predictValues } from '../../models/regression-inference.ts';
import { REGRESSION_KINDS } from '../../models/regression-kinds.ts';

export const regressionServing = {
  check(model: RegressorFields, width: number, checks: ShapeChecks): void {
    const { expect } = checks;
    expect(model.classes === undefined && model.labelType === undefined && model.classifier === undefined, 'task', 'a regressor has no classes, labelType nor classifier');
    const stats = model.targetStats;
    if (!stats) return expect(false, 'targetStats', "a regressor needs the target's training range");
    expect(stats.min <= stats.mean && stats.mean <= stats.max && stats.std >= 0, 'targetStats', 'needs min ≤ mean ≤ max and std ≥ 0');
    checkEstimator(REGRESSION_KINDS, 'regressor', model.regressor, { width }, checks);
  },
  width: () => 1,
  outputs: (model: RegressorFields & { scaler: ScalerParams }, data: Float64Array, rows: number, cols: number) => predictValues(model, { data, rows, cols }),
};
