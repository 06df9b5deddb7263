// numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src pairwise_sum): how
// np.sum, np.mean, np.var and np.average add a contiguous run of numbers. Using the same
// order gives the same last bits, which matters where scikit-learn compares a sum with 0
// (a constant target in r2_score), normalizes importances by it, or derives SVC's
// gamma="scale" from X.var().

const BLOCK = 128;
/** numpy's ufunc buffer: a reduction adds its pairwise sums of runs this long, one after another. */
const BUFFER = 8192;

/** The sum of term(from) … term(from + count - 1), added in numpy's order. */
export function pairwiseSum(term: (i: number) => number, from: number, count: number): number {
  if (count <= BUFFER) return pairwise(term, from, count);
  let sum = 0;
  for (let start = 0; start < count; start += BUFFER) sum += pairwise(term, from + start, Math.min(BUFFER, count - start));
  return sum;
}

function pairwise(term: (i: number) => number, from: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let i = from; i < from + count; i++) sum += term(i);
    return sum;
  }
  if (count <= BLOCK) {
    let r0 = term(from), r1 = term(from + 1), r2 = term(from + 2), r3 = term(from + 3);
    let r4 = term(from + 4), r5 = term(from + 5), r6 = term(from + 6), r7 = term(from + 7);
    const whole = count - (count % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const at = from + i;
      r0 += term(at);
      r1 += term(at + 1);
      r2 += term(at + 2);
      r3 += term(at + 3);
      r4 += term(at + 4);
      r5 += term(at + 5);
      r6 += term(at + 6);
      r7 += term(at + 7);
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < count; i++) sum += term(from + i);
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwise(term, from, half) + pairwise(term, from + half, count - half);
}

/** np.sum of `count` values of an array from `from` (importances, a column, a target). */
export function sumOf(values: ArrayLike<number>, from = 0, count = values.length - from): number {
  return pairwiseSum((i) => values[i], from, count);
}

/** numpy.var (ddof 0) of a contiguous float64 array: the mean, then the mean of the squared deviations (SVC's gamma="scale"). */
export function numpyVar(values: Float64Array): number {
  const mean = sumOf(values) / values.length;
  return pairwiseSum((i) => (values[i] - mean) * (values[i] - mean), 0, values.length) / values.length;
}
