// scikit-learn's LogisticRegression fitted by the kit's own solvers: L-BFGS for l2 and
// no penalty (scikit-learn's default solver), OWL-QN for l1 and elastic net.
import { transpose, type Matrix } from '../../data/matrix.ts';
import type { LinearClassifier } from '../linear/classifier.ts';
import { minimize } from './lbfgs.ts';
import { createLossProblem, lossAndGradient, penalizedMask } from './loss.ts';
import { penaltyStrengths, type LogisticRegressionParams } from './params.ts';

export interface LogisticFit {
  classifier: LinearClassifier;
  /** Iterations of each sub-problem (one, or one per class for one-vs-rest). */
  iterations: number[];
  converged: boolean;
  /** The solver's parameter vectors, to warm-start the next C of a path. */
  solution: Float64Array[];
}

/**
 * As multi_class="auto": two classes give one binary model, more give a multinomial
 * (softmax) one; "ovr" fits one binary model per class.
 */
export function fitLogisticRegression(X: Matrix, y: Int32Array, classCount: number, params: LogisticRegressionParams, warmStart?: Float64Array[]): LogisticFit {
  requireEveryClass(y, classCount);
  const link: LinearClassifier['link'] =
    classCount === 2 && params.multi_class !== 'multinomial' ? 'logistic' : params.multi_class === 'ovr' ? 'ovr' : 'softmax';
  const { l2, l1 } = penaltyStrengths(params);
  const subProblems = link === 'ovr' ? classCount : 1;
  const scoreRows = link === 'softmax' ? classCount : 1;

  const iterations: number[] = [];
  const solution: Float64Array[] = [];
  let converged = true;
  // One column-major copy of X serves every sub-problem (one per class for one-vs-rest).
  const columns = transpose(X);
  for (let p = 0; p < subProblems; p++) {
    const problem = createLossProblem(X, y, scoreRows, link === 'ovr' ? p : 1, params.fit_intercept, l2, columns);
    const w = new Float64Array(scoreRows * problem.stride);
    if (warmStart?.[p]?.length === w.length) w.set(warmStart[p]);
    const result = minimize((x, gradient) => lossAndGradient(problem, x, gradient), w, {
      tol: params.tol,
      maxIter: params.max_iter,
      l1,
      l1Mask: penalizedMask(problem),
    });
    iterations.push(result.iterations);
    converged &&= result.converged;
    solution.push(w);
  }

  const stride = X.cols + (params.fit_intercept ? 1 : 0);
  const weights: number[][] = [];
  const intercepts: number[] = [];
  for (const w of solution) {
    for (let k = 0; k < w.length / stride; k++) {
      weights.push(Array.from(w.subarray(k * stride, k * stride + X.cols)));
      intercepts.push(params.fit_intercept ? w[k * stride + X.cols] : 0);
    }
  }
  return { classifier: { kind: 'linear', link, intercepts, weights }, iterations, converged, solution };
}

function requireEveryClass(y: Int32Array, classCount: number): void {
  const seen = new Uint8Array(classCount);
  for (let i = 0; i < y.length; i++) seen[y[i]] = 1;
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new Error(`class ${missing} has no training rows; every class needs at least one`);
}
