// The two-sided one-sample Kolmogorov–Smirnov distribution for n points, survival
// function P(D_n ≥ x): scipy.stats.kstwo.sf(x, n), which ks_2samp's asymptotic mode
// evaluates at n = round(n1·n2 / (n1 + n2)). The same algorithm choice as scipy's
// _ksstats.kolmogn (Simard & L'Ecuyer 2011): Ruben–Gambino at the ends, Durbin's matrix
// (Marsaglia–Tsang–Wang) or Pomeranz's recursion for small n·x², Pelz–Good for large n,
// twice the one-sided Smirnov tail in the upper tail.
import { durbinCdf, pomeranzCdf } from './kolmogn-exact.ts';
import { smirnovSf } from './smirnov.ts';

const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const MIN_LOG = -708;
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
// B_2j / (2j (2j − 1)), j = 8..1, highest power first (numpy's polyval order).
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

const clip = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

/** log(n! / n^n) by Stirling's series with n·log n taken out first. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** P(D_n ≤ x) by Pelz–Good's expansion (1976) of the Li-Chien/Korolyuk series. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -PI2 / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = Math.pow(q, 8 * k);
    s0 = s0 * qPower + 1;
    s1 = s1 * qPower + (k1a + k1b * m2);
    s2 = s2 * qPower + (k2a + k2b * m2 + k2c * m4);
    s3 = s3 * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  s0 = (s0 * q * SQRT_2PI) / z;
  s1 = (s1 * q * SQRT_2PI) / (6 * z4);
  s2 = (s2 * q * SQRT_2PI) / (72 * z ** 7);
  s3 = (s3 * q * SQRT_2PI) / (6480 * z ** 10);
  q = Math.exp(-PI2 / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    k2Extra += k2 * qk;
    const kPi = Math.PI * k;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qk;
  }
  s2 += (k2Extra * PI2 * SQRT_2PI) / (-36 * z3);
  s3 += (k3Extra * PI2 * SQRT_2PI) / (216 * z6);
  return s0 + s1 / Math.sqrt(n) + s2 / n + s3 / n ** 1.5;
}

/** P(D_n ≥ x) for the two-sided statistic of n points: scipy.stats.kstwo.sf(x, n). */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - durbinCdf(n, x));
    if (nx2 <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = nx2 >= 18 ? 1 : n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - clip(cdf));
}
