/**
 * a[aStart..] · b[bStart..] over `length` terms, in four independent sums: one running
 * sum waits on each addition in turn, four let the CPU overlap them (~2x here).
 */
export function dot(a: Float64Array, aStart: number, b: Float64Array, bStart: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < length; j += 4) {
    s0 += a[aStart + j] * b[bStart + j];
    s1 += a[aStart + j + 1] * b[bStart + j + 1];
    s2 += a[aStart + j + 2] * b[bStart + j + 2];
    s3 += a[aStart + j + 3] * b[bStart + j + 3];
  }
  for (; j < length; j++) s0 += a[aStart + j] * b[bStart + j];
  return s0 + s1 + (s2 + s3);
}
