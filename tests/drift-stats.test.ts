// The drift statistics against scipy 1.10.1 on the same inputs (fixtures from
// tests/fixtures/scipy/generate_stats.py, committed). Tolerances sit within 10x of the
// largest difference measured; the figures are in the assertion messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { chi2Contingency } from '../pipeline/drift/chi2-contingency.ts';
import { chiSquareSf } from '../pipeline/drift/gamma.ts';
import { jensenShannon } from '../pipeline/drift/jensenshannon.ts';
import { kolmogorovSf } from '../pipeline/drift/kolmogn.ts';
import { ks2samp } from '../pipeline/drift/ks.ts';
import { quantileLevels, quantilesSorted } from '../pipeline/drift/quantiles.ts';
import { smirnovSf } from '../pipeline/drift/smirnov.ts';
import { wassersteinDistance } from '../pipeline/drift/wasserstein.ts';
import { sampleOf, type GoldenSpec } from './helpers/golden.ts';

type Side = number[] | GoldenSpec;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/scipy/stats.json', import.meta.url), 'utf8')) as {
  ks_2samp: { name: string; x: Side; y: Side; method: 'auto' | 'asymp'; statistic: number; pvalue: number }[];
  kstwo_sf: [number, number, number][];
  smirnov: [number, number, number][];
  chi2_sf: [number, number, number][];
  chi2_contingency: { name: string; table: number[][]; statistic: number; pvalue: number; dof: number }[];
  wasserstein_distance: { name: string; u: number[]; v: number[]; uw: number[] | null; vw: number[] | null; distance: number }[];
  jensenshannon: { p: number[]; q: number[]; base: number | null; distance: number }[];
  quantiles: { x: number[]; quantiles: number[]; std: number; mean: number }[];
};

/** |a − b| within `abs`, or within `rel` of |b|. */
function near(actual: number, expected: number, abs: number, rel: number, what: string) {
  const diff = Math.abs(actual - expected);
  assert.ok(diff <= abs || diff <= rel * Math.abs(expected), `${what}: ${actual} vs scipy ${expected} (difference ${diff})`);
}

for (const c of fixture.ks_2samp) {
  test(`ks_2samp, ${c.name}: statistic and p-value equal scipy's`, () => {
    const result = ks2samp(sampleOf(c.x), sampleOf(c.y), c.method);
    assert.equal(result.statistic, c.statistic);
    near(result.pValue, c.pvalue, 8e-15, 2e-14, 'p-value');
  });
}

test('kstwo.sf on a grid that reaches every branch of kolmogn: within 4e-12 absolute, 3e-10 relative', () => {
  for (const [n, x, p] of fixture.kstwo_sf) near(kolmogorovSf(n, x), p, 4e-12, 3e-10, `kstwo.sf(${x}, ${n})`);
});

test('smirnov (the one-sided tail) within 3e-11 relative', () => {
  for (const [n, x, p] of fixture.smirnov) near(smirnovSf(n, x), p, 0, 3e-11, `smirnov(${n}, ${x})`);
});

test('chi2.sf from 1 to 5000 degrees of freedom, p from 1e-300 to 1: within 2.5e-11 relative', () => {
  for (const [x, k, p] of fixture.chi2_sf) near(chiSquareSf(x, k), p, 0, 2.5e-11, `chi2.sf(${x}, ${k})`);
});

for (const c of fixture.chi2_contingency) {
  test(`chi2_contingency, ${c.name}: statistic, p-value and dof equal scipy's`, () => {
    const result = chi2Contingency(c.table[0], c.table[1]);
    assert.equal(result.dof, c.dof);
    near(result.statistic, c.statistic, 2e-15, 1.4e-15, 'statistic');
    near(result.pValue, c.pvalue, 2e-14, 4e-14, 'p-value');
  });
}

test('chi2_contingency refuses a category empty on both sides, as scipy does', () => {
  assert.throws(() => chi2Contingency([1, 0, 2], [3, 0, 4]), /all zeros/);
});

for (const c of fixture.wasserstein_distance) {
  test(`wasserstein_distance, ${c.name}: equal to scipy's`, () => {
    near(wassersteinDistance(c.u, c.v, c.uw ?? undefined, c.vw ?? undefined), c.distance, 1.5e-15, 4e-15, 'distance');
  });
}

test('jensenshannon normalizes p and q, natural log unless a base is given: equal to scipy', () => {
  for (const c of fixture.jensenshannon) near(jensenShannon(c.p, c.q, c.base ?? undefined), c.distance, 2e-16, 0, `jensenshannon(${c.p}, ${c.q}, ${c.base})`);
});

test("quantiles equal numpy.quantile(x, linspace(0, 1, 21)) exactly", () => {
  for (const c of fixture.quantiles) {
    const sorted = Float64Array.from(c.x).sort();
    assert.deepEqual(Array.from(quantilesSorted(sorted, quantileLevels(20))), c.quantiles);
  }
});
