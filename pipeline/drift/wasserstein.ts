// The 1-D first Wasserstein distance (earth mover's distance) between two distributions
// given as values with optional weights, equal to scipy.stats.wasserstein_distance(u, v,
// u_weights, v_weights): the integral of |U(t) − V(t)| over the merged support.

function order(values: ArrayLike<number>): Int32Array {
  const index = new Int32Array(values.length);
  for (let i = 0; i < index.length; i++) index[i] = i;
  return index.sort((a, b) => values[a] - values[b]);
}

export function wassersteinDistance(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  uWeights?: ArrayLike<number>,
  vWeights?: ArrayLike<number>,
): number {
  if (u.length === 0 || v.length === 0) throw new Error('wasserstein_distance needs two non-empty distributions');
  const uOrder = order(u);
  const vOrder = order(v);
  let uTotal = 0;
  let vTotal = 0;
  for (let i = 0; i < u.length; i++) uTotal += uWeights ? uWeights[i] : 1;
  for (let i = 0; i < v.length; i++) vTotal += vWeights ? vWeights[i] : 1;
  if (!(uTotal > 0 && vTotal > 0)) throw new Error('wasserstein_distance needs positive total weights');
  // Walk the merged sorted values; between consecutive ones both CDFs are constant.
  let i = 0;
  let j = 0;
  let uCumulative = 0;
  let vCumulative = 0;
  let distance = 0;
  let previous = Math.min(u[uOrder[0]], v[vOrder[0]]);
  while (i < u.length || j < v.length) {
    const next = j >= v.length || (i < u.length && u[uOrder[i]] <= v[vOrder[j]]) ? u[uOrder[i]] : v[vOrder[j]];
    distance += Math.abs(uCumulative / uTotal - vCumulative / vTotal) * (next - previous);
    for (; i < u.length && u[uOrder[i]] <= next; i++) uCumulative += uWeights ? uWeights[uOrder[i]] : 1;
    for (; j < v.length && v[vOrder[j]] <= next; j++) vCumulative += vWeights ? vWeights[vOrder[j]] : 1;
    previous = next;
  }
  return distance;
}
