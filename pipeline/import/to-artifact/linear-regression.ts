// LinearRegression, Ridge, Lasso, ElasticNet → the kit's linear_regression: coef_ and intercept_.
import type { LinearRegressor } from '../../models/linear_regression/inference.ts';
import type { LinearRegressorModel } from '../sklearn/types.ts';

export function linearRegressorOf(e: LinearRegressorModel): LinearRegressor {
  return { kind: 'linear_regression', intercept: e.intercept, coef: Array.from(e.coef) };
}
