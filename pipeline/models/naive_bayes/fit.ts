// GaussianNB.fit: per class, the mean and the population variance of each column,
// plus var_smoothing times the largest column variance of all rows (so that a
// constant column cannot divide by zero), and the class shares as priors.
import { largest } from '../../data/extremes.ts';
import type { Matrix } from '../../data/matrix.ts';
import type { GaussianNbClassifier } from './inference.ts';

export interface GaussianNbParams {
  var_smoothing: number;
}

export const GAUSSIAN_NB_DEFAULTS: GaussianNbParams = { var_smoothing: 1e-9 };

function meanAndVariance(X: Matrix, take: (i: number) => boolean): { mean: Float64Array; variance: Float64Array; count: number } {
  const { data, rows, cols } = X;
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    if (!take(i)) continue;
    count++;
    for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  }
  for (let j = 0; j < cols; j++) mean[j] /= count;
  // Two passes, as numpy's var: the mean first, then the squared deviations.
  for (let i = 0; i < rows; i++) {
    if (!take(i)) continue;
    for (let j = 0; j < cols; j++) {
      const d = data[i * cols + j] - mean[j];
      variance[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) variance[j] /= count;
  return { mean, variance, count };
}

export function fitGaussianNb(X: Matrix, y: Int32Array, classCount: number, params: GaussianNbParams): GaussianNbClassifier {
  const epsilon = params.var_smoothing * largest(meanAndVariance(X, () => true).variance);
  const prior: number[] = [];
  const theta: number[][] = [];
  const variance: number[][] = [];
  for (let k = 0; k < classCount; k++) {
    const stats = meanAndVariance(X, (i) => y[i] === k);
    if (stats.count === 0) throw new RangeError(`class ${k} has no training rows`);
    prior.push(stats.count / X.rows);
    theta.push(Array.from(stats.mean));
    variance.push(Array.from(stats.variance, (v) => v + epsilon));
    if (variance[k].some((v) => !(v > 0))) throw new RangeError(`naive_bayes: a feature is constant within class ${k} and var_smoothing is ${params.var_smoothing}; give classifier__var_smoothing a value above 0`);
  }
  return { kind: 'gaussian_nb', class_prior: prior, theta, var: variance };
}
