// numpy's float64 sum to the bit: its add.reduce walks a contiguous array in buffers of
// 8 192 values, each summed pairwise (blocks of up to 128 in 8 running sums), the
// buffers' sums added in turn. Where scikit-learn feeds such a sum into a fit (SVC's
// gamma="scale" is 1 / (features · X.var())), the kit's must be the same number.

const BUFFER = 8192;
const BLOCK = 128;

function pairwise(values: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[from + i];
    return sum;
  }
  if (n <= BLOCK) {
    let r0 = values[from], r1 = values[from + 1], r2 = values[from + 2], r3 = values[from + 3];
    let r4 = values[from + 4], r5 = values[from + 5], r6 = values[from + 6], r7 = values[from + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const at = from + i;
      r0 += values[at]; r1 += values[at + 1]; r2 += values[at + 2]; r3 += values[at + 3];
      r4 += values[at + 4]; r5 += values[at + 5]; r6 += values[at + 6]; r7 += values[at + 7];
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[from + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, from, half) + pairwise(values, from + half, n - half);
}

/** numpy.sum of a contiguous float64 array. */
export function numpySum(values: Float64Array): number {
  let sum = 0;
  for (let from = 0; from < values.length; from += BUFFER) sum += pairwise(values, from, Math.min(BUFFER, values.length - from));
  return sum;
}

/** numpy.var (ddof 0) of a contiguous float64 array: the mean, then the mean of the squared deviations. */
export function numpyVar(values: Float64Array): number {
  const mean = numpySum(values) / values.length;
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    squares[i] = d * d;
  }
  return numpySum(squares) / values.length;
}
