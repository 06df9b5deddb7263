// The k nearest reference rows of a query, as scikit-learn's brute-force search keeps
// them: shared by the KNN classifier and regressor, so both break a tie alike.

/** The reference rows (row-major, scaled) and the scratch heap of one fitted model. */
export interface NeighbourSearch {
  k: number;
  p: number;
  width: number;
  references: number;
  rows: Float64Array;
  /** The k nearest so far, as a max-heap (the largest distance first). */
  bestDistance: Float64Array;
  /** Their reference row indexes. */
  bestIndex: Int32Array;
}

export function neighbourSearch(k: number, p: number, rows: readonly (readonly number[])[]): NeighbourSearch {
  const width = rows[0].length;
  const data = new Float64Array(rows.length * width);
  rows.forEach((row, r) => data.set(row, r * width));
  return { k, p, width, references: rows.length, rows: data, bestDistance: new Float64Array(k), bestIndex: new Int32Array(k) };
}

/**
 * Fills search.bestIndex with the k nearest reference rows of `query` (in heap order),
 * as scikit-learn's brute-force search keeps them (ArgKmin, sklearn/utils/_heap.pyx
 * heap_push): a max-heap of k distances filled with DBL_MAX, the reference rows pushed
 * in order, a row no nearer than the heap's largest left out. A tie at the k-th
 * neighbour is therefore broken as scikit-learn's algorithm="brute" breaks it on one
 * thread (its kd-tree breaks ties otherwise). The distance is kept to the power p (its
 * ordering is the distance's): no root per pair.
 */
export function findNearest(search: NeighbourSearch, query: Float64Array): void {
  const { k, p, width, references, rows, bestDistance, bestIndex } = search;
  bestDistance.fill(DBL_MAX);
  bestIndex.fill(0);
  for (let r = 0; r < references; r++) {
    // A row whose partial sum already reaches the heap's largest is out: every term is
    // at least 0, so the sum can only grow.
    const bound = bestDistance[0];
    const at = r * width;
    let distance = 0;
    if (p === 2) {
      for (let j = 0; j < width && distance < bound; j++) {
        const d = rows[at + j] - query[j];
        distance += d * d;
      }
    } else if (p === 1) {
      for (let j = 0; j < width && distance < bound; j++) distance += Math.abs(rows[at + j] - query[j]);
    } else if (p === 3) {
      for (let j = 0; j < width && distance < bound; j++) {
        const d = Math.abs(rows[at + j] - query[j]);
        distance += d * d * d;
      }
    } else {
      for (let j = 0; j < width && distance < bound; j++) distance += Math.abs(rows[at + j] - query[j]) ** p;
    }
    if (distance < bound) heapPush(bestDistance, bestIndex, k, distance, r);
  }
}

const DBL_MAX = Number.MAX_VALUE;

/** scikit-learn's heap_push: replaces the largest of a max-heap by `value` (known to be smaller) and sifts it down. */
function heapPush(values: Float64Array, indexes: Int32Array, size: number, value: number, index: number): void {
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
    indexes[current] = indexes[swap];
    current = swap;
  }
  values[current] = value;
  indexes[current] = index;
}
