// The kernel as libsvm's solver sees it: Q_ij = y_i·y_j·K(x_i, x_j) stored as float32
// (libsvm's Qfloat), its diagonal QD in double, K by libsvm's training formulas (rbf
// from x_i·x_i + x_j·x_j − 2·x_i·x_j). The rows kept are float32 K without the signs
// (Q_ij = ±K_ij exactly, and the solver folds y in), one fit's kernel source shared by
// every pair and Platt fold, each solve with its own row cache in the solver's order.
import { RowCache } from './cache.ts';
import { dotFor, laneDot, laneSum, powi, type Dot, type KernelParams } from './kernel.ts';

/** libsvm's default cache_size: 200 MB. */
const CACHE_BYTES = 200 * 1024 * 1024;
/** Rows up to which a fit keeps K of every pair of its rows (float32, 3 000² · 4 bytes = 36 MB). */
export const FULL_MATRIX_ROWS = 3000;

export interface KernelSource {
  params: KernelParams;
  /** The fit's training rows, row-major. */
  data: Float64Array;
  width: number;
  rows: number;
  /** The dot product for rows this wide, in ddot's order. */
  dot: Dot;
  /** x·x of every row (rbf's x_square), as ddot computes it. */
  squares: Float64Array;
  /** float32 K of every pair of rows, a row computed when first asked for; null past FULL_MATRIX_ROWS. */
  full: Float32Array | null;
  filled: Uint8Array;
  /** Scratch for one row's dot products (made on first use). */
  dots?: Float64Array;
}

export function kernelSource(params: KernelParams, data: Float64Array, width: number, rows: number): KernelSource {
  const squares = new Float64Array(rows);
  for (let a = 0; a < rows; a++) squares[a] = fusedDot(data, a * width, data, a * width, width);
  const full = rows <= FULL_MATRIX_ROWS ? new Float32Array(rows * rows) : null;
  return { params, data, width, rows, dot: dotFor(width), squares, full, filled: new Uint8Array(full ? rows : 0) };
}

/**
 * Row a of the full matrix, computed whole on first use (in order, which is faster than
 * the scattered entries one solve asks for; other pairs and folds use the rest).
 * Returns its offset.
 */
function fullRow(source: KernelSource, a: number): number {
  const { full, filled, rows } = source;
  const base = a * rows;
  if (filled[a]) return base;
  const { data, width, dot, squares } = source;
  const { kernel, gamma, coef0, degree } = source.params;
  const out = full!;
  const ua = a * width;
  // K is symmetric, but copying from the rows already made reads a column, a cache miss
  // per value: measured, worth it where exp or tanh follows the dot product, not otherwise.
  const dots = (source.dots ??= new Float64Array(rows));
  if (width < 16) shortDots(data, ua, width, rows, dots);
  else for (let b = 0; b < rows; b++) dots[b] = dot(data, ua, data, b * width, width);
  if (kernel === 'rbf') {
    const sa = squares[a];
    for (let b = 0; b < rows; b++) out[base + b] = filled[b] ? out[b * rows + a] : Math.exp(-gamma * (sa + squares[b] - 2 * dots[b]));
  } else if (kernel === 'linear') {
    for (let b = 0; b < rows; b++) out[base + b] = dots[b];
  } else if (kernel === 'poly') {
    for (let b = 0; b < rows; b++) out[base + b] = powi(gamma * dots[b] + coef0, degree);
  } else {
    for (let b = 0; b < rows; b++) out[base + b] = filled[b] ? out[b * rows + a] : Math.tanh(gamma * dots[b] + coef0);
  }
  filled[a] = 1;
  return base;
}

/**
 * x_a · x_b of every row b, for rows under 16 wide (ddot's plain loop): four products
 * at a time, each summed in that loop's order, so that the four chains of additions
 * overlap instead of waiting on each other.
 */
function shortDots(data: Float64Array, ua: number, width: number, rows: number, out: Float64Array): void {
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const p0 = b * width;
    const p1 = p0 + width;
    const p2 = p1 + width;
    const p3 = p2 + width;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < width; j++) {
      const u = data[ua + j];
      s0 += data[p0 + j] * u;
      s1 += data[p1 + j] * u;
      s2 += data[p2 + j] * u;
      s3 += data[p3 + j] * u;
    }
    out[b] = s0;
    out[b + 1] = s1;
    out[b + 2] = s2;
    out[b + 3] = s3;
  }
  for (; b < rows; b++) {
    let sum = 0;
    for (let j = 0, p = b * width; j < width; j++) sum += data[p + j] * data[ua + j];
    out[b] = sum;
  }
}

function kernelOf(source: KernelSource, a: number, b: number, dot: number): number {
  const { kernel, gamma, coef0, degree } = source.params;
  if (kernel === 'rbf') return Math.exp(-gamma * (source.squares[a] + source.squares[b] - 2 * dot));
  if (kernel === 'linear') return dot;
  if (kernel === 'poly') return powi(gamma * dot + coef0, degree);
  return Math.tanh(gamma * dot + coef0);
}

/** K(x_a, x_b) as libsvm's kernel_function computes it while training. */
export function trainingKernel(source: KernelSource, a: number, b: number): number {
  const { data, width } = source;
  return kernelOf(source, a, b, source.dot(data, a * width, data, b * width, width));
}

/** K(x_a, x_a), libsvm's QD, with ddot's fused multiply-adds reproduced (QD enters every step in double). */
export function diagonalKernel(source: KernelSource, a: number): number {
  const { data, width } = source;
  return kernelOf(source, a, a, fusedDot(data, a * width, data, a * width, width));
}

/**
 * libsvm's SVC_Q for one binary problem: the rows `members` of the source (in the
 * problem's order), labels ±1. Also SVR_Q, whose 2l variables are every row twice
 * (members 0..l−1, 0..l−1; labels +1 then −1): its entries are the same K_ij with the same signs.
 */
export class SvcQ {
  readonly l: number;
  /** Labels and QD in the solver's current index order (they follow swapIndex). */
  readonly y: Int8Array;
  readonly QD: Float64Array;
  private readonly source: KernelSource;
  /** The source row at each index. */
  private readonly at: Int32Array;
  private readonly cache: RowCache;

  constructor(source: KernelSource, members: Int32Array, y: Int8Array) {
    this.l = members.length;
    this.source = source;
    this.at = Int32Array.from(members);
    this.y = Int8Array.from(y);
    this.QD = new Float64Array(this.l);
    for (let t = 0; t < this.l; t++) this.QD[t] = diagonalKernel(source, members[t]);
    this.cache = new RowCache(this.l, CACHE_BYTES);
  }

  /** float32 K(x_i, x_t) for t < len (row i of Q but for the signs y_i·y_t), in the solver's order. */
  kernelRow(i: number, len: number): Float32Array {
    const start = this.cache.getData(i, len);
    const row = this.cache.rows[i]!;
    if (start < len) {
      const { at, source } = this;
      if (source.full) {
        const full = source.full;
        const base = fullRow(source, at[i]);
        for (let j = start; j < len; j++) row[j] = full[base + at[j]];
      } else {
        const a = at[i];
        for (let j = start; j < len; j++) row[j] = trainingKernel(source, a, at[j]);
      }
    }
    return row;
  }

  swapIndex(i: number, j: number): void {
    this.cache.swapIndex(i, j);
    const { at, y, QD } = this;
    let t = at[i];
    at[i] = at[j];
    at[j] = t;
    t = y[i];
    y[i] = y[j];
    y[j] = t;
    const d = QD[i];
    QD[i] = QD[j];
    QD[j] = d;
  }
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/** a·b + c rounded once, as an FMA instruction does (Dekker's exact product, then a compensated sum). */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const v = s - p;
  return s + (p - (s - v) + (c - v) + e);
}

/** laneDot with ddot's fused multiply-adds: from the second block of 16 on, each lane adds by FMA. */
function fusedDot(u: Float64Array, ua: number, v: Float64Array, vb: number, n: number): number {
  const n1 = n & -16;
  if (n1 <= 16) return laneDot(u, ua, v, vb, n);
  const lanes = FUSED_LANES;
  for (let k = 0; k < 16; k++) lanes[k] = u[ua + k] * v[vb + k];
  for (let j = 16; j < n1; j++) lanes[j & 15] = fma(u[ua + j], v[vb + j], lanes[j & 15]);
  let sum = laneSum(lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7], lanes[8], lanes[9], lanes[10], lanes[11], lanes[12], lanes[13], lanes[14], lanes[15]);
  for (let j = n1; j < n; j++) sum += v[vb + j] * u[ua + j];
  return sum;
}

const FUSED_LANES = new Float64Array(16);
