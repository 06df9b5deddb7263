// The model families a grid can name, keyed as the grid names them. Each family is
// one fit module and its parameter rules; all of them produce a linear model that
// models/linear/inference.ts serves.
import type { Matrix } from '../data/matrix.ts';
import type { LinearClassifier } from './linear/classifier.ts';
import { fitLogisticRegression } from './logistic_regression/fit.ts';
import { LOGISTIC_REGRESSION_DEFAULTS, type LogisticRegressionParams } from './logistic_regression/params.ts';
import { fitMlLogisticRegression, ML_LOGISTIC_DEFAULTS, type MlLogisticParams } from './ml_logistic_regression/fit.ts';

export type ParamValue = number | string | boolean | null;
export type Params = Record<string, ParamValue>;

export interface FamilyFit {
  classifier: LinearClassifier;
  iterations: number[];
  converged: boolean;
  /** What the next fit of a warm-started path starts from. */
  solution?: Float64Array[];
}

/** A rule for one parameter: undefined when the value is fine, else what is wrong. */
type Rule = (value: ParamValue) => string | undefined;

export interface ModelFamily {
  defaults: Params;
  rules: Record<string, Rule>;
  /** Problems of a whole setting (one parameter depending on another). */
  check?: (params: Params) => string | undefined;
  /** The parameter along which fits are warm-started, as LogisticRegressionCV does for C. */
  pathParam?: string;
  fit(X: Matrix, y: Int32Array, classCount: number, params: Params, warmStart?: Float64Array[]): FamilyFit;
}

const positiveNumber: Rule = (value) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'expected a positive number');
const positiveInteger: Rule = (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'expected a positive whole number');
const oneOf =
  (...allowed: ParamValue[]): Rule =>
  (value) =>
    allowed.includes(value) ? undefined : `expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;

export const FAMILIES: Record<string, ModelFamily> = {
  logistic_regression: {
    defaults: { ...LOGISTIC_REGRESSION_DEFAULTS },
    rules: {
      C: positiveNumber,
      // scikit-learn 1.2 takes None and "none" alike for no penalty.
      penalty: oneOf('l2', 'l1', 'elasticnet', 'none', null),
      l1_ratio: (value) => (value === null || (typeof value === 'number' && value >= 0 && value <= 1) ? undefined : 'expected a number from 0 to 1, or null'),
      multi_class: oneOf('auto', 'ovr', 'multinomial'),
      tol: positiveNumber,
      max_iter: positiveInteger,
      fit_intercept: oneOf(true, false),
      solver: oneOf('lbfgs', 'liblinear', 'newton-cg', 'newton-cholesky', 'sag', 'saga', null),
    },
    check: (params) => (params.penalty === 'elasticnet' && params.l1_ratio === null ? 'penalty "elasticnet" needs classifier__l1_ratio (a number from 0 to 1)' : undefined),
    pathParam: 'C',
    fit: (X, y, classCount, params, warmStart) => {
      const settings = { ...params, penalty: params.penalty ?? 'none' } as unknown as LogisticRegressionParams;
      return fitLogisticRegression(X, y, classCount, settings, warmStart);
    },
  },
  'ml-logistic-regression': {
    defaults: { ...ML_LOGISTIC_DEFAULTS },
    rules: { numSteps: positiveInteger, learningRate: positiveNumber },
    fit: (X, y, classCount, params) => ({
      classifier: fitMlLogisticRegression(X, y, classCount, params as unknown as MlLogisticParams),
      iterations: [params.numSteps as number],
      converged: true,
    }),
  },
};

export const FAMILY_NAMES = Object.keys(FAMILIES);
