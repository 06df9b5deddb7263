// One drift check's verdict, from the comparison of every profiled feature (and the
// predictions) with the reference:
// - the decision, as alibi-detect's TabularDrift makes it: each feature's test (KS for
//   numbers, chi-square for categories) at p < 0.05, corrected for the number of
//   features tested (Bonferroni by default; "fdr" for Benjamini–Hochberg; "none");
// - beside it, Evidently's distances with its thresholds (normalized Wasserstein and
//   Jensen–Shannon at 0.1, PSI at 0.1), and its data-set rule: the data set drifts when
//   at least half of the features drift by those distances.
// The check fails (exit code 3) when any feature or the predictions drift after the
// correction, or, with failOn "dataset", when Evidently's share rule says so.
import type { FeatureDrift } from './compare.ts';
import { correctPValues, type Correction } from './correction.ts';

export interface DriftOptions {
  pValue: number;
  correction: Correction | 'none';
  /** Distance from which Wasserstein (normalized) and Jensen–Shannon say a feature drifted. */
  distance: number;
  psi: number;
  /** Share of features drifting by distance for the whole data set to drift. */
  datasetShare: number;
  failOn: 'any' | 'dataset';
}

export const DRIFT_DEFAULTS: DriftOptions = { pValue: 0.05, correction: 'bonferroni', distance: 0.1, psi: 0.1, datasetShare: 0.5, failOn: 'any' };

export interface CheckedFeature extends FeatureDrift {
  /** The test's verdict after the correction. */
  drifted: boolean;
  /** Evidently's: the feature's distance at or above its threshold (Wasserstein for numbers, Jensen–Shannon otherwise). */
  distanceDrifted: boolean;
  psiDrifted: boolean;
}

export interface DriftCheck {
  features: CheckedFeature[];
  /** The p-value a feature's test must be below, once corrected. */
  threshold: number;
  /** Some feature or the predictions drifted by their tests. */
  drifted: boolean;
  /** Evidently's share rule, on the features (the predictions apart). */
  datasetDrift: { drifted: number; compared: number; share: number; drift: boolean };
  fails: boolean;
}

export function checkDrift(drift: readonly FeatureDrift[], options: DriftOptions = DRIFT_DEFAULTS): DriftCheck {
  const pValues = drift.map((feature) => feature.pValue);
  const corrected =
    options.correction === 'none'
      ? { threshold: options.pValue, drifted: pValues.map((p) => p !== null && p < options.pValue) }
      : correctPValues(pValues, options.pValue, options.correction);
  const features = drift.map((feature, j): CheckedFeature => {
    const distance = feature.kind === 'numeric' && feature.test === 'ks' ? feature.distances.wasserstein : feature.distances.jensenShannon;
    return {
      ...feature,
      drifted: corrected.drifted[j],
      distanceDrifted: distance !== null && distance >= options.distance,
      psiDrifted: feature.distances.psi !== null && feature.distances.psi >= options.psi,
    };
  });
  const inputs = features.filter((feature) => feature.role === 'feature' && feature.statistic !== null);
  const distanceDrifted = inputs.filter((feature) => feature.distanceDrifted).length;
  const share = inputs.length > 0 ? distanceDrifted / inputs.length : 0;
  const datasetDrift = { drifted: distanceDrifted, compared: inputs.length, share, drift: inputs.length > 0 && share >= options.datasetShare };
  const drifted = features.some((feature) => feature.drifted);
  return { features, threshold: corrected.threshold, drifted, datasetDrift, fails: options.failOn === 'dataset' ? datasetDrift.drift : drifted };
}
