// The reference profile training stores beside the model: per input a compact summary of
// its training distribution (a histogram on the training quantiles for a number, category
// counts for a category), and the same for the model's predictions. Plain JSON; under
// 2 KB a feature for numbers (see the tests) and category names' length for categories.
import { quantileLevels, quantilesSorted } from './quantiles.ts';

export const QUANTILE_BINS = 20;
/** A number with at most this many distinct training values gets one bin per value. */
export const MAX_VALUE_BINS = QUANTILE_BINS;

export interface NumericBins {
  /**
   * Bin i holds the values in (edges[i − 1], edges[i]]; bin 0 holds edges[0], the training
   * minimum. The edges are the distinct training values when there are at most 20, else
   * the distinct training quantiles (ties merge quantile bins rather than leave empty ones).
   */
  edges: number[];
  counts: number[];
  /** The mean of each bin's values (its edge when empty); absent when each bin holds one value, its edge. */
  means?: number[];
}

interface Presence {
  /** Rows, missing ones included. */
  count: number;
  missing: number;
  missingShare: number;
}

export interface NumericProfile extends Presence {
  kind: 'numeric';
  mean: number | null;
  /** Population standard deviation (numpy's default, ddof = 0). */
  std: number | null;
  /** numpy.quantile at 0, 0.05, …, 1 (linear interpolation); empty without values. */
  quantiles: number[];
  /** Distinct values, counted up to 21 (21: more than 20). */
  distinct: number;
  bins: NumericBins;
}

export interface CategoricalProfile extends Presence {
  kind: 'categorical';
  categories: string[];
  counts: number[];
  /** Categories training saw too rarely to keep apart, counted as one bucket. */
  rare?: { categories: string[]; count: number };
}

export type FeatureProfile = (NumericProfile | CategoricalProfile) & { name: string; role: 'feature' | 'prediction' };

export interface ReferenceProfile {
  version: 1;
  rows: number;
  /** Inputs in the model's order, then the prediction if profiled. */
  features: FeatureProfile[];
}

/** Codes into a list of levels; NaN (Float64Array) or a negative code means missing. */
export interface CategoricalColumn {
  codes: Int32Array | Float64Array;
  levels: readonly string[];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** Neumaier's compensated sum of values[from..to): numpy's pairwise sums agree to ~1e-16. */
function compensatedSum(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const x = values[i];
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

export function profileNumeric(values: Float64Array): NumericProfile {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) present[n++] = values[i]; // NaN (and ±Infinity): missing
  const sorted = present.subarray(0, n).sort();
  const missing = values.length - n;
  const base = { kind: 'numeric' as const, count: values.length, missing, missingShare: share(missing, values.length) };
  if (n === 0) return { ...base, mean: null, std: null, quantiles: [], distinct: 0, bins: { edges: [], counts: [] } };
  const mean = compensatedSum(sorted, 0, n) / n;
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = (sorted[i] - mean) * (sorted[i] - mean);
  const squares = compensatedSum(deviations, 0, n);
  const quantiles = quantilesSorted(sorted, quantileLevels(QUANTILE_BINS));
  const distinctValues: number[] = [];
  for (let i = 0; i < n && distinctValues.length <= MAX_VALUE_BINS; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinctValues.push(sorted[i]);
  const byValue = distinctValues.length <= MAX_VALUE_BINS;
  const edges = byValue ? distinctValues : [...new Set(quantiles)];
  // One pass over the sorted values: each bin is a run.
  const counts = new Array<number>(edges.length).fill(0);
  const means = new Array<number>(edges.length);
  let start = 0;
  for (let bin = 0; bin < edges.length; bin++) {
    let end = start;
    while (end < n && sorted[end] <= edges[bin]) end++;
    counts[bin] = end - start;
    means[bin] = end > start ? compensatedSum(sorted, start, end) / (end - start) : edges[bin];
    start = end;
  }
  const bins: NumericBins = { edges, counts };
  if (!byValue) bins.means = means;
  return { ...base, mean, std: Math.sqrt(squares / n), quantiles: Array.from(quantiles), distinct: Math.min(distinctValues.length, MAX_VALUE_BINS + 1), bins };
}

export function profileCategorical(column: CategoricalColumn, rare: readonly string[] = []): CategoricalProfile {
  const { codes, levels } = column;
  const perLevel = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (!(code >= 0)) missing++;
    else if (code < levels.length && Number.isInteger(code)) perLevel[code]++;
    else throw new Error(`category code ${code} at row ${i} is not an index into its ${levels.length} levels`);
  }
  const rareSet = new Set(rare);
  const categories: string[] = [];
  const counts: number[] = [];
  let rareCount = 0;
  levels.forEach((level, k) => {
    if (rareSet.has(level)) rareCount += perLevel[k];
    else {
      categories.push(level);
      counts.push(perLevel[k]);
    }
  });
  const profile: CategoricalProfile = { kind: 'categorical', count: codes.length, missing, missingShare: share(missing, codes.length), categories, counts };
  if (rare.length) profile.rare = { categories: [...rare], count: rareCount };
  return profile;
}

/** The predicted classes' distribution: class indices into the model's class labels. */
export function profileClasses(predicted: Int32Array, classes: readonly string[]): CategoricalProfile {
  return profileCategorical({ codes: predicted, levels: classes });
}

export interface ProfileInput {
  name: string;
  role?: 'feature' | 'prediction';
  /** Numbers (NaN for missing), or category codes with their levels. */
  column: Float64Array | CategoricalColumn;
  /** Categories to count as one rare bucket (a categorical input's infrequent ones). */
  rare?: readonly string[];
}

/** The whole profile: inputs in the model's order, then the prediction (role "prediction"). */
export function referenceProfile(inputs: readonly ProfileInput[]): ReferenceProfile {
  const rows = inputs.length ? (inputs[0].column instanceof Float64Array ? inputs[0].column.length : inputs[0].column.codes.length) : 0;
  const features = inputs.map(({ name, role = 'feature', column, rare }): FeatureProfile => {
    const length = column instanceof Float64Array ? column.length : column.codes.length;
    if (length !== rows) throw new Error(`column "${name}" has ${length} rows, the first column ${rows}`);
    return { ...(column instanceof Float64Array ? profileNumeric(column) : profileCategorical(column, rare)), name, role };
  });
  return { version: 1, rows, features };
}
