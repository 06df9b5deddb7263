// KNeighborsClassifier.fit keeps the (scaled) training rows: prediction is the work.
import type { Matrix } from '../../data/matrix.ts';
import { rowsOf } from '../../data/matrix.ts';
import type { KnnClassifier } from './inference.ts';
import { FitFailure } from '../fit-failure.ts';

export interface KnnParams {
  n_neighbors: number;
  p: number;
  weights: 'uniform';
  metric: 'minkowski';
}

export const KNN_DEFAULTS: KnnParams = { n_neighbors: 5, p: 2, weights: 'uniform', metric: 'minkowski' };

/** The classifier's and the regressor's fit both need k reference rows. */
export function requireNeighbours(X: Matrix, params: KnnParams): void {
  if (params.n_neighbors > X.rows) {
    // scikit-learn's own words for it, with the count.
    throw new FitFailure(`Expected n_neighbors <= n_samples, but n_samples = ${X.rows}, n_neighbors = ${params.n_neighbors}`);
  }
}

export function fitKnn(X: Matrix, y: Int32Array, params: KnnParams): KnnClassifier {
  requireNeighbours(X, params);
  return { kind: 'knn', n_neighbors: params.n_neighbors, p: params.p, rows: rowsOf(X), labels: Array.from(y) };
}
