// SVR.predict as libsvm's predict_values computes it: Σ dual_coef_s · K(sv_s, x), then
// − rho (+ intercept_, the same number), the kernels SVC's inference uses.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { number, numberRows, numbers, text } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, SCALED_LIMIT, type PackedScaler, type RegressionKind, type RegressorOf } from '../serving-kind.ts';
import { kernelValue, type KernelName, type KernelParams } from '../svc/kernel.ts';
import { largeDecision, logKernelRow } from '../svc/kernel-overflow.ts';

export interface SvrRegressor {
  kind: 'svr';
  kernel: KernelName;
  /** The gamma the fit used ("scale" and "auto" resolved to a number). */
  gamma: number;
  degree: number;
  coef0: number;
  /** The support vectors (scaled training rows) and their dual coefficients alpha⁺ − alpha⁻. */
  support_vectors: number[][];
  dual_coef: number[];
  /** −rho. */
  intercept: number;
}

/**
 * With inputs and support vectors within ±SCALED_LIMIT, gamma and coef0 within
 * PARAM_LIMIT and Σ|dual_coef| within COEF_LIMIT, every kernel value's logarithm and
 * every partial sum is finite, so a prediction is a number (±MAX_VALUE when it overflows).
 */
const PARAM_LIMIT = 1e100;
const COEF_LIMIT = 1e200;

interface Packed {
  params: KernelParams;
  width: number;
  scaler: PackedScaler;
  vectors: Float64Array;
  count: number;
  coef: Float64Array;
  intercept: number;
  scaled: Float64Array;
  /** Every support vector's index, and room for a row's kernel values as logarithms (see logKernelRow). */
  all: Int32Array;
  logs: Float64Array;
  signs: Float64Array;
}

const pack = packedOnce((model: RegressorOf<SvrRegressor>, _classCount: number, width: number): Packed => {
  const r = model.regressor;
  const count = r.support_vectors.length;
  return {
    params: { kernel: r.kernel, gamma: r.gamma, degree: r.degree, coef0: r.coef0 },
    width,
    scaler: packScaler(model.scaler, width),
    vectors: Float64Array.from(r.support_vectors.flat()),
    count,
    coef: Float64Array.from(r.dual_coef),
    intercept: r.intercept,
    scaled: new Float64Array(width),
    all: Int32Array.from({ length: count }, (_, s) => s),
    logs: new Float64Array(count),
    signs: new Float64Array(count),
  };
});

function predict(model: RegressorOf<SvrRegressor>, X: Matrix): Float64Array {
  const m = pack(model, 0, X.cols);
  const { params, width, vectors, count, coef, intercept, scaled } = m;
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    let sum = 0;
    for (let s = 0; s < count; s++) sum += coef[s] * kernelValue(params, vectors, s, scaled, 0, width);
    let value = sum + intercept;
    if (!Number.isFinite(value)) {
      // A polynomial kernel far outside the training data overflows: summed in log space instead.
      logKernelRow(params, vectors, count, width, scaled, m.logs, m.signs);
      value = Math.min(Math.max(largeDecision(m.logs, m.signs, m.all, coef, -intercept), -Number.MAX_VALUE), Number.MAX_VALUE);
    }
    out[i] = value;
  }
  return out;
}

export const svrKind: RegressionKind<SvrRegressor> = {
  schema: z.strictObject({
    kind: z.literal('svr'),
    kernel: text as z.ZodMiniType<KernelName>,
    gamma: number,
    degree: number,
    coef0: number,
    support_vectors: numberRows,
    dual_coef: numbers,
    intercept: number,
  }),
  check(r, { width }, { expect, expectLength }) {
    expect(['rbf', 'poly', 'linear', 'sigmoid'].includes(r.kernel), 'regressor.kernel', 'must be one of "rbf", "poly", "linear", "sigmoid"');
    expect(Number.isSafeInteger(r.degree) && r.degree >= 0, 'regressor.degree', 'must be a whole number of at least 0');
    expect(r.gamma >= 0 && r.gamma <= PARAM_LIMIT, 'regressor.gamma', `must be from 0 to ${PARAM_LIMIT}`);
    expect(Math.abs(r.coef0) <= PARAM_LIMIT, 'regressor.coef0', `must be at most ${PARAM_LIMIT} in absolute value`);
    expectLength('regressor.dual_coef', r.dual_coef.length, r.support_vectors.length, 'one per support vector');
    // Messages are built only for a problem: there can be one row per training row to check at cold start.
    r.support_vectors.forEach((row, s) => {
      if (row.length !== width) expectLength(`regressor.support_vectors[${s}]`, row.length, width, 'one value per encoded column');
      for (const v of row) if (!(Math.abs(v) <= SCALED_LIMIT)) return expect(false, `regressor.support_vectors[${s}]`, `values must be at most ${SCALED_LIMIT} in absolute value`);
    });
    let total = 0;
    for (const c of r.dual_coef) total += Math.abs(c);
    expect(total <= COEF_LIMIT, 'regressor.dual_coef', `the absolute values must sum to at most ${COEF_LIMIT}`);
    expect(Math.abs(r.intercept) <= COEF_LIMIT, 'regressor.intercept', `must be at most ${COEF_LIMIT} in absolute value`);
  },
  predict,
};
