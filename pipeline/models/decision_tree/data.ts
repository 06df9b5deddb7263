// The training rows as scikit-learn's trees see them: every value cast to float32
// (its DTYPE; a tree is grown and walked on those), column by column, with each
// value's rank among its column's distinct values, so that a node sorts its rows by
// a feature as whole-number keys (rank and row in one), not through a comparator.
import type { Matrix } from '../../data/matrix.ts';

export interface TreeData {
  rows: number;
  cols: number;
  y: Int32Array;
  classCount: number;
  /** Value (float32, as a double; −0 as 0) of row i in column j at j · rows + i. */
  values: Float64Array;
  /** Rank of that value among the column's distinct values, from 0. */
  ranks: Int32Array;
  /** Column j's distinct values ascending: distinct[distinctStart[j] + rank]. */
  distinct: Float64Array;
  distinctStart: Int32Array;
}

export function treeData(X: Matrix, y: Int32Array, classCount: number): TreeData {
  const { data, rows, cols } = X;
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[j * rows + i] = Math.fround(data[i * cols + j]) + 0;
  const ranks = new Int32Array(rows * cols);
  const distinctStart = new Int32Array(cols + 1);
  const sorted = new Float64Array(rows);
  const distinctParts: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const column = values.subarray(j * rows, (j + 1) * rows);
    sorted.set(column);
    sorted.sort();
    let count = 0;
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== sorted[count - 1]) sorted[count++] = sorted[i];
    const distinct = sorted.slice(0, count);
    distinctParts.push(distinct);
    distinctStart[j + 1] = distinctStart[j] + count;
    for (let i = 0; i < rows; i++) ranks[j * rows + i] = lowerBound(distinct, column[i]);
  }
  const distinct = new Float64Array(distinctStart[cols]);
  distinctParts.forEach((part, j) => distinct.set(part, distinctStart[j]));
  return { rows, cols, y, classCount, values, ranks, distinct, distinctStart };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
