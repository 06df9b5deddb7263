// Quantiles as numpy.quantile computes them by default (method="linear"): position
// q·(n − 1) in the sorted values, interpolated between its neighbours with numpy's _lerp
// (from the upper neighbour when the fraction is at least ½, so results are monotone).

/** numpy.linspace(0, 1, count + 1): k · (1 / count), the last exactly 1. */
export function quantileLevels(count: number): Float64Array {
  const levels = new Float64Array(count + 1);
  const step = 1 / count;
  for (let k = 0; k < count; k++) levels[k] = k * step;
  levels[count] = 1;
  return levels;
}

/** The quantiles of values sorted ascending (no NaN, at least one value). */
export function quantilesSorted(sorted: Float64Array, levels: ArrayLike<number>): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(levels.length);
  for (let k = 0; k < levels.length; k++) {
    const position = (n - 1) * levels[k];
    if (position >= n - 1) {
      out[k] = sorted[n - 1];
      continue;
    }
    const below = Math.floor(position);
    const t = position - below;
    const a = sorted[below];
    const b = sorted[below + 1];
    const diff = b - a;
    out[k] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return out;
}
