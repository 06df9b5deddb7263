// A fitted linear regressor's prediction, intercept + coef · scaledRow, for every
// regressor the linear families fit (LinearRegression, Ridge, Lasso, ElasticNet).
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { number, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type PackedScaler, type RegressionKind, type RegressorOf } from '../serving-kind.ts';

export interface LinearRegressor {
  kind: 'linear_regression';
  intercept: number;
  /** One per encoded column, applied to the scaled row. */
  coef: number[];
}

/** SCALED_LIMIT (1e100) times this stays far below the largest double. */
const COEF_LIMIT = 1e200;

interface Packed {
  scaler: PackedScaler;
  intercept: number;
  coef: Float64Array;
  scaled: Float64Array;
}

const pack = packedOnce((model: RegressorOf<LinearRegressor>): Packed => {
  const width = model.regressor.coef.length;
  return { scaler: packScaler(model.scaler, width), intercept: model.regressor.intercept, coef: Float64Array.from(model.regressor.coef), scaled: new Float64Array(width) };
});

function predict(model: RegressorOf<LinearRegressor>, X: Matrix): Float64Array {
  const { scaler, intercept, coef, scaled } = pack(model, 0, X.cols);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(scaler, X.data, i, scaled);
    // coef · x, then + intercept_: the order of scikit-learn's X @ coef_ + intercept_.
    let sum = 0;
    for (let j = 0; j < coef.length; j++) sum += coef[j] * scaled[j];
    out[i] = sum + intercept;
  }
  return out;
}

export const linearRegressionKind: RegressionKind<LinearRegressor> = {
  schema: z.strictObject({ kind: z.literal('linear_regression'), intercept: number, coef: numbers }),
  check(regressor, { width }, { expect, expectLength }) {
    expectLength('regressor.coef', regressor.coef.length, width, 'one coefficient per encoded column: numeric inputs, then each category');
    // With scaled values clamped to ±SCALED_LIMIT, these bounds keep every prediction finite.
    let total = 0;
    for (const c of regressor.coef) total += Math.abs(c);
    expect(total <= COEF_LIMIT, 'regressor.coef', `the absolute values must sum to at most ${COEF_LIMIT}`);
    expect(Math.abs(regressor.intercept) <= COEF_LIMIT, 'regressor.intercept', `must be at most ${COEF_LIMIT} in absolute value`);
  },
  predict,
};
