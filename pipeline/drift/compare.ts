// Per feature, production counts (accumulate.ts) against the reference profile: a test
// with its p-value, and distances. Numbers are compared on the reference's bins, which
// is all a profile keeps of the training values:
// - KS: the largest gap between the two CDFs at the bin edges, i.e. ks_2samp of both
//   samples each value replaced by its bin (values below the training minimum and above
//   its maximum in bins of their own), with ks_2samp's p-value for the reference's and the
//   current rows' counts. It never exceeds the exact KS statistic and falls short of it by
//   at most the larger side's mass in one bin, so its p-value errs high (fewer alarms).
// - Wasserstein: scipy's weighted form with each bin's mass at the mean of its values,
//   divided by the training std (at least 0.001), as Evidently normalizes it.
// - Jensen–Shannon (base 2, Evidently's) and PSI on the same bins. Evidently bins both
//   samples together (numpy's Sturges equal-width bins over both) each time it
//   compares; a stored profile must fix its bins at training, so these are the training
//   quantiles' and the numbers differ from Evidently's on the same data.
// A number with at most 5 distinct training values is tested with chi-square on its
// bins, one per training value, as Evidently tests such columns.
// Categories: chi-square on the 2 × k table of training categories, the rare bucket and
// one bucket for every category training never saw; JS and PSI on the same table.
import type { CategoricalCounts, FeatureCounts, NumericCounts } from './accumulate.ts';
import { chi2Contingency } from './chi2-contingency.ts';
import { jensenShannon } from './jensenshannon.ts';
import { ksTwoSampleTest } from './ks.ts';
import type { CategoricalProfile, FeatureProfile, NumericProfile, ReferenceProfile } from './profile.ts';
import { populationStabilityIndex } from './psi.ts';
import { wassersteinDistance } from './wasserstein.ts';

/** Numbers with at most this many distinct training values are tested as categories. */
export const CATEGORICAL_DISTINCT = 5;
const MIN_NORM = 0.001;

export interface FeatureDrift {
  name: string;
  role: 'feature' | 'prediction';
  kind: 'numeric' | 'categorical';
  test: 'ks' | 'chi2';
  /** null when either side has no values to compare. */
  statistic: number | null;
  pValue: number | null;
  dof?: number;
  /** Wasserstein (normalized) only for numbers. */
  distances: { wasserstein: number | null; jensenShannon: number | null; psi: number | null };
  reference: { rows: number; missingShare: number };
  current: { rows: number; missing: number; missingShare: number; mean?: number | null; std?: number | null };
  /** Numbers: rows below the training minimum and above its maximum. */
  outOfRange?: { below: number; above: number };
  /** Categories: rows of categories training never saw, the most frequent named. */
  unseen?: { rows: number; categories: { value: string; rows: number }[]; otherRows: number };
}

/** The reference's counts over the current counts' slots (0 below the minimum and above the maximum). */
function referenceSlots(profile: NumericProfile): Float64Array {
  const slots = new Float64Array(profile.bins.edges.length + 2);
  profile.bins.counts.forEach((count, i) => (slots[i + 1] = count));
  return slots;
}

/** KS between two count vectors over the same ordered slots. */
function binnedKs(reference: Float64Array, current: Float64Array, nReference: number, nCurrent: number) {
  let i = 0;
  let j = 0;
  let d = 0;
  for (let k = 0; k < reference.length; k++) {
    i += reference[k];
    j += current[k];
    // the same arithmetic as ks_2samp's searchsorted(...)/n on the coarsened samples
    d = Math.max(d, Math.abs(i / nReference - j / nCurrent));
  }
  return ksTwoSampleTest(Math.min(d, 1), nReference, nCurrent);
}

/** Drops slots empty on both sides (chi-square has no expected count for them). */
function nonEmpty(reference: Float64Array, current: Float64Array): [number[], number[]] {
  const r: number[] = [];
  const c: number[] = [];
  for (let k = 0; k < reference.length; k++) {
    if (reference[k] > 0 || current[k] > 0) {
      r.push(reference[k]);
      c.push(current[k]);
    }
  }
  return [r, c];
}

function compareNumeric(profile: NumericProfile, counts: NumericCounts) {
  const reference = referenceSlots(profile);
  const nReference = profile.count - profile.missing;
  const nCurrent = counts.rows - counts.missing;
  const slots = reference.length;
  const shifted = counts.sum / nCurrent;
  const mean = nCurrent > 0 ? counts.shift + shifted : null;
  const std = nCurrent > 0 ? Math.sqrt(Math.max(counts.sumOfSquares / nCurrent - shifted * shifted, 0)) : null;
  const current = { mean, std };
  const outOfRange = { below: counts.counts[0], above: counts.counts[slots - 1] };
  if (nReference === 0 || nCurrent === 0) return { test: 'ks' as const, statistic: null, pValue: null, distances: { wasserstein: null, jensenShannon: null, psi: null }, current, outOfRange };
  // Bin masses at their means; a slot outside the training range at its current mean.
  const edges = profile.bins.edges;
  const referenceValues = new Float64Array(slots);
  const currentValues = new Float64Array(slots);
  for (let k = 0; k < slots; k++) {
    const edge = edges[Math.min(Math.max(k - 1, 0), edges.length - 1)];
    referenceValues[k] = k === 0 || k === slots - 1 ? edge : (profile.bins.means?.[k - 1] ?? edge);
    currentValues[k] = counts.counts[k] > 0 ? counts.sums[k] / counts.counts[k] : edge;
  }
  const wasserstein = wassersteinDistance(referenceValues, currentValues, reference, counts.counts) / Math.max(profile.std ?? 0, MIN_NORM);
  const distances = { wasserstein, jensenShannon: jensenShannon(reference, counts.counts, 2), psi: populationStabilityIndex(reference, counts.counts) };
  if (profile.distinct <= CATEGORICAL_DISTINCT) {
    const [r, c] = nonEmpty(reference, counts.counts);
    const chi = chi2Contingency(r, c);
    return { test: 'chi2' as const, statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof, distances, current, outOfRange };
  }
  const ks = binnedKs(reference, counts.counts, nReference, nCurrent);
  return { test: 'ks' as const, statistic: ks.statistic, pValue: ks.pValue, distances, current, outOfRange };
}

function compareCategorical(profile: CategoricalProfile, counts: CategoricalCounts) {
  const reference = new Float64Array(counts.counts.length);
  profile.counts.forEach((count, k) => (reference[k] = count));
  reference[profile.categories.length] = profile.rare?.count ?? 0;
  const unseenRows = counts.counts[counts.counts.length - 1];
  const named = [...counts.unseen].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
  const unseen = { rows: unseenRows, categories: named, otherRows: counts.unseenOther };
  const nReference = profile.count - profile.missing;
  const nCurrent = counts.rows - counts.missing;
  if (nReference === 0 || nCurrent === 0) return { test: 'chi2' as const, statistic: null, pValue: null, distances: { wasserstein: null, jensenShannon: null, psi: null }, unseen };
  const [r, c] = nonEmpty(reference, counts.counts);
  const chi = chi2Contingency(r, c);
  const distances = { wasserstein: null, jensenShannon: jensenShannon(r, c, 2), psi: populationStabilityIndex(r, c) };
  return { test: 'chi2' as const, statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof, distances, unseen };
}

export function compareFeature(profile: FeatureProfile, counts: FeatureCounts): FeatureDrift {
  const head = { name: profile.name, role: profile.role, kind: profile.kind };
  const reference = { rows: profile.count, missingShare: profile.missingShare };
  const currentRows = { rows: counts.rows, missing: counts.missing, missingShare: counts.rows > 0 ? counts.missing / counts.rows : 0 };
  if (profile.kind === 'numeric' && counts.kind === 'numeric') {
    const { current, ...rest } = compareNumeric(profile, counts);
    return { ...head, ...rest, reference, current: { ...currentRows, ...current } };
  }
  if (profile.kind === 'categorical' && counts.kind === 'categorical') return { ...head, ...compareCategorical(profile, counts), reference, current: currentRows };
  throw new Error(`feature "${profile.name}": counts of another kind than its profile`);
}

export function compareProfile(profile: ReferenceProfile, counts: readonly FeatureCounts[]): FeatureDrift[] {
  return profile.features.map((feature, j) => compareFeature(feature, counts[j]));
}
