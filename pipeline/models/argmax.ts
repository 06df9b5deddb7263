/**
 * Index of the most probable class among `count` values from `offset` (one row of a
 * flat batch); the first one wins a tie, as numpy's argmax does.
 */
export function argmax(values: ArrayLike<number>, offset = 0, count = values.length - offset): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** The most probable class of each row of a flat batch. */
export function argmaxRows(probabilities: Float64Array, classCount: number): Int32Array {
  const result = new Int32Array(probabilities.length / classCount);
  for (let i = 0; i < result.length; i++) result[i] = argmax(probabilities, i * classCount, classCount);
  return result;
}
