// KNeighborsClassifier → the kit's knn: the fitted rows, their class indexes, k and p.
// The kit serves uniform weights and Minkowski distances only.
import type { KnnClassifier } from '../../models/knn/inference.ts';
import type { KnnModel } from '../sklearn/types.ts';
import { rowsOf, unsupported } from './unsupported.ts';

export function knnOf(e: KnnModel): KnnClassifier {
  if (e.weights !== 'uniform') unsupported(e, `weights="${e.weights}" is not supported (the kit serves weights="uniform")`);
  const p = e.metric === 'euclidean' ? 2 : e.metric === 'manhattan' ? 1 : e.p;
  return { kind: 'knn', n_neighbors: e.nNeighbors, p, rows: rowsOf(e.fitX), labels: Array.from(e.y) };
}
