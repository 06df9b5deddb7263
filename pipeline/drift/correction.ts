// Multiple-testing corrections over the features' p-values, as alibi-detect's
// univariate detectors (TabularDrift, KSDrift, ChiSquareDrift) apply them for a batch:
// - "bonferroni" (its default): drift where p < α / m, m the number of features tested;
// - "fdr" (Benjamini–Hochberg): with p sorted ascending, k the largest rank with
//   p_(k) < α·k/m, drift where p < α·k/m (alibi-detect's threshold), i.e. the k smallest.
// Features without a p-value (distance-only) take no part and are never flagged here.
// alibi-detect decides the batch this way (drift_type="batch", its default); its
// per-feature mode (drift_type="feature") compares the uncorrected p-values with α. The
// features flagged here are those below the corrected threshold, the ones that make the
// batch decision.

export type Correction = 'bonferroni' | 'fdr';

export interface CorrectedDrift {
  /** The p-value threshold after the correction: drift where p < threshold. */
  threshold: number;
  drifted: boolean[];
  /** Any feature drifted: alibi-detect's batch-level is_drift. */
  any: boolean;
}

export function correctPValues(pValues: readonly (number | null)[], alpha: number, correction: Correction = 'bonferroni'): CorrectedDrift {
  const tested = pValues.filter((p): p is number => p !== null && !Number.isNaN(p));
  const m = tested.length;
  let threshold: number;
  if (m === 0) threshold = alpha;
  else if (correction === 'bonferroni') threshold = alpha / m;
  else {
    const sorted = Float64Array.from(tested).sort();
    // alibi-detect reports the smallest level, α/m, when no rank passes.
    threshold = alpha / m;
    for (let k = m; k >= 1; k--) {
      if (sorted[k - 1] < (alpha * k) / m) {
        threshold = (alpha * k) / m;
        break;
      }
    }
  }
  const drifted = pValues.map((p) => p !== null && p < threshold);
  return { threshold, drifted, any: drifted.some(Boolean) };
}
