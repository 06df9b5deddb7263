// LinearRegression, Ridge, Lasso and ElasticNet as fitted on one target: coef_ (one
// per column) and intercept_ (0.0 when fit_intercept=False).
import { NdArray } from '../numpy-array.ts';
import type { PyObject } from '../py-values.ts';
import { describe, fail, toNumber } from './attrs.ts';
import { reading } from './base.ts';
import type { LinearRegressorModel } from './types.ts';

export function readLinearRegressor(obj: PyObject, path: string): LinearRegressorModel {
  const { a, base } = reading(obj, path);
  const raw = a.need('coef_');
  if (raw instanceof NdArray && raw.shape.length !== 1) fail(a.at('coef_'), `has shape (${raw.shape.join(', ')}): a ${obj.cls.name} fitted on several targets is not supported`);
  const coef = a.float64('coef_');
  const stored = a.need('intercept_');
  const intercept = stored instanceof NdArray && stored.size === 1 ? Number((stored.data as ArrayLike<number>)[0]) : toNumber(stored);
  if (intercept === null || !Number.isFinite(intercept)) fail(a.at('intercept_'), `expected one number, found ${describe(stored)}`);
  if (!coef.every(Number.isFinite)) fail(a.at('coef_'), 'holds a value that is not finite');
  return { kind: 'linear_regressor', ...base, coef, intercept };
}
