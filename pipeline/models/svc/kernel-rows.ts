// Kernel rows for one SMO subproblem (a pair of classes, or a Platt fold of it):
// gathered from the fit's whole kernel matrix when it is small enough to keep, else
// computed from the rows; the most recent rows are cached, as libsvm's cache_size does.
import { kernelValue, type KernelParams } from './kernel.ts';

/** libsvm's default cache_size of 200 MB, in doubles. */
const CACHE_DOUBLES = (200 * 1024 * 1024) / 8;
/** Rows up to which the fit keeps its whole kernel matrix (3 000² doubles = 72 MB). */
export const FULL_MATRIX_ROWS = 3000;

export interface KernelSource {
  params: KernelParams;
  /** The fit's training rows, row-major. */
  data: Float64Array;
  width: number;
  rows: number;
  /** rows × rows, when rows ≤ FULL_MATRIX_ROWS. */
  full: Float64Array | null;
}

export function kernelSource(params: KernelParams, data: Float64Array, width: number, rows: number): KernelSource {
  let full: Float64Array | null = null;
  if (rows <= FULL_MATRIX_ROWS) {
    full = new Float64Array(rows * rows);
    for (let a = 0; a < rows; a++) {
      for (let b = a; b < rows; b++) {
        const value = kernelValue(params, data, a, data, b, width);
        full[a * rows + b] = value;
        full[b * rows + a] = value;
      }
    }
  }
  return { params, data, width, rows, full };
}

export interface KernelRows {
  diagonal: Float64Array;
  /** K(member i, member t) for every member t; valid until the next `row` calls evict it. */
  row(i: number): Float64Array;
}

/** The kernel among `members` (indexes of the source's rows). */
export function kernelRows(source: KernelSource, members: Int32Array): KernelRows {
  const l = members.length;
  const { full, rows, params, data, width } = source;
  const diagonal = new Float64Array(l);
  for (let t = 0; t < l; t++) diagonal[t] = full ? full[members[t] * rows + members[t]] : kernelValue(params, data, members[t], data, members[t], width);
  // At least 2 slots: the solver holds rows i and j at once.
  const capacity = Math.max(2, Math.min(l, Math.floor(CACHE_DOUBLES / Math.max(l, 1))));
  const slots = new Float64Array(capacity * l);
  const slotOf = new Int32Array(l).fill(-1);
  const ownerOf = new Int32Array(capacity).fill(-1);
  const lastUse = new Float64Array(capacity);
  // One view per slot, made once: a subarray per call would allocate in the solver's loop.
  const views = Array.from({ length: capacity }, (_, slot) => slots.subarray(slot * l, (slot + 1) * l));
  let clock = 0;
  return {
    diagonal,
    row(i) {
      let slot = slotOf[i];
      if (slot < 0) {
        // Evict the least recently used slot.
        slot = 0;
        for (let s = 1; s < capacity; s++) if (lastUse[s] < lastUse[slot]) slot = s;
        if (ownerOf[slot] >= 0) slotOf[ownerOf[slot]] = -1;
        ownerOf[slot] = i;
        slotOf[i] = slot;
        const out = views[slot];
        const a = members[i];
        if (full) {
          const base = a * rows;
          for (let t = 0; t < l; t++) out[t] = full[base + members[t]];
        } else {
          for (let t = 0; t < l; t++) out[t] = kernelValue(params, data, a, data, members[t], width);
        }
      }
      lastUse[slot] = ++clock;
      return views[slot];
    },
  };
}
