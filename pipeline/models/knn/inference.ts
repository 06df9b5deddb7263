// KNeighborsClassifier's predict_proba with uniform weights: the share of the k
// nearest reference rows (Minkowski distance of power p) that carry each class.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { number, numberRows, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';
import { findNearest, neighbourSearch, type NeighbourSearch } from './search.ts';

export interface KnnClassifier {
  kind: 'knn';
  n_neighbors: number;
  p: number;
  /** The training rows, scaled (fit_X), and their class indexes (_y). */
  rows: number[][];
  labels: number[];
}

interface Packed {
  search: NeighbourSearch;
  labels: Int32Array;
  scaler: ReturnType<typeof packScaler>;
  scaled: Float64Array;
}

const pack = packedOnce((model: ModelOf<KnnClassifier>): Packed => {
  const { classifier } = model;
  const search = neighbourSearch(classifier.n_neighbors, classifier.p, classifier.rows);
  return { search, labels: Int32Array.from(classifier.labels), scaler: packScaler(model.scaler, search.width), scaled: new Float64Array(search.width) };
});

/** The share of each class among the k nearest reference rows (knn/search.ts finds them as scikit-learn's brute force does). */
function predictProba(model: ModelOf<KnnClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { search, labels, scaled } = m;
  const { k, bestIndex } = search;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    findNearest(search, scaled);
    const offset = i * classCount;
    for (let n = 0; n < k; n++) out[offset + labels[bestIndex[n]]] += 1;
    for (let c = 0; c < classCount; c++) out[offset + c] /= k;
  }
  return out;
}

export const knnKind: ServingKind<KnnClassifier> = {
  schema: z.strictObject({ kind: z.literal('knn'), n_neighbors: number, p: number, rows: numberRows, labels: numbers }),
  check(classifier, { width, classes }, { expect, expectLength }) {
    const { n_neighbors: k, rows, labels } = classifier;
    expect(Number.isSafeInteger(k) && k >= 1 && k <= rows.length, 'classifier.n_neighbors', `must be a whole number from 1 to the ${rows.length} reference rows`);
    expect(classifier.p >= 1, 'classifier.p', 'must be at least 1');
    expectLength('classifier.labels', labels.length, rows.length, 'one per reference row');
    // Messages are built only for a problem: there is one row per training row to check at cold start.
    rows.forEach((row, r) => row.length !== width && expectLength(`classifier.rows[${r}]`, row.length, width, 'one value per encoded column'));
    labels.forEach((label, r) => (Number.isInteger(label) && label >= 0 && label < classes) || expect(false, `classifier.labels[${r}]`, `must be a class index from 0 to ${classes - 1}`));
  },
  predictProba,
};
