/** A dense row-major table of numbers: value (i, j) is data[i * cols + j]. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[], cols = rows[0]?.length ?? 0): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return { data, rows: rows.length, cols };
}

/** The listed rows, in that order, copied into a new matrix. */
export function takeRows(matrix: Matrix, indexes: ArrayLike<number>): Matrix {
  const { cols } = matrix;
  const data = new Float64Array(indexes.length * cols);
  for (let i = 0; i < indexes.length; i++) {
    const from = indexes[i] * cols;
    data.set(matrix.data.subarray(from, from + cols), i * cols);
  }
  return { data, rows: indexes.length, cols };
}

/** The same values column by column (column j is out[j * rows …]): for code that scans one feature at a time. */
export function transpose(X: Matrix): Float64Array {
  const { data, rows, cols } = X;
  const columns = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) columns[j * rows + i] = data[i * cols + j];
  return columns;
}

export function takeLabels(y: Int32Array, indexes: ArrayLike<number>): Int32Array {
  const result = new Int32Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) result[i] = y[indexes[i]];
  return result;
}

export function rowsOf(matrix: Matrix): number[][] {
  return Array.from({ length: matrix.rows }, (_, i) => Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
}
