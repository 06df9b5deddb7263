// SimpleImputer's statistics, from the observed (non-missing) training values only.
import { compareCodePoints } from '../data/text-order.ts';

/** Median as numpy computes it: the mean of the two middle values of an even count. */
export function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** The most frequent value; the smallest of equally frequent ones, as scipy's mode gives it. */
export function mostFrequentNumber(values: Float64Array): number {
  const sorted = values.slice().sort();
  let best = sorted[0];
  let bestCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      best = sorted[i];
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}

/** Of categories with their counts, the most frequent; the smallest of equally frequent ones, as SimpleImputer picks. */
export function mostFrequentCategory(counts: ReadonlyMap<string, number>): string {
  let best: string | undefined;
  let bestCount = 0;
  for (const [category, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compareCodePoints(category, best) < 0)) {
      best = category;
      bestCount = count;
    }
  }
  return best!;
}
