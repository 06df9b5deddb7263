// SVR.fit as scikit-learn's libsvm does it (solve_epsilon_svr): one SMO solve over 2l
// variables, alpha⁺ then alpha⁻ of every row (labels +1 then −1), with the linear term
// p = epsilon − y_i for alpha⁺ and epsilon + y_i for alpha⁻, every bound C. The dual
// coefficient of row i is alpha⁺_i − alpha⁻_i; its support vectors are the rows where that
// is not 0; the intercept is −rho.
import type { Matrix } from '../../data/matrix.ts';
import { resolveGamma, type SvcParams } from '../svc/fit.ts';
import type { KernelParams } from '../svc/kernel.ts';
import { kernelSource, SvcQ } from '../svc/kernel-rows.ts';
import { solveSmo } from '../svc/smo.ts';
import type { SvrRegressor } from './inference.ts';

export interface SvrParams extends SvcParams {
  /** The half-width of the tube in which an error costs nothing. */
  epsilon: number;
}

export const SVR_DEFAULTS: SvrParams = { C: 1, epsilon: 0.1, kernel: 'rbf', degree: 3, gamma: 'scale', coef0: 0, tol: 1e-3, max_iter: -1, shrinking: true };

export interface SvrFit {
  regressor: SvrRegressor;
  /** The solver's iterations (scikit-learn's n_iter_). */
  iterations: number[];
  converged: boolean;
  /** The training row of each support vector (scikit-learn's support_). */
  supportRows: number[];
}

export function fitSvr(X: Matrix, y: Float64Array, params: SvrParams): SvrFit {
  const l = X.rows;
  const kernel: KernelParams = { kernel: params.kernel, gamma: resolveGamma(params.gamma, X), degree: params.degree, coef0: params.coef0 };
  const members = new Int32Array(2 * l);
  const labels = new Int8Array(2 * l);
  // y_t·p_t: +(epsilon − y_i) for alpha⁺, −(epsilon + y_i) for alpha⁻ (libsvm's p, negated exactly).
  const yp = new Float64Array(2 * l);
  for (let i = 0; i < l; i++) {
    members[i] = i;
    members[i + l] = i;
    labels[i] = 1;
    labels[i + l] = -1;
    yp[i] = params.epsilon - y[i];
    yp[i + l] = -(params.epsilon + y[i]);
  }
  const Q = new SvcQ(kernelSource(kernel, X.data, X.cols, l), members, labels);
  const solution = solveSmo(Q, params.C, params.tol, params.max_iter, params.shrinking ?? true, yp);
  const supportVectors: number[][] = [];
  const supportRows: number[] = [];
  const dualCoef: number[] = [];
  for (let i = 0; i < l; i++) {
    // coef is alpha·y: alpha⁺_i − alpha⁻_i as libsvm subtracts them (a + (−b) is a − b).
    const coef = solution.coef[i] + solution.coef[i + l];
    if (coef === 0) continue;
    supportRows.push(i);
    dualCoef.push(coef);
    supportVectors.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  }
  return {
    regressor: { kind: 'svr', ...kernel, support_vectors: supportVectors, dual_coef: dualCoef, intercept: -solution.rho },
    iterations: [solution.iterations],
    converged: solution.converged,
    supportRows,
  };
}
