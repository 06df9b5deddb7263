// The regression families a grid can name: FAMILIES' twin for a numeric target. Each is
// one fit with scikit-learn 1.2.1's parameter names and defaults, producing one of the
// kinds in models/regression-kinds.ts (the four linear ones share linear_regression).
import type { Matrix } from '../data/matrix.ts';
import { DECISION_TREE_REGRESSOR_DEFAULTS, fitDecisionTreeRegressor } from './decision_tree/fit.ts';
import type { TreeParams } from './decision_tree/grow.ts';
import { FAMILIES, oneOf, positiveInteger, seedOf, seedRule, type Params, type Rule } from './families.ts';
import type { KnnParams } from './knn/fit.ts';
import { fitKnnRegressor } from './knn/regression.ts';
import {
  ELASTIC_NET_DEFAULTS,
  fitElasticNet,
  fitLinearRegression,
  fitRidge,
  LASSO_DEFAULTS,
  LINEAR_REGRESSION_DEFAULTS,
  RIDGE_DEFAULTS,
  type ElasticNetParams,
  type LinearRegressionParams,
  type RidgeParams,
} from './linear_regression/fit.ts';
import { fitRandomForestRegressor, RANDOM_FOREST_REGRESSOR_DEFAULTS, type RandomForestParams } from './random_forest/fit.ts';
import type { Regressor } from './regressor.ts';
import { fitSvr, SVR_DEFAULTS, type SvrParams } from './svr/fit.ts';

export interface RegressionFit {
  regressor: Regressor;
  /** Coordinate descent's or SVR's n_iter_ (empty for the direct solvers and KNN). */
  iterations: number[];
  /** False where scikit-learn warns ConvergenceWarning (max_iter reached). */
  converged: boolean;
  /** Impurity-based feature_importances_ per encoded column (trees and forests). */
  importances?: number[];
}

export interface RegressionFamily {
  defaults: Params;
  rules: Record<string, Rule>;
  check?: (params: Params) => string | undefined;
  /** X is the scaled encoded rows, y the targets. */
  fit(X: Matrix, y: Float64Array, params: Params, context: { seed: number }): RegressionFit;
  /** A rough guess of one fit's work, relative to the others (and to FAMILIES'), only to order the search's queue. */
  cost: (params: Params) => number;
  rowsExponent?: number;
  packages?: readonly string[];
}

const numberFromZero: Rule = (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'expected a number of at least 0');
const fraction: Rule = (value) => (typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'expected a number from 0 to 1');
const yesOrNo = oneOf(true, false);
// Accepted so that a notebook's settings read as written; they change nothing in a fit.
const noEffect = {
  copy_X: yesOrNo,
  n_jobs: (value: Params[string]) => (value === null || Number.isSafeInteger(value) ? undefined : 'expected null or a whole number'),
};

const coordinateDescentRules: Record<string, Rule> = {
  alpha: numberFromZero,
  fit_intercept: yesOrNo,
  max_iter: positiveInteger,
  tol: numberFromZero,
  positive: yesOrNo,
  copy_X: yesOrNo,
  // The Gram-matrix variant, a warm start and random coordinate order reach the same
  // optimum by other paths (other iteration counts): the kit runs scikit-learn's default path.
  precompute: oneOf(false),
  warm_start: oneOf(false),
  selection: oneOf('cyclic'),
  random_state: seedRule,
};

// SVC's rules for the parameters SVR shares with it (SVR has no probability nor random_state).
const { C, kernel, degree, gamma, coef0, tol, max_iter, shrinking } = FAMILIES.svc.rules;
const svcRules = { C, kernel, degree, gamma, coef0, tol, max_iter, shrinking };

// Coordinate descent's work grows with max_iter in the worst case; most fits stop within tens of sweeps.
const descentCost = (params: Params) => 2 + Math.log10(params.max_iter as number);

// The classifiers' tree parameters, with the regressors' one criterion (MSE; friedman_mse, absolute_error and poisson are not in the kit).
const squaredError = { criterion: oneOf('squared_error') };
// Measured on Boston housing (404 rows, 13 columns): a regression tree takes about 1.5
// times a classifier's (cost 2 in FAMILIES; its sort keeps scikit-learn's order of ties),
// a forest's tree twice a classifier forest's with "sqrt", six times trying every feature
// (the default), in proportion to the share of features tried for a fraction.
const TREE_REGRESSION_COST = () => 3;
const forestTreeCost = (maxFeatures: Params[string]) =>
  maxFeatures === 'sqrt' || maxFeatures === 'log2' ? 2 : typeof maxFeatures === 'number' && maxFeatures < 1 ? Math.max(2, 6 * maxFeatures) : 6;

export const REGRESSION_FAMILIES: Record<string, RegressionFamily> = {
  linear_regression: {
    defaults: { ...LINEAR_REGRESSION_DEFAULTS, copy_X: true, n_jobs: null, positive: false },
    // positive=True is scipy's nnls, which the kit does not have.
    rules: { fit_intercept: yesOrNo, positive: oneOf(false), ...noEffect },
    fit: (X, y, params) => fitLinearRegression(X, y, params as unknown as LinearRegressionParams),
    cost: () => 1,
  },
  ridge: {
    defaults: { ...RIDGE_DEFAULTS, copy_X: true, max_iter: null, tol: 1e-4, positive: false, random_state: null },
    rules: {
      alpha: numberFromZero,
      fit_intercept: yesOrNo,
      // The direct solvers; "auto" is cholesky for dense data. The iterative ones approximate the same solution.
      solver: oneOf('auto', 'cholesky', 'svd'),
      // Used only by the iterative solvers.
      max_iter: (value) => (value === null ? undefined : positiveInteger(value) && 'expected null or a positive whole number'),
      tol: numberFromZero,
      // positive=True is lbfgs with bounds, which the kit does not have.
      positive: oneOf(false),
      copy_X: yesOrNo,
      random_state: seedRule,
    },
    fit: (X, y, params) => fitRidge(X, y, params as unknown as RidgeParams),
    cost: () => 1,
  },
  lasso: {
    defaults: { ...LASSO_DEFAULTS, precompute: false, copy_X: true, warm_start: false, random_state: null, selection: 'cyclic' },
    rules: coordinateDescentRules,
    fit: (X, y, params) => fitElasticNet(X, y, { ...(params as unknown as ElasticNetParams), l1_ratio: 1 }),
    cost: descentCost,
  },
  elastic_net: {
    defaults: { ...ELASTIC_NET_DEFAULTS, precompute: false, copy_X: true, warm_start: false, random_state: null, selection: 'cyclic' },
    rules: { ...coordinateDescentRules, l1_ratio: fraction },
    fit: (X, y, params) => fitElasticNet(X, y, params as unknown as ElasticNetParams),
    cost: descentCost,
  },
  knn: {
    // KNeighborsRegressor's parameters are KNeighborsClassifier's.
    defaults: FAMILIES.knn.defaults,
    rules: FAMILIES.knn.rules,
    fit: (X, y, params) => ({ regressor: fitKnnRegressor(X, y, params as unknown as KnnParams), iterations: [], converged: true }),
    cost: FAMILIES.knn.cost,
  },
  svr: {
    defaults: { ...SVR_DEFAULTS, cache_size: 200, verbose: false },
    rules: {
      ...svcRules,
      epsilon: numberFromZero,
      // libsvm's kernel cache in MB and its progress output: neither changes a fit.
      cache_size: (value) => (typeof value === 'number' && value > 0 ? undefined : 'expected a positive number'),
      verbose: yesOrNo,
    },
    fit: (X, y, params) => fitSvr(X, y, params as unknown as SvrParams),
    // One SMO solve over twice the rows (SVC runs six per pair of classes); larger C and higher degrees take more iterations.
    cost: (params) => 50 * Math.max(1, 3 + Math.log10(params.C as number)) * (params.kernel === 'poly' ? (params.degree as number) : 1),
    rowsExponent: 1.8,
  },
  decision_tree: {
    defaults: { ...DECISION_TREE_REGRESSOR_DEFAULTS, random_state: null },
    rules: { ...FAMILIES.decision_tree.rules, ...squaredError },
    fit: (X, y, params, context) => ({ ...fitDecisionTreeRegressor(X, y, params as unknown as TreeParams, seedOf(params, context)), iterations: [], converged: true }),
    cost: TREE_REGRESSION_COST,
  },
  random_forest: {
    // max_features null: scikit-learn's default 1.0, every feature (see RANDOM_FOREST_REGRESSOR_DEFAULTS).
    defaults: { ...RANDOM_FOREST_REGRESSOR_DEFAULTS, random_state: null },
    rules: { ...FAMILIES.random_forest.rules, ...squaredError },
    fit: (X, y, params, context) => ({ ...fitRandomForestRegressor(X, y, params as unknown as RandomForestParams, seedOf(params, context)), iterations: [], converged: true }),
    cost: (params) => (params.n_estimators as number) * forestTreeCost(params.max_features),
  },
};

export const REGRESSION_FAMILY_NAMES = Object.keys(REGRESSION_FAMILIES);
