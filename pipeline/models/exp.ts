// e^x from + - * / and exponent bits only, as fdlibm (and Node 20's V8) computes it: the
// same bits in every JavaScript engine. Math.exp is not specified to the bit: Node 20's is
// fdlibm's (under 1 ulp, rounded the other way from the exact value for ~10% of inputs), a
// newer V8's (Chromium's) is correctly rounded, so model.mjs in a browser would answer a
// probability an ulp away from the function. Prediction code calls this one.
const words = new Float64Array(1);
// The high word of a double on a little-endian host (every engine the kit runs on).
const high = new Int32Array(words.buffer);

/** 2^k for an integer k in [-1022, 1023], exactly. */
function pow2(k: number): number {
  high[1] = (0x3ff + k) << 20;
  return words[0];
}

export function exp(x: number): number {
  if (!(x >= -745.1332191019412 && x <= 709.782712893384)) return x !== x ? x : x > 0 ? Infinity : 0;
  const size = Math.abs(x);
  if (size < 3.725290298461914e-9) return 1 + x; // |x| < 2^-28
  if (x === 1) return Math.E; // as V8 does: the reduction below gets e's last bit wrong
  // |x| > ln2/2 (fdlibm's test on the high word: 0x3fd62e42): x = k ln2 + r, |r| <= ln2/2.
  const k = size < 0.3465735912322998 ? 0 : Math.trunc(1.4426950408889634 * x + (x < 0 ? -0.5 : 0.5));
  const hi = x - k * 0.6931471803691238; // exact
  const lo = k * 1.9082149292705877e-10;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (0.16666666666666602 + t * (-0.0027777777777015593 + t * (6.613756321437934e-5 + t * (-1.6533902205465252e-6 + t * 4.1381367970572385e-8))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return k > 1023 ? y * 2 * pow2(1023) : k >= -1021 ? y * pow2(k) : y * pow2(k + 1000) * 9.332636185032189e-302;
}
