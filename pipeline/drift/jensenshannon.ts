// The Jensen–Shannon distance between two discrete distributions, equal to
// scipy.spatial.distance.jensenshannon(p, q, base): p and q are normalized first; the
// square root of the mean of both relative entropies to their midpoint; natural log
// unless a base is given (Evidently reports it in base 2, where it lies in [0, 1]).

export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  if (p.length !== q.length || p.length === 0) throw new Error('jensenshannon needs two distributions over the same categories');
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < p.length; i++) {
    pTotal += p[i];
    qTotal += q[i];
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / pTotal;
    const b = q[i] / qTotal;
    const m = (a + b) / 2;
    // rel_entr(x, m) = x log(x / m), 0 where x is 0
    if (a > 0) left += a * Math.log(a / m);
    if (b > 0) right += b * Math.log(b / m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(js, 0) / 2);
}
