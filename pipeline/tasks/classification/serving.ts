// A classifier's model file, as the functions serve it: its classes, their labels, and
// a classifier of a kind this build serves, shaped for the encoded width and the classes.
import { checkEstimator } from '../../artifact/estimator-check.ts';
import { checkNames, type ClassifierFields, type ScalerParams, type ShapeChecks } from '../../artifact/model-parts.ts';
import { predictProba } from '../../models/inference.ts';
import { KINDS } from '../../models/kinds.ts';

export const classificationServing = {
  check(model: ClassifierFields, width: number, checks: ShapeChecks): void {
    const { expect } = checks;
    expect(model.regressor === undefined && model.targetStats === undefined, 'task', 'a classifier has no regressor nor targetStats');
    if (!model.classes || !model.labelType) return expect(false, 'classes', 'a classifier needs its classes and labelType');
    const classes = model.classes.length;
    expect(classes >= 2, 'classes', 'needs at least 2 entries');
    checkNames('classes', model.classes, checks);
    if (model.labelType === 'integer') {
      model.classes.forEach((label, k) => expect(/^-?(0|[1-9]\d*)$/.test(label) && Number.isSafeInteger(Number(label)), `classes[${k}]`, `"${label}" is not a whole number, but labelType is "integer"`));
    }
    checkEstimator(KINDS, 'classifier', model.classifier, { width, classes }, checks);
  },
  width: (model: ClassifierFields) => model.classes.length,
  outputs: (model: ClassifierFields & { scaler: ScalerParams }, data: Float64Array, rows: number, cols: number) => predictProba(model, { data, rows, cols }, model.classes.length),
};
