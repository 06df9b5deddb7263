// The training rows as scikit-learn's trees see them: every value cast to float32
// (its DTYPE; a tree is grown and walked on those), column by column, with each
// value's rank among its column's distinct values, so that a node sorts its rows by
// a feature as whole-number keys (rank and row in one), not through a comparator.
// The target is class labels or, for a regression tree, float64 values.
import type { Matrix } from '../../data/matrix.ts';

export interface TreeData {
  rows: number;
  cols: number;
  y: Int32Array | Float64Array;
  /** Classes of an Int32Array target; 0 for a float64 one. */
  classCount: number;
  /** Value (float32, as a double; −0 as 0) of row i in column j at j · rows + i. */
  values: Float64Array;
  /** Rank of that value among the column's distinct values, from 0. */
  ranks: Int32Array;
  /** Column j's distinct values ascending: distinct[distinctStart[j] + rank]. */
  distinct: Float64Array;
  distinctStart: Int32Array;
}

export function treeData(X: Matrix, y: Int32Array | Float64Array, classCount = 0): TreeData {
  const { data, rows, cols } = X;
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[j * rows + i] = Math.fround(data[i * cols + j]) + 0;
  const ranks = new Int32Array(rows * cols);
  const distinctStart = new Int32Array(cols + 1);
  const distinct = new Float64Array(rows * cols);
  const rank = rows * 2 ** 32 < 2 ** 53 ? rankBySort(rows) : rankBySearch(rows);
  for (let j = 0; j < cols; j++) {
    const count = rank(values.subarray(j * rows, (j + 1) * rows), ranks.subarray(j * rows, (j + 1) * rows), distinct.subarray(distinctStart[j]));
    distinctStart[j + 1] = distinctStart[j] + count;
  }
  return { rows, cols, y, classCount, values, ranks, distinct: distinct.slice(0, distinctStart[cols]), distinctStart };
}

/** Fills a column's ranks and its distinct values ascending; returns how many there are. */
type Rank = (column: Float64Array, ranks: Int32Array, distinct: Float64Array) => number;

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** A float32's bits as a whole number in the order of the values (no NaN; -0 is 0 here). */
function orderedBits(value: number): number {
  f32[0] = value;
  const bits = f32Bits[0];
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** One sort of (value, row) keys, exact as doubles while rows · 2^32 < 2^53: ranks without a search per value. */
function rankBySort(rows: number): Rank {
  const keys = new Float64Array(rows);
  return (column, ranks, distinct) => {
    for (let i = 0; i < rows; i++) keys[i] = orderedBits(column[i]) * rows + i;
    keys.sort();
    let count = 0;
    let previous = -1;
    for (let i = 0; i < rows; i++) {
      let bits = Math.floor(keys[i] / rows);
      if (bits * rows > keys[i]) bits--; // the quotient rounded up to the next whole number
      const row = keys[i] - bits * rows;
      if (bits !== previous) {
        distinct[count++] = column[row];
        previous = bits;
      }
      ranks[row] = count - 1;
    }
    return count;
  };
}

function rankBySearch(rows: number): Rank {
  const sorted = new Float64Array(rows);
  return (column, ranks, distinct) => {
    sorted.set(column);
    sorted.sort();
    let count = 0;
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== distinct[count - 1]) distinct[count++] = sorted[i];
    const values = distinct.subarray(0, count);
    for (let i = 0; i < rows; i++) ranks[i] = lowerBound(values, column[i]);
    return count;
  };
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
