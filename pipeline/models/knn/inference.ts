// KNeighborsClassifier's predict_proba with uniform weights: the share of the k
// nearest reference rows (Minkowski distance of power p) that carry each class.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { number, numberRows, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';

export interface KnnClassifier {
  kind: 'knn';
  n_neighbors: number;
  p: number;
  /** The training rows, scaled (fit_X), and their class indexes (_y). */
  rows: number[][];
  labels: number[];
}

interface Packed {
  k: number;
  p: number;
  width: number;
  references: number;
  rows: Float64Array;
  labels: Int32Array;
  scaler: ReturnType<typeof packScaler>;
  scaled: Float64Array;
  /** The k nearest so far, as a max-heap (the largest distance first). */
  bestDistance: Float64Array;
  bestLabel: Int32Array;
}

const pack = packedOnce((model: ModelOf<KnnClassifier>): Packed => {
  const { classifier } = model;
  const width = classifier.rows[0].length;
  return {
      k: classifier.n_neighbors,
      p: classifier.p,
      width,
      references: classifier.rows.length,
      rows: Float64Array.from(classifier.rows.flat()),
      labels: Int32Array.from(classifier.labels),
      scaler: packScaler(model.scaler, width),
      scaled: new Float64Array(width),
      bestDistance: new Float64Array(classifier.n_neighbors),
    bestLabel: new Int32Array(classifier.n_neighbors),
  };
});

/**
 * The k nearest reference rows of each row, as scikit-learn's brute-force search keeps
 * them (ArgKmin, sklearn/utils/_heap.pyx heap_push): a max-heap of k distances filled
 * with DBL_MAX, the reference rows pushed in order, a row no nearer than the heap's
 * largest left out. A tie at the k-th neighbour is therefore broken as scikit-learn's
 * algorithm="brute" breaks it on one thread (its kd-tree breaks ties otherwise). The
 * distance is kept to the power p (its ordering is the distance's): no root per pair.
 */
function predictProba(model: ModelOf<KnnClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { k, p, width, references, rows, labels, scaled, bestDistance, bestLabel } = m;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    bestDistance.fill(DBL_MAX);
    bestLabel.fill(labels[0]);
    for (let r = 0; r < references; r++) {
      // A row whose partial sum already reaches the heap's largest is out: every term is
      // at least 0, so the sum can only grow.
      const bound = bestDistance[0];
      const at = r * width;
      let distance = 0;
      if (p === 2) {
        for (let j = 0; j < width && distance < bound; j++) {
          const d = rows[at + j] - scaled[j];
          distance += d * d;
        }
      } else if (p === 1) {
        for (let j = 0; j < width && distance < bound; j++) distance += Math.abs(rows[at + j] - scaled[j]);
      } else if (p === 3) {
        for (let j = 0; j < width && distance < bound; j++) {
          const d = Math.abs(rows[at + j] - scaled[j]);
          distance += d * d * d;
        }
      } else {
        for (let j = 0; j < width && distance < bound; j++) distance += Math.abs(rows[at + j] - scaled[j]) ** p;
      }
      if (distance < bound) heapPush(bestDistance, bestLabel, k, distance, labels[r]);
    }
    const offset = i * classCount;
    for (let n = 0; n < k; n++) out[offset + bestLabel[n]] += 1;
    for (let c = 0; c < classCount; c++) out[offset + c] /= k;
  }
  return out;
}

const DBL_MAX = Number.MAX_VALUE;

/** scikit-learn's heap_push: replaces the largest of a max-heap by `value` (known to be smaller) and sifts it down. */
function heapPush(values: Float64Array, labels: Int32Array, size: number, value: number, label: number): void {
  let current = 0;
  for (;;) {
    const left = 2 * current + 1;
    const right = left + 1;
    let swap: number;
    if (left >= size) break;
    else if (right >= size) {
      if (values[left] > value) swap = left;
      else break;
    } else if (values[left] >= values[right]) {
      if (value < values[left]) swap = left;
      else break;
    } else if (value < values[right]) swap = right;
    else break;
    values[current] = values[swap];
    labels[current] = labels[swap];
    current = swap;
  }
  values[current] = value;
  labels[current] = label;
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
