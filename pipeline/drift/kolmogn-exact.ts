// The exact CDF of the two-sided one-sample KS statistic for small n·x², the two ways
// scipy's _ksstats uses: Durbin's matrix (1968) as Marsaglia, Tsang and Wang (2003)
// compute it, and Pomeranz's recursion (1974). Intermediate results are rescaled by 2^128
// as scipy's are, the exponent kept apart.

const E128 = 2 ** 128;
const EM128 = 2 ** -128;

const clip = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

/** x · 2^e without overflowing or underflowing on the way. */
function scaleByPowerOfTwo(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/** P(D_n ≤ d) by Durbin's matrix, the k-th diagonal entry of (n!/n^n) H^n. */
export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let left = n; left > 0; left = Math.floor(left / 2)) {
    if (left % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + k - 1]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128;
      hExponent += 128;
    }
  }
  let p = power[(k - 1) * m + k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  return clip(exponent !== 0 ? scaleByPowerOfTwo(p, exponent) : p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by Pomeranz's recursion (1974), two rows of Poisson convolutions. */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < powers; m++) {
    gPower[m] = (gPower[m - 1] * (g / n)) / m;
    twoGPower[m] = (twoGPower[m - 1] * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = (oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / n)) / m;
  }
  let v0 = new Float64Array(powers);
  let v1 = new Float64Array(powers);
  v1[0] = 1;
  let v0Start = 0;
  let v1Start = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilF, roundF);
  const conv = new Float64Array(2 * powers);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0Start, v1Start] = [v1Start, v0Start];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilF, roundF);
    const pw = i === 1 || i === 2 * n + 1 ? gPower : i % 2 ? twoGPower : oneMinusTwoGPower;
    const length = j2 - k1 + 1;
    if (length <= 0) continue;
    // np.convolve(V0[k1 - V0s : k1 - V0s + length], pw[:length]), both slices clipped to the arrays.
    const aStart = k1 - v0Start;
    const aLength = Math.min(length, powers - aStart);
    const bLength = Math.min(length, powers);
    conv.fill(0, 0, aLength + bLength - 1);
    for (let a = 0; a < aLength; a++) {
      const va = v0[aStart + a];
      if (va === 0) continue;
      for (let b = 0; b < bLength; b++) conv[a + b] += va * pw[b];
    }
    const from = j1 - k1;
    const count = j2 - j1 + 1;
    let max = -Infinity;
    for (let c = 0; c < count; c++) {
      v1[c] = conv[from + c];
      if (v1[c] > max) max = v1[c];
    }
    if (max > 0 && max < EM128) {
      for (let c = 0; c < powers; c++) v1[c] *= E128;
      exponent -= 128;
    }
    v1Start = v0Start + j1 - k1;
  }
  let answer = v1[n - v1Start];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > E128) {
      answer *= EM128;
      exponent += 128;
    }
    answer *= m;
  }
  return clip(exponent !== 0 ? scaleByPowerOfTwo(answer, exponent) : answer);
}

