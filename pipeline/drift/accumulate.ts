// Counts production rows against a reference profile, batch by batch, in memory bounded by
// the profile (not the rows): per number the rows in each reference bin (plus below the
// training minimum and above its maximum) and their sums; per category the rows of each
// training category, of the rare bucket and of categories training never saw.
import type { CategoricalColumn, FeatureProfile, ReferenceProfile } from './profile.ts';

/** Distinct unseen categories named in the result; the rest are only counted. */
export const MAX_NAMED_UNSEEN = 100;

export interface NumericCounts {
  kind: 'numeric';
  rows: number;
  missing: number;
  /** Slot 0: below the training minimum; 1..bins: the reference bins; last: above the maximum. */
  counts: Float64Array;
  sums: Float64Array;
  /** Σ (x − shift) and Σ (x − shift)², shift the training mean: no cancellation for the std. */
  shift: number;
  sum: number;
  sumOfSquares: number;
}

export interface CategoricalCounts {
  kind: 'categorical';
  rows: number;
  missing: number;
  /** Slots: the profile's categories, then the rare bucket, then every unseen category. */
  counts: Float64Array;
  unseen: Map<string, number>;
  /** Rows of unseen categories past the first MAX_NAMED_UNSEEN names. */
  unseenOther: number;
}

export type FeatureCounts = NumericCounts | CategoricalCounts;
export type BatchColumn = Float64Array | CategoricalColumn;

function addNumeric(counts: NumericCounts, edges: readonly number[], values: Float64Array): void {
  const last = edges.length - 1;
  const low = edges[0];
  const high = edges[last];
  const slots = counts.counts;
  const sums = counts.sums;
  const shift = counts.shift;
  let missing = 0;
  // Running totals carried through, so that the batches' sizes change no rounding.
  let sum = counts.sum;
  let squares = counts.sumOfSquares;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x - x !== 0) {
      // NaN, and ±Infinity, which would poison the sums: missing
      missing++;
      continue;
    }
    const d = x - shift;
    sum += d;
    squares += d * d;
    let slot: number;
    if (x < low) slot = 0;
    else if (x > high) slot = last + 2;
    else {
      // smallest bin whose edge is ≥ x (no edges at all: the last slot, compared with nothing)
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      slot = lo + 1;
    }
    slots[slot]++;
    sums[slot] += x;
  }
  counts.rows += values.length;
  counts.missing += missing;
  counts.sum = sum;
  counts.sumOfSquares = squares;
}

function addCategorical(counts: CategoricalCounts, slotOf: Map<string, number>, column: CategoricalColumn, name: string): void {
  const { codes, levels } = column;
  const perLevel = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code >= 0 && code < levels.length && (code | 0) === code) perLevel[code]++;
    else if (code !== code || code < 0) missing++;
    else throw new Error(`${name}: category code ${code} is not an index into the batch's ${levels.length} levels`);
  }
  const unseenSlot = counts.counts.length - 1;
  for (let k = 0; k < levels.length; k++) {
    const rows = perLevel[k];
    if (rows === 0) continue;
    const slot = slotOf.get(levels[k]);
    if (slot !== undefined) {
      counts.counts[slot] += rows;
      continue;
    }
    counts.counts[unseenSlot] += rows;
    const named = counts.unseen.get(levels[k]);
    if (named !== undefined) counts.unseen.set(levels[k], named + rows);
    else if (counts.unseen.size < MAX_NAMED_UNSEEN) counts.unseen.set(levels[k], rows);
    else counts.unseenOther += rows;
  }
  counts.rows += codes.length;
  counts.missing += missing;
}

export interface DriftAccumulator {
  /** One batch: a column per profiled feature, by name, all of the same length. */
  add(batch: Readonly<Record<string, BatchColumn>>): void;
  counts(): FeatureCounts[];
}

export function createDriftAccumulator(profile: ReferenceProfile): DriftAccumulator {
  const state: FeatureCounts[] = profile.features.map((feature) => {
    if (feature.kind === 'numeric') {
      const slots = feature.bins.edges.length + 2;
      return { kind: 'numeric', rows: 0, missing: 0, counts: new Float64Array(slots), sums: new Float64Array(slots), shift: feature.mean ?? 0, sum: 0, sumOfSquares: 0 };
    }
    const slots = feature.categories.length + 2;
    return { kind: 'categorical', rows: 0, missing: 0, counts: new Float64Array(slots), unseen: new Map(), unseenOther: 0 };
  });
  const slotMaps = profile.features.map((feature) => {
    if (feature.kind !== 'categorical') return undefined;
    const slots = new Map<string, number>();
    feature.categories.forEach((category, k) => slots.set(category, k));
    for (const category of feature.rare?.categories ?? []) slots.set(category, feature.categories.length);
    return slots;
  });
  const check = (feature: FeatureProfile, column: BatchColumn | undefined, length: number | undefined) => {
    if (column === undefined) throw new Error(`the batch has no column "${feature.name}"`);
    const isNumeric = column instanceof Float64Array;
    if (isNumeric !== (feature.kind === 'numeric')) throw new Error(`column "${feature.name}" must be ${feature.kind === 'numeric' ? 'numbers (a Float64Array)' : 'category codes with their levels'}`);
    const rows = isNumeric ? column.length : column.codes.length;
    if (length !== undefined && rows !== length) throw new Error(`column "${feature.name}" has ${rows} rows, the others ${length}`);
    return rows;
  };
  return {
    add(batch) {
      let length: number | undefined;
      profile.features.forEach((feature) => (length = check(feature, batch[feature.name], length)));
      profile.features.forEach((feature, j) => {
        const column = batch[feature.name];
        const counts = state[j];
        if (counts.kind === 'numeric' && feature.kind === 'numeric') {
          addNumeric(counts, feature.bins.edges, column as Float64Array);
        } else if (counts.kind === 'categorical') addCategorical(counts, slotMaps[j]!, column as CategoricalColumn, feature.name);
      });
    },
    counts: () => state,
  };
}
