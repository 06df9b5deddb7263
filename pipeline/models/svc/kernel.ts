// libsvm's kernels as SVC names them: K(u, v) for rows u and v of flat arrays, as its
// k_function computes them at prediction (scikit-learn's copy: dot products by BLAS's
// ddot, poly by powi).
export type KernelName = 'rbf' | 'poly' | 'linear' | 'sigmoid';

export interface KernelParams {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** libsvm's powi: base^times by repeated squaring (not Math.pow, whose last bit can differ). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

export type Dot = (u: Float64Array, ua: number, v: Float64Array, vb: number, n: number) => number;

/**
 * u[ua..] · v[vb..] over n terms in OpenBLAS's ddot order (its Haswell/Zen kernel): blocks
 * of 16 into 16 lanes, the lanes summed pairwise, then the rest one by one. Below 32
 * terms each lane holds one product, so this is ddot's result to the bit; past that
 * ddot fuses multiply-adds (see fusedDot in kernel-rows.ts).
 */
export function laneDot(u: Float64Array, ua: number, v: Float64Array, vb: number, n: number): number {
  return dotFor(n)(u, ua, v, vb, n);
}

/** The dot product for rows `width` wide: one small function per case, which V8 compiles far better than one with every case. */
export function dotFor(width: number): Dot {
  return width < 16 ? shortDot : width < 32 ? blockDot : wideDot;
}

function shortDot(u: Float64Array, ua: number, v: Float64Array, vb: number, n: number): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += v[vb + j] * u[ua + j];
  return sum;
}

/** 16 to 31 terms: one block, each lane one product, summed as ddot's reduction tree. */
function blockDot(u: Float64Array, p: number, v: Float64Array, q: number, n: number): number {
  const lo = u[p] * v[q] + u[p + 2] * v[q + 2] + (u[p + 4] * v[q + 4] + u[p + 6] * v[q + 6]) + (u[p + 8] * v[q + 8] + u[p + 10] * v[q + 10] + (u[p + 12] * v[q + 12] + u[p + 14] * v[q + 14]));
  const hi = u[p + 1] * v[q + 1] + u[p + 3] * v[q + 3] + (u[p + 5] * v[q + 5] + u[p + 7] * v[q + 7]) + (u[p + 9] * v[q + 9] + u[p + 11] * v[q + 11] + (u[p + 13] * v[q + 13] + u[p + 15] * v[q + 15]));
  let sum = lo + hi;
  for (let j = 16; j < n; j++) sum += v[q + j] * u[p + j];
  return sum;
}

function wideDot(u: Float64Array, ua: number, v: Float64Array, vb: number, n: number): number {
  const n1 = n & -16;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
  let a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
  for (let j = 0; j < n1; j += 16) {
    const p = ua + j;
    const q = vb + j;
    a0 += u[p] * v[q]; a1 += u[p + 1] * v[q + 1]; a2 += u[p + 2] * v[q + 2]; a3 += u[p + 3] * v[q + 3];
    a4 += u[p + 4] * v[q + 4]; a5 += u[p + 5] * v[q + 5]; a6 += u[p + 6] * v[q + 6]; a7 += u[p + 7] * v[q + 7];
    a8 += u[p + 8] * v[q + 8]; a9 += u[p + 9] * v[q + 9]; a10 += u[p + 10] * v[q + 10]; a11 += u[p + 11] * v[q + 11];
    a12 += u[p + 12] * v[q + 12]; a13 += u[p + 13] * v[q + 13]; a14 += u[p + 14] * v[q + 14]; a15 += u[p + 15] * v[q + 15];
  }
  let sum = laneSum(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
  for (let j = n1; j < n; j++) sum += v[vb + j] * u[ua + j];
  return sum;
}

/** ddot's reduction of its four 4-wide accumulators (lanes 0-3, 4-7, 8-11, 12-15) to one number. */
export function laneSum(a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, a8: number, a9: number, a10: number, a11: number, a12: number, a13: number, a14: number, a15: number): number {
  const lo = a0 + a2 + (a4 + a6) + (a8 + a10 + (a12 + a14));
  const hi = a1 + a3 + (a5 + a7) + (a9 + a11 + (a13 + a15));
  return lo + hi;
}

/** K of row a of `u` and row b of `v`, both `width` wide. */
export function kernelValue(params: KernelParams, u: Float64Array, a: number, v: Float64Array, b: number, width: number): number {
  const ua = a * width;
  const vb = b * width;
  if (params.kernel === 'rbf') {
    // ddot of the difference with itself, in ddot's order.
    const n1 = width & -16;
    let sum = 0;
    if (n1 > 0) {
      const lanes = RBF_LANES;
      lanes.fill(0);
      for (let j = 0; j < n1; j++) {
        const d = u[ua + j] - v[vb + j];
        lanes[j & 15] += d * d;
      }
      sum = laneSum(lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7], lanes[8], lanes[9], lanes[10], lanes[11], lanes[12], lanes[13], lanes[14], lanes[15]);
    }
    for (let j = n1; j < width; j++) {
      const d = u[ua + j] - v[vb + j];
      sum += d * d;
    }
    return Math.exp(-params.gamma * sum);
  }
  const dot = laneDot(u, ua, v, vb, width);
  if (params.kernel === 'linear') return dot;
  if (params.kernel === 'poly') return powi(params.gamma * dot + params.coef0, params.degree);
  return Math.tanh(params.gamma * dot + params.coef0);
}

const RBF_LANES = new Float64Array(16);
