// Python's math.log(x, base) for whole numbers, as successive halving's iteration counts
// floor it: log(x) / log(base), each log correctly rounded, as glibc's is (V8's Math.log
// is off by an ulp at times: it makes log(243, 3) 5 where Python has 4.999999999999999,
// and log(9, 3) 2.0000000000000004 where Python has 2.0: whole iterations apart).
const SCALE = 256n;
const ONE = 1n << SCALE;

/** atanh(z) = z + z^3/3 + z^5/5 + … in fixed point (2^-256), for |z| ≤ 1/3. */
function atanh(z: bigint): bigint {
  const z2 = (z * z) >> SCALE;
  let sum = 0n;
  for (let term = z, n = 1n; term !== 0n; term = (term * z2) >> SCALE, n += 2n) sum += term / n;
  return sum;
}

const LN2 = 2n * atanh(ONE / 3n);

/** ln(x) of a whole number x ≥ 1, rounded to the nearest double. */
export function correctlyRoundedLog(x: number): number {
  if (!Number.isSafeInteger(x) || x < 1) throw new RangeError(`correctlyRoundedLog takes a whole number of at least 1, not ${x}`);
  let m = BigInt(x) << SCALE;
  let k = 0n;
  while (m >= 2n * ONE) {
    m >>= 1n;
    k++;
  }
  // x = 2^k · m with m in [1, 2): ln m = 2 atanh((m - 1) / (m + 1)).
  const value = k * LN2 + 2n * atanh(((m - ONE) << SCALE) / (m + ONE));
  // Number() of a BigInt rounds to the nearest double; the power of two is exact.
  return Number(value) * 2 ** -256;
}

/** math.log(x, base) as CPython computes it on glibc. */
export function pythonLog(x: number, base: number): number {
  return correctlyRoundedLog(x) / correctlyRoundedLog(base);
}
