// The production stream against a profile: batch sizes change nothing, memory stays
// bounded by the profile, the binned statistics stay within their stated bounds of the
// exact ones, and a user's mistake gets one line naming the column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDriftAccumulator, MAX_NAMED_UNSEEN, type BatchColumn } from '../pipeline/drift/accumulate.ts';
import { compareProfile, type FeatureDrift } from '../pipeline/drift/compare.ts';
import { correctPValues } from '../pipeline/drift/correction.ts';
import { ks2samp } from '../pipeline/drift/ks.ts';
import * as z from 'zod/mini';
import { profileCategorical, profileClasses, profileNumeric, referenceProfile, type NumericProfile, type ReferenceProfile } from '../pipeline/drift/profile.ts';
import { referenceProfileProblems, referenceProfileSchema } from '../pipeline/drift/profile-schema.ts';
import { populationStabilityIndex } from '../pipeline/drift/psi.ts';
import { alibiVerdict, evidentlyVerdict } from '../pipeline/drift/verdict.ts';
import { wassersteinDistance } from '../pipeline/drift/wasserstein.ts';
import { golden } from './helpers/golden.ts';

/** A deterministic normal-ish sample: sums of golden uniforms. */
function bumps(n: number, offset: number, shift = 0, scale = 1): Float64Array {
  const a = golden({ n, offset }), b = golden({ n, offset: offset + 17 }), c = golden({ n, offset: offset + 41 });
  return a.map((u, i) => (u + b[(i * 7) % n] + c[(i * 13) % n] - 1.5) * scale + shift);
}

function run(profile: ReferenceProfile, batches: Record<string, BatchColumn>[]): FeatureDrift[] {
  const accumulator = createDriftAccumulator(profile);
  for (const batch of batches) accumulator.add(batch);
  return compareProfile(profile, accumulator.counts());
}

const numeric = (name: string, values: Float64Array): ReferenceProfile['features'][number] => ({ ...profileNumeric(values), name, role: 'feature' });

test('the result is the same whatever the batches: one row at a time, uneven batches, all at once', () => {
  const reference = bumps(3000, 0);
  const current = bumps(2000, 5, 0.2);
  current[3] = Number.NaN;
  current[10] = 99;
  const profile: ReferenceProfile = { version: 1, rows: 3000, features: [numeric('x', reference)] };
  const whole = run(profile, [{ x: current }]);
  const single = run(profile, Array.from({ length: current.length }, (_, i) => ({ x: current.subarray(i, i + 1) })));
  const uneven = run(profile, [{ x: current.subarray(0, 1) }, { x: current.subarray(1, 999) }, { x: current.subarray(999) }]);
  assert.deepEqual(single.map((f) => [f.statistic, f.pValue, f.distances.jensenShannon, f.distances.psi]), whole.map((f) => [f.statistic, f.pValue, f.distances.jensenShannon, f.distances.psi]));
  assert.deepEqual(uneven, whole);
  assert.equal(whole[0].current.missing, 1);
  const [min, max] = reference.reduce(([lo, hi], x) => [Math.min(lo, x), Math.max(hi, x)], [Infinity, -Infinity]);
  assert.deepEqual(whole[0].outOfRange, { below: current.filter((x) => x < min).length, above: current.filter((x) => x > max).length });
  assert.ok(whole[0].outOfRange!.above >= 1);
});

test('a numeric profile stays under 2 KB of JSON even with 17-digit values everywhere', () => {
  const values = Float64Array.from({ length: 200000 }, (_, i) => -Math.PI * 1e-123 * (1 + ((i * 0.6180339887498949) % 1)));
  const json = JSON.stringify(numeric('a_rather_long_feature_name', values));
  assert.ok(json.length <= 2048, `${json.length} bytes`);
});

test('the binned KS statistic never exceeds the exact one and falls short by at most the largest bin mass', () => {
  for (const [shift, scale] of [[0, 1], [0.3, 1], [0, 1.5], [1, 0.5]]) {
    const reference = bumps(4000, 1);
    const current = bumps(3000, 9, shift, scale);
    const profile = profileNumeric(reference);
    const [drift] = run({ version: 1, rows: 4000, features: [{ ...profile, name: 'x', role: 'feature' }] }, [{ x: current }]);
    const exact = ks2samp(reference, current).statistic;
    const accumulator = createDriftAccumulator({ version: 1, rows: 4000, features: [{ ...profile, name: 'x', role: 'feature' }] });
    accumulator.add({ x: current });
    const counts = accumulator.counts()[0].counts;
    const largestBin = Math.max(...profile.bins.counts.map((c) => c / 4000), ...Array.from(counts, (c) => c / 3000));
    assert.ok(drift.statistic! <= exact + 1e-15, `binned ${drift.statistic} > exact ${exact}`);
    assert.ok(exact - drift.statistic! <= largestBin, `binned ${drift.statistic} vs exact ${exact}, largest bin ${largestBin}`);
  }
});

test('the binned Wasserstein distance is within what binning moves of the exact one (triangle inequality), here within 1 %', () => {
  const reference = bumps(4000, 2);
  const current = bumps(3000, 11, 0.25, 1.2);
  const profile = profileNumeric(reference);
  const [drift] = run({ version: 1, rows: 4000, features: [{ ...profile, name: 'x', role: 'feature' }] }, [{ x: current }]);
  const exact = wassersteinDistance(reference, current) / profile.std!;
  // Each value moved to the mean of its slot (the accumulator's: below, each bin, above).
  const edges = profile.bins.edges;
  const slotOf = (x: number) => (x < edges[0] ? 0 : x > edges[edges.length - 1] ? edges.length + 1 : edges.findIndex((e) => x <= e) + 1);
  const collapse = (values: Float64Array) => {
    const sums = new Float64Array(edges.length + 2);
    const counts = new Float64Array(edges.length + 2);
    values.forEach((x) => {
      sums[slotOf(x)] += x;
      counts[slotOf(x)]++;
    });
    return values.map((x) => sums[slotOf(x)] / counts[slotOf(x)]);
  };
  const moved = (wassersteinDistance(reference, collapse(reference)) + wassersteinDistance(current, collapse(current))) / profile.std!;
  const error = Math.abs(drift.distances.wasserstein! - exact);
  assert.ok(error <= moved + 1e-12, `binned ${drift.distances.wasserstein} vs exact ${exact}: ${error} > ${moved}`);
  assert.ok(error / exact < 0.01, `binned ${drift.distances.wasserstein} vs exact ${exact}`);
});

test('categories: rare ones count in their bucket, unseen ones by name (at most 100 named, the rest counted), missing apart', () => {
  const levels = ['a', 'b', 'c', 'rare1', 'rare2'];
  const profile = profileCategorical({ codes: Int32Array.from([0, 0, 1, 2, 3, 4, -1]), levels }, ['rare1', 'rare2']);
  assert.deepEqual(profile.categories, ['a', 'b', 'c']);
  assert.deepEqual(profile.rare, { categories: ['rare1', 'rare2'], count: 2 });
  assert.equal(profile.missing, 1);
  const batchLevels = ['rare2', 'a', ...Array.from({ length: MAX_NAMED_UNSEEN + 5 }, (_, k) => `new${k}`)];
  const codes = Int32Array.from([0, 1, 1, -1, ...batchLevels.slice(2).map((_, k) => k + 2), 2]);
  const [drift] = run({ version: 1, rows: 7, features: [{ ...profile, name: 'c', role: 'feature' }] }, [{ c: { codes, levels: batchLevels } }]);
  assert.equal(drift.unseen!.rows, MAX_NAMED_UNSEEN + 5 + 1);
  assert.equal(drift.unseen!.categories.length, MAX_NAMED_UNSEEN);
  assert.deepEqual(drift.unseen!.categories[0], { value: 'new0', rows: 2 });
  assert.equal(drift.unseen!.otherRows, 5);
  assert.equal(drift.current.missing, 1);
});

test('predicted classes profile as categories; a side without values gives null statistics, not a crash', () => {
  const classes = profileClasses(Int32Array.from([0, 1, 1, 2]), ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(classes.counts, [1, 2, 1]);
  const profile: ReferenceProfile = { version: 1, rows: 4, features: [numeric('x', Float64Array.from([1, 2, 3, 4])), { ...classes, name: 'predicted', role: 'prediction' }] };
  const drift = run(profile, [{ x: Float64Array.from([Number.NaN, Number.NaN]), predicted: { codes: Int32Array.from([-1, -1]), levels: ['setosa'] } }]);
  assert.deepEqual(drift.map((f) => [f.statistic, f.pValue, f.current.missingShare]), [[null, null, 1], [null, null, 1]]);
  const empty = profileNumeric(Float64Array.from([Number.NaN]));
  const [none] = run({ version: 1, rows: 1, features: [{ ...empty, name: 'z', role: 'feature' }] }, [{ z: Float64Array.from([1, 2]) }]);
  assert.equal(none.statistic, null);
});

test("a user's mistake in a batch is one line naming the column", () => {
  const profile: ReferenceProfile = {
    version: 1,
    rows: 3,
    features: [numeric('petal_width', Float64Array.from([1, 2, 3])), { ...profileCategorical({ codes: Int32Array.from([0]), levels: ['x'] }), name: 'colour', role: 'feature' }],
  };
  const accumulator = createDriftAccumulator(profile);
  const colour = { codes: Int32Array.from([0]), levels: ['x'] };
  assert.throws(() => accumulator.add({ colour }), /^Error: the batch has no column "petal_width"$/);
  assert.throws(() => accumulator.add({ petal_width: Float64Array.from([1, 2]), colour }), /column "colour" has 1 rows, the others 2/);
  assert.throws(() => accumulator.add({ petal_width: Float64Array.from([1]), colour: Float64Array.from([1]) }), /column "colour" must be category codes/);
  assert.throws(() => accumulator.add({ petal_width: Float64Array.from([1]), colour: { codes: Int32Array.from([3]), levels: ['x'] } }), /colour: category code 3 is not an index/);
  assert.throws(() => accumulator.add({ petal_width: Float64Array.from([1]), colour: { codes: Float64Array.from([0.5]), levels: ['x', 'y'] } }), /colour: category code 0.5 is not an index/);
});

test("PSI fills an empty share with 0.0001, or a millionth of the side's smallest share when that is at most 0.0001 (Evidently)", () => {
  // reference shares 0.5, 0.5, 0 -> 0.5, 0.5, 0.0001; current 0.25, 0.25, 0.5
  const expected = 2 * (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5);
  assert.equal(populationStabilityIndex([2, 2, 0], [1, 1, 2]), expected);
  // smallest non-zero share 1e-5: the empty bin gets 1e-11
  const tiny = populationStabilityIndex([99999, 1, 0], [50000, 25000, 25000]);
  const r = [0.99999, 0.00001, 1e-11];
  const c = [0.5, 0.25, 0.25];
  assert.ok(Math.abs(tiny - r.reduce((s, ri, i) => s + (ri - c[i]) * Math.log(ri / c[i]), 0)) < 1e-12);
  assert.equal(populationStabilityIndex([3, 0, 1], [3, 0, 1]), 0);
});

test('corrections as alibi-detect applies them: Bonferroni α/m, Benjamini–Hochberg at the largest passing rank', () => {
  const p = [0.045, 0.001, null, 0.2, 0.01, 0.035];
  assert.deepEqual(correctPValues(p, 0.05, 'bonferroni'), { threshold: 0.01, drifted: [false, true, false, false, false, false], any: true });
  // sorted 0.001 0.01 0.035 0.045 0.2 against 0.01 0.02 0.03 0.04 0.05: rank 2 is the largest to pass
  assert.deepEqual(correctPValues(p, 0.05, 'fdr'), { threshold: 0.02, drifted: [false, true, false, false, true, false], any: true });
  assert.deepEqual(correctPValues([0.5, 0.9], 0.05, 'fdr'), { threshold: 0.025, drifted: [false, false], any: false });
});

test("verdicts: Evidently's small-reference tests, large-reference distances and 50 % data-set share; alibi-detect's corrected p-values", () => {
  const f = (name: string, pValue: number | null, wasserstein: number | null, jensenShannon: number | null, kind: 'numeric' | 'categorical' = 'numeric'): FeatureDrift => ({
    name,
    role: 'feature',
    kind,
    test: kind === 'numeric' ? 'ks' : 'chi2',
    statistic: 0,
    pValue,
    distances: { wasserstein, jensenShannon, psi: 0 },
    reference: { rows: 0, missingShare: 0 },
    current: { rows: 0, missing: 0, missingShare: 0 },
  });
  const drift = [f('a', 0.01, 0.05, 0.2), f('b', 0.2, 0.15, 0.01), f('c', 0.001, null, 0.12, 'categorical'), f('d', null, null, null)];
  const small = evidentlyVerdict(drift, 1000);
  assert.deepEqual(small.features.map((v) => [v.method, v.drifted]), [['ks', true], ['ks', false], ['chi2', true], ['ks', false]]);
  assert.deepEqual([small.drifted, small.compared, small.datasetDrift], [2, 3, true]);
  const large = evidentlyVerdict(drift, 1001);
  assert.deepEqual(large.features.map((v) => [v.method, v.drifted]), [['wasserstein', false], ['wasserstein', true], ['jensenshannon', true], ['wasserstein', false]]);
  const alibi = alibiVerdict(drift);
  assert.equal(alibi.threshold, 0.05 / 3);
  assert.deepEqual(alibi.features.map((v) => v.drifted), [true, false, true, false]);
});

test('a stored profile passes its schema and consistency checks; a damaged one is told path by path', () => {
  const colour = { codes: Int32Array.from({ length: 500 }, (_, i) => (i % 50 === 0 ? -1 : i % 3)), levels: ['a', 'b', 'c'] };
  const profile = referenceProfile([
    { name: 'x', column: bumps(500, 3) },
    { name: 'colour', column: colour, rare: ['c'] },
  ]);
  const stored = JSON.parse(JSON.stringify(profile));
  assert.ok(z.safeParse(referenceProfileSchema, stored).success);
  assert.deepEqual(referenceProfileProblems(stored), []);
  stored.features[0].bins.edges.reverse();
  stored.features[0].bins.counts.pop();
  stored.features[1].rare.categories.push('a');
  assert.deepEqual(referenceProfileProblems(stored), [
    'features[0].bins.edges: must be strictly ascending',
    `features[0].bins.counts: has ${stored.features[0].bins.counts.length} entries, expected ${stored.features[0].bins.edges.length} (one per edge)`,
    `features[0].bins.counts: add up to ${500 - (profile.features[0] as NumericProfile).bins.counts.at(-1)!}, expected 500 (the values present)`,
    'features[1].categories: names a category twice (or as both kept and rare)',
  ]);
  assert.throws(() => referenceProfile([{ name: 'a', column: new Float64Array(3) }, { name: 'b', column: new Float64Array(2) }]), /^Error: column "b" has 2 rows, the first column 3$/);
});
