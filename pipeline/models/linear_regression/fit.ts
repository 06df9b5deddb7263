// LinearRegression, Ridge, Lasso and ElasticNet as scikit-learn 1.2.1 fits them on dense
// X without sample weights: center (center.ts), solve, then intercept_ = ȳ − x̄ · coef_.
// All four produce the one linear_regression kind (inference.ts serves it).
import type { Matrix } from '../../data/matrix.ts';
import { centerData, interceptOf, type Centered } from './center.ts';
import { enetCoordinateDescent } from './coordinate-descent.ts';
import type { LinearRegressor } from './inference.ts';
import { solveRidge, type RidgeSolver } from './ridge.ts';
import { leastSquares } from './svd.ts';

export interface LinearRegressionParams {
  fit_intercept: boolean;
}
export interface RidgeParams {
  alpha: number;
  fit_intercept: boolean;
  /** "auto" is cholesky for dense X. */
  solver: 'auto' | RidgeSolver;
}
export interface ElasticNetParams {
  alpha: number;
  l1_ratio: number;
  fit_intercept: boolean;
  max_iter: number;
  tol: number;
  positive: boolean;
}

export const LINEAR_REGRESSION_DEFAULTS: LinearRegressionParams = { fit_intercept: true };
export const RIDGE_DEFAULTS: RidgeParams = { alpha: 1, fit_intercept: true, solver: 'auto' };
export const ELASTIC_NET_DEFAULTS: ElasticNetParams = { alpha: 1, l1_ratio: 0.5, fit_intercept: true, max_iter: 1000, tol: 1e-4, positive: false };
/** Lasso is ElasticNet with l1_ratio 1. */
export const LASSO_DEFAULTS: Omit<ElasticNetParams, 'l1_ratio'> = { alpha: 1, fit_intercept: true, max_iter: 1000, tol: 1e-4, positive: false };

export interface RegressorFit {
  regressor: LinearRegressor;
  /** Coordinate descent's n_iter_ (empty for the direct solvers). */
  iterations: number[];
  converged: boolean;
}

function regressor(centered: Centered, coef: Float64Array): LinearRegressor {
  return { kind: 'linear_regression', intercept: interceptOf(centered, coef), coef: Array.from(coef) };
}

/** LinearRegression: scipy.linalg.lstsq on the centered data, the minimum-norm solution when columns are collinear. */
export function fitLinearRegression(X: Matrix, y: Float64Array, params: LinearRegressionParams): RegressorFit & { rank: number } {
  const centered = centerData(X, y, params.fit_intercept);
  const { solution, rank } = leastSquares(centered.columns, centered.rows, centered.cols, centered.y);
  return { regressor: regressor(centered, solution), iterations: [], converged: true, rank };
}

/** Ridge: ‖y − Xw‖² + α‖w‖², the intercept not penalized. */
export function fitRidge(X: Matrix, y: Float64Array, params: RidgeParams): RegressorFit {
  const centered = centerData(X, y, params.fit_intercept);
  const coef = solveRidge(centered, params.alpha, params.solver === 'svd' ? 'svd' : 'cholesky');
  return { regressor: regressor(centered, coef), iterations: [], converged: true };
}

/**
 * ElasticNet: (1/2n)‖y − Xw‖² + α·l1_ratio‖w‖₁ + ½α(1 − l1_ratio)‖w‖², by coordinate
 * descent from 0 with the penalties scaled by n (enet_path). Not converged is
 * scikit-learn's ConvergenceWarning: max_iter sweeps without the duality gap below tol · ‖y − ȳ‖².
 */
export function fitElasticNet(X: Matrix, y: Float64Array, params: ElasticNetParams): RegressorFit & { gap: number } {
  const centered = centerData(X, y, params.fit_intercept);
  const n = centered.rows;
  const result = enetCoordinateDescent({
    columns: centered.columns,
    rows: n,
    cols: centered.cols,
    y: centered.y,
    l1: params.alpha * params.l1_ratio * n,
    l2: params.alpha * (1 - params.l1_ratio) * n,
    maxIter: params.max_iter,
    tol: params.tol,
    positive: params.positive,
  });
  const fitted = regressor(centered, result.w);
  if (!Number.isFinite(fitted.intercept) || !fitted.coef.every(Number.isFinite)) {
    // scikit-learn's own words for it.
    throw new RangeError('Coordinate descent iterations resulted in non-finite parameter values. The input data may contain large values and need to be preprocessed.');
  }
  // dual_gap_ as scikit-learn reports it: divided by n_samples.
  return { regressor: fitted, iterations: [result.iterations], converged: result.converged, gap: result.gap / n };
}
