// The model families a grid can name, keyed as the grid names them (the seed
// notebook's names). Each family is one fit module, its parameters with scikit-learn's
// names and defaults, and the kind of classifier it produces (models/kinds.ts serves it).
import type { Matrix } from '../data/matrix.ts';
import type { Classifier } from './classifier.ts';
import { DECISION_TREE_DEFAULTS, fitDecisionTree } from './decision_tree/fit.ts';
import type { TreeParams } from './decision_tree/grow.ts';
import { fitKnn, KNN_DEFAULTS, type KnnParams } from './knn/fit.ts';
import { fitGaussianNb, GAUSSIAN_NB_DEFAULTS, type GaussianNbParams } from './naive_bayes/fit.ts';
import { fitRandomForest, RANDOM_FOREST_DEFAULTS, type RandomForestParams } from './random_forest/fit.ts';
import { fitSvc, SVC_DEFAULTS, type SvcParams } from './svc/fit.ts';
import { fitLogisticRegression } from './logistic_regression/fit.ts';
import { LOGISTIC_REGRESSION_DEFAULTS, type LogisticRegressionParams } from './logistic_regression/params.ts';
import { fitMlLogisticRegression, ML_LOGISTIC_DEFAULTS, type MlLogisticParams } from './ml_logistic_regression/fit.ts';

export type ParamValue = number | string | boolean | null;
export type Params = Record<string, ParamValue>;

export interface FamilyFit {
  classifier: Classifier;
  /** Impurity-based feature_importances_ per encoded column (trees and forests). */
  importances?: number[];
  iterations: number[];
  converged: boolean;
}

/** A rule for one parameter: undefined when the value is fine, else what is wrong. */
export type Rule = (value: ParamValue) => string | undefined;

export interface FitContext {
  /** random_state when the setting leaves it null: the run's --seed. */
  seed: number;
}

export interface ModelFamily {
  defaults: Params;
  rules: Record<string, Rule>;
  /** Problems of a whole setting (one parameter depending on another). */
  check?: (params: Params) => string | undefined;
  fit(X: Matrix, y: Int32Array, classCount: number, params: Params, context: FitContext): FamilyFit;
  /** A rough guess of one fit's work, relative to the others, only to order the search's queue. */
  cost: (params: Params) => number;
  /** See tasks/task.ts FamilySpec.rowsExponent. */
  rowsExponent?: number;
  /** npm packages its fit uses, recorded in the artifact's provenance (the kit's own solvers need none). */
  packages?: readonly string[];
}

const positiveNumber: Rule = (value) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'expected a positive number');
export const positiveInteger: Rule = (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'expected a positive whole number');
export const oneOf =
  (...allowed: ParamValue[]): Rule =>
  (value) =>
    allowed.includes(value) ? undefined : `expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;

const wholeNumberFrom =
  (least: number): Rule =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= least ? undefined : `expected a whole number of at least ${least}`;
const anyNumber: Rule = (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number');
export const seedRule: Rule = (value) => (value === null || (Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 32) ? undefined : 'expected null (the run\'s --seed) or a whole number from 0 to 2^32 - 1');
const maxDepth: Rule = (value) => (value === null ? undefined : wholeNumberFrom(1)(value) && 'expected null (no limit) or a whole number of at least 1');
const maxFeatures: Rule = (value) =>
  value === null || value === 'sqrt' || value === 'log2' || (Number.isSafeInteger(value) && (value as number) >= 1) || (typeof value === 'number' && value > 0 && value < 1)
    ? undefined
    : 'expected null (all), "sqrt", "log2", a whole number of at least 1, or a fraction between 0 and 1';
const treeRules: Record<string, Rule> = {
  criterion: oneOf('gini', 'entropy', 'log_loss'),
  max_depth: maxDepth,
  min_samples_split: wholeNumberFrom(2),
  min_samples_leaf: wholeNumberFrom(1),
  max_features: maxFeatures,
  random_state: seedRule,
};
// random_state as scikit-learn's RandomState takes it (0 to 2^32 - 1); the run's --seed may be any integer and wraps to 32 bits.
export const seedOf = (params: Params, context: FitContext) => (params.random_state as number | null) ?? context.seed >>> 0;

export const FAMILIES: Record<string, ModelFamily> = {
  knn: {
    defaults: { ...KNN_DEFAULTS, algorithm: 'auto', leaf_size: 30 },
    rules: {
      n_neighbors: positiveInteger,
      p: (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 1 ? undefined : 'expected a number of at least 1'),
      weights: oneOf('uniform'),
      metric: oneOf('minkowski'),
      // Accepted so that a notebook's grid reads as written; the kit always answers as algorithm="brute"
      // does (scikit-learn's kd-tree and ball tree can break a distance tie at the k-th neighbour otherwise).
      algorithm: oneOf('auto', 'ball_tree', 'kd_tree', 'brute'),
      leaf_size: positiveInteger,
    },
    fit: (X, y, _classCount, params) => ({ classifier: fitKnn(X, y, params as unknown as KnnParams), iterations: [], converged: true }),
    // Scoring a fold compares every test row with every training row.
    cost: () => 3,
  },
  svc: {
    defaults: { ...SVC_DEFAULTS, probability: true, shrinking: true, random_state: null },
    rules: {
      C: positiveNumber,
      kernel: oneOf('rbf', 'poly', 'linear', 'sigmoid'),
      degree: wholeNumberFrom(0),
      gamma: (value) => (value === 'scale' || value === 'auto' || (typeof value === 'number' && value > 0) ? undefined : 'expected "scale", "auto" or a positive number'),
      coef0: anyNumber,
      tol: positiveNumber,
      max_iter: (value) => (value === -1 || (Number.isSafeInteger(value) && (value as number) >= 1) ? undefined : 'expected -1 (no limit) or a whole number of at least 1'),
      // The kit always serves probabilities, and shrinking only changes how fast the optimum is found.
      probability: oneOf(true),
      shrinking: oneOf(true, false),
      random_state: seedRule,
    },
    fit: (X, y, classCount, params, context) => fitSvc(X, y, classCount, params as unknown as SvcParams, seedOf(params, context)),
    // Six SMO solves per pair (Platt's five folds and the fit); larger C and higher degrees take more iterations.
    cost: (params) => 100 * (3 + Math.log10(params.C as number)) * (params.kernel === 'poly' ? (params.degree as number) : 1),
    // SMO's kernel evaluations grow with about the square of the rows (measured: 1.6–1.9 from 50 to 450 rows); the others' fixed costs still count at those sizes.
    rowsExponent: 1.8,
  },
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
    fit: (X, y, classCount, params, context) => {
      const settings = { ...params, penalty: params.penalty ?? 'none' } as unknown as LogisticRegressionParams;
      return fitLogisticRegression(X, y, classCount, settings);
    },
    cost: () => 5,
  },
  random_forest: {
    defaults: { ...RANDOM_FOREST_DEFAULTS, random_state: null },
    rules: { ...treeRules, n_estimators: positiveInteger, bootstrap: oneOf(true, false) },
    fit: (X, y, classCount, params, context) => ({ ...fitRandomForest(X, y, classCount, params as unknown as RandomForestParams, seedOf(params, context)), iterations: [], converged: true }),
    cost: (params) => params.n_estimators as number,
  },
  decision_tree: {
    defaults: { ...DECISION_TREE_DEFAULTS, random_state: null },
    rules: treeRules,
    fit: (X, y, classCount, params, context) => ({ ...fitDecisionTree(X, y, classCount, params as unknown as TreeParams, seedOf(params, context)), iterations: [], converged: true }),
    cost: () => 2,
  },
  naive_bayes: {
    defaults: { ...GAUSSIAN_NB_DEFAULTS },
    rules: { var_smoothing: (value) => (typeof value === 'number' && value >= 0 && Number.isFinite(value) ? undefined : 'expected a number of at least 0') },
    fit: (X, y, classCount, params) => ({ classifier: fitGaussianNb(X, y, classCount, params as unknown as GaussianNbParams), iterations: [], converged: true }),
    cost: () => 1,
  },
  'ml-logistic-regression': {
    defaults: { ...ML_LOGISTIC_DEFAULTS },
    rules: { numSteps: positiveInteger, learningRate: positiveNumber },
    fit: (X, y, classCount, params) => ({
      classifier: fitMlLogisticRegression(X, y, classCount, params as unknown as MlLogisticParams),
      iterations: [params.numSteps as number],
      converged: true,
    }),
    cost: () => 1,
    packages: ['ml-logistic-regression', 'ml-matrix'],
  },
};

export const FAMILY_NAMES = Object.keys(FAMILIES);
