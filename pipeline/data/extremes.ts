// The largest and smallest of a list of numbers, by a loop: Math.max(...values) puts every
// value on the call stack and throws RangeError past ~10^5 of them (a class per label, a
// column per feature, a row per record can all be that many).

/** The largest value, or `floor` when there are none (or all are below it). */
export function largest(values: ArrayLike<number>, floor = -Infinity): number {
  let best = floor;
  for (let i = 0; i < values.length; i++) if (values[i] > best) best = values[i];
  return best;
}

/** The smallest value, or `ceiling` when there are none (or all are above it). */
export function smallest(values: ArrayLike<number>, ceiling = Infinity): number {
  let best = ceiling;
  for (let i = 0; i < values.length; i++) if (values[i] < best) best = values[i];
  return best;
}
