import type { FeatureStats } from '../../pipeline/artifact/model-parts.ts';

/**
 * The drift signal: a value outside the range its feature had in training still gets a
 * prediction, with a warning that names it. Rows are read at `offset` of `values`.
 */
export function rangeWarnings(featureStats: readonly FeatureStats[], values: ArrayLike<number>, offset = 0): string[] | undefined {
  let warnings: string[] | undefined;
  for (let j = 0; j < featureStats.length; j++) {
    const value = values[offset + j];
    const { name, min, max } = featureStats[j];
    if (value < min || value > max) (warnings ??= []).push(`${name} = ${value} is outside the training range [${min}, ${max}]`);
  }
  return warnings;
}
