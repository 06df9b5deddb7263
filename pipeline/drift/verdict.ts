// Which features drifted, by the rules of the tools this kit follows.
// - "evidently" (Evidently's default data-drift algorithm): with at most 1000 reference
//   rows, a test at p < 0.05 (KS for numbers with more than 5 distinct values, chi-square
//   otherwise); with more, a distance at ≥ 0.1 (Wasserstein normalized by the training
//   std for those numbers, Jensen–Shannon otherwise). The data set drifts when at least
//   half of the columns compared do (its drift_share = 0.5).
// - "alibi" (alibi-detect's TabularDrift): KS / chi-square p-values at 0.05 with the
//   Bonferroni correction (or "fdr", Benjamini–Hochberg) over the features.
// Features whose statistics are null (no values on one side) are not counted.
import type { FeatureDrift } from './compare.ts';
import { correctPValues, type Correction } from './correction.ts';

export const EVIDENTLY_DEFAULTS = { smallReferenceRows: 1000, pValue: 0.05, distance: 0.1, datasetShare: 0.5 };
export const ALIBI_DEFAULTS = { pValue: 0.05, correction: 'bonferroni' as Correction };

export interface FeatureVerdict {
  name: string;
  method: 'ks' | 'chi2' | 'wasserstein' | 'jensenshannon';
  score: number | null;
  /** Drift where a p-value is below it, or a distance at or above it. */
  threshold: number;
  drifted: boolean;
}

export interface Verdict {
  features: FeatureVerdict[];
  drifted: number;
  compared: number;
  datasetDrift: boolean;
}

export function evidentlyVerdict(drift: readonly FeatureDrift[], referenceRows: number, options = EVIDENTLY_DEFAULTS): Verdict {
  const small = referenceRows <= options.smallReferenceRows;
  const features = drift.map((f): FeatureVerdict => {
    if (small) {
      const drifted = f.pValue !== null && f.pValue < options.pValue;
      return { name: f.name, method: f.test, score: f.pValue, threshold: options.pValue, drifted };
    }
    const method = f.kind === 'numeric' && f.test === 'ks' ? 'wasserstein' : 'jensenshannon';
    const score = method === 'wasserstein' ? f.distances.wasserstein : f.distances.jensenShannon;
    return { name: f.name, method, score, threshold: options.distance, drifted: score !== null && score >= options.distance };
  });
  const compared = features.filter((f) => f.score !== null).length;
  const drifted = features.filter((f) => f.drifted).length;
  return { features, drifted, compared, datasetDrift: compared > 0 && drifted >= options.datasetShare * compared };
}

export function alibiVerdict(drift: readonly FeatureDrift[], options = ALIBI_DEFAULTS): Verdict & { threshold: number } {
  const corrected = correctPValues(drift.map((f) => f.pValue), options.pValue, options.correction);
  const features = drift.map((f, j): FeatureVerdict => ({ name: f.name, method: f.test, score: f.pValue, threshold: corrected.threshold, drifted: corrected.drifted[j] }));
  const compared = features.filter((f) => f.score !== null).length;
  const drifted = features.filter((f) => f.drifted).length;
  return { features, drifted, compared, datasetDrift: corrected.any, threshold: corrected.threshold };
}
