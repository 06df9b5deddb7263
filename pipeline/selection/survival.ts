// Successive halving's forecast: the chance that each setting of the current iteration is
// among the best k when its scores are all in, from its partial mean score and how much one
// fold's score varies. Each setting's mean is taken as normal around its partial mean (the
// pooled variance of a fold's score over the folds' count done); the number of settings that
// beat it is a sum of those pairwise chances, taken as normal too.

/** A setting's scores so far on one number of rows. */
export interface PartialScores {
  sum: number;
  squares: number;
  count: number;
}

/** Φ, the standard normal CDF (Abramowitz and Stegun 7.1.26: within 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Per setting (in the order given), the chance of being among the best `k` by mean score.
 * The chances add up to k (at most 1 each). With no fold's variance known yet (one score
 * each), the ranking is taken as it stands.
 */
export function survivalChances(settings: readonly PartialScores[], k: number): Float64Array {
  const n = settings.length;
  const chances = new Float64Array(n);
  if (k >= n) return chances.fill(1);
  let deviations = 0;
  let freedom = 0;
  const means = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { sum, squares, count } = settings[i];
    means[i] = sum / count;
    if (count > 1) {
      deviations += Math.max(0, squares - (sum * sum) / count);
      freedom += count - 1;
    }
  }
  const variance = freedom > 0 ? deviations / freedom : 0;
  for (let i = 0; i < n; i++) {
    // How many settings beat this one: its mean and variance as a sum of pairwise chances.
    let expected = 0;
    let spread = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const gap = means[j] - means[i];
      const scale = Math.sqrt(variance / settings[i].count + variance / settings[j].count);
      // Without a variance the order stands; a tie goes to the later setting, as halving's cut (halving-schedule.ts's topK).
      const p = scale > 0 ? normalCdf(gap / scale) : gap > 0 || (gap === 0 && j > i) ? 1 : 0;
      expected += p;
      spread += p * (1 - p);
    }
    const margin = k - 0.5 - expected;
    chances[i] = spread > 0 ? normalCdf(margin / Math.sqrt(spread)) : margin > 0 ? 1 : 0;
  }
  // Exactly k go on: the chances scaled to add up to k, none above 1.
  for (let round = 0; round < 3; round++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += chances[i];
    if (total <= 0) break;
    for (let i = 0; i < n; i++) chances[i] = Math.min(1, (chances[i] * k) / total);
  }
  return chances;
}
