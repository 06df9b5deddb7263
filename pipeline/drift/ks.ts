// The two-sample Kolmogorov–Smirnov test, two-sided, equal to scipy.stats.ks_2samp(x, y)
// (scipy 1.10, method="auto"): exact when both samples have at most 10 000 values, else
// Smirnov's asymptotic kstwo.sf(D, round(n1·n2 / (n1 + n2))); method "asymp" (what
// alibi-detect asks for) always the latter.
import { kolmogorovSf } from './kolmogn.ts';
import { probOutsideBand, probOutsideSquare } from './ks-exact.ts';

export interface TestResult {
  statistic: number;
  pValue: number;
}

const MAX_EXACT_N = 10000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The test of a statistic D already measured between samples of n1 and n2 values: the
 * statistic as scipy reports it (on the exact path, D rounded to a multiple of
 * 1/lcm(n1, n2)) and its p-value.
 */
export type KsMethod = 'auto' | 'asymp';

export function ksTwoSampleTest(d: number, n1: number, n2: number, method: KsMethod = 'auto'): TestResult {
  if (!(n1 > 0 && n2 > 0)) throw new Error('ks_2samp needs two non-empty samples');
  const g = gcd(n1, n2);
  if (method === 'auto' && Math.max(n1, n2) <= MAX_EXACT_N) {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1 };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    // scipy falls back to the asymptotic p-value when the exact one is not a probability.
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const p = kolmogorovSf(roundHalfEven((m * n) / (m + n)), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)) };
}

/** The largest gap between the two empirical CDFs; inputs sorted ascending, no NaN. */
export function ksStatisticSorted(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let max = 0; // max of F1 − F2
  let min = 0; // min of F1 − F2
  while (i < n1 || j < n2) {
    // Step past every copy of the next value in both samples, then compare the CDFs there.
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n1 && x[i] <= v) i++;
    while (j < n2 && y[j] <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > max) max = diff;
    if (diff < min) min = diff;
  }
  return Math.max(max, Math.min(1, -min));
}

/** scipy.stats.ks_2samp(x, y, method=method): NaN-free samples, any order. */
export function ks2samp(x: ArrayLike<number>, y: ArrayLike<number>, method: KsMethod = 'auto'): TestResult {
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  if (a.length === 0 || b.length === 0) throw new Error('ks_2samp needs two non-empty samples');
  return ksTwoSampleTest(ksStatisticSorted(a, b), a.length, b.length, method);
}
