// The reference profile and the production stream against it, compared with an
// independent Python computation of the same binned statistics (scipy 1.10.1, numpy, and
// Evidently's PSI transcribed; tests/fixtures/scipy/generate_binned.py, committed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createDriftAccumulator, type BatchColumn } from '../pipeline/drift/accumulate.ts';
import { compareProfile } from '../pipeline/drift/compare.ts';
import { profileCategorical, profileNumeric, type FeatureProfile, type ReferenceProfile } from '../pipeline/drift/profile.ts';
import { sampleOf, type GoldenSpec } from './helpers/golden.ts';

type Side = (number | null)[] | GoldenSpec;
interface NumericCase {
  name: string;
  kind: 'numeric';
  reference: Side;
  current: Side;
  profile: { mean: number; std: number; quantiles: number[]; edges: number[]; counts: number[]; means: number[] | null; distinct: number };
  test: 'ks' | 'chi2';
  statistic: number;
  pvalue: number;
  dof?: number;
  wasserstein: number;
  jensenshannon: number;
  psi: number;
  below: number;
  above: number;
}
interface CategoricalCase {
  name: string;
  kind: 'categorical';
  levels: string[];
  rare: string[];
  reference: (string | null)[];
  current: (string | null)[];
  statistic: number;
  pvalue: number;
  dof: number;
  jensenshannon: number;
  psi: number;
  unseen: number;
}
const { cases } = JSON.parse(readFileSync(new URL('./fixtures/scipy/binned.json', import.meta.url), 'utf8')) as { cases: (NumericCase | CategoricalCase)[] };

/** Within `tolerance` of the expected value (relative past 1): ~10x the largest difference measured. */
function near(actual: number | null, expected: number, tolerance: number, what: string) {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** Feeds `rows` in batches of `size` through `column(start, end)`. */
function stream(profile: ReferenceProfile, rows: number, size: number, column: (start: number, end: number) => Record<string, BatchColumn>) {
  const accumulator = createDriftAccumulator(profile);
  for (let start = 0; start < rows; start += size) accumulator.add(column(start, Math.min(rows, start + size)));
  return compareProfile(profile, accumulator.counts())[0];
}

/** Codes of `values` into `levels`, −1 for missing. */
const codesOf = (values: readonly (string | null)[], levels: readonly string[]) => Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v)));

for (const c of cases) {
  if (c.kind === 'numeric') {
    test(`numbers, ${c.name}: the profile and the binned test, distances and out-of-range counts equal the Python reference`, () => {
      const reference = sampleOf(c.reference);
      const current = sampleOf(c.current);
      const profile = profileNumeric(reference);
      assert.deepEqual(profile.quantiles, c.profile.quantiles);
      assert.deepEqual(profile.bins.edges, c.profile.edges);
      assert.deepEqual(profile.bins.counts, c.profile.counts);
      assert.equal(profile.distinct, c.profile.distinct);
      if (c.profile.means === null) assert.equal(profile.bins.means, undefined);
      else profile.bins.means!.forEach((m, i) => near(m, c.profile.means![i], 2e-16, `mean of bin ${i}`));
      near(profile.mean, c.profile.mean, 2e-15, 'mean');
      near(profile.std, c.profile.std, 2e-15, 'std');
      const reference_: ReferenceProfile = { version: 1, rows: reference.length, features: [{ ...profile, name: 'x', role: 'feature' }] };
      const drift = stream(reference_, current.length, 997, (s, e) => ({ x: current.subarray(s, e) }));
      assert.equal(drift.test, c.test);
      if (c.test === 'chi2') assert.equal(drift.dof, c.dof);
      near(drift.statistic, c.statistic, 2e-15, 'statistic');
      near(drift.pValue, c.pvalue, 3e-17, 'p-value');
      near(drift.distances.wasserstein, c.wasserstein, 1e-15, 'Wasserstein (normalized)');
      near(drift.distances.jensenShannon, c.jensenshannon, 6e-16, 'Jensen–Shannon');
      near(drift.distances.psi, c.psi, 2e-16, 'PSI');
      assert.deepEqual(drift.outOfRange, { below: c.below, above: c.above });
    });
  } else {
    test(`categories, ${c.name}: chi-square, JS, PSI and unseen rows equal the Python reference, whatever the batches' level lists`, () => {
      const profile = profileCategorical({ codes: codesOf(c.reference, c.levels), levels: c.levels }, c.rare);
      const reference: ReferenceProfile = { version: 1, rows: c.reference.length, features: [{ ...profile, name: 'colour', role: 'feature' }] };
      // Each batch codes into its own level list (the levels it met, in the order met).
      const drift = stream(reference, c.current.length, 101, (s, e) => {
        const values = c.current.slice(s, e);
        const levels = [...new Set(values.filter((v): v is string => v !== null))];
        return { colour: { codes: Float64Array.from(codesOf(values, levels), (k) => (k < 0 ? Number.NaN : k)), levels } };
      });
      assert.equal(drift.dof, c.dof);
      near(drift.statistic, c.statistic, 2e-15, 'statistic');
      near(drift.pValue, c.pvalue, 3e-17, 'p-value');
      near(drift.distances.jensenShannon, c.jensenshannon, 6e-16, 'Jensen–Shannon');
      near(drift.distances.psi, c.psi, 2e-16, 'PSI');
      assert.equal(drift.unseen!.rows, c.unseen);
      assert.equal(drift.distances.wasserstein, null);
    });
  }
}
