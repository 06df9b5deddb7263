// libsvm's kernel Cache: rows of Q in float32, each filled up to the length last asked
// for, the least recently used freed first within a budget of cache_size bytes; rows
// follow the solver's index swaps (shrinking), as libsvm's swap_index does.

/** libsvm's head_t (two pointers, a data pointer, an int: 32 bytes) counted against the budget, in floats. */
const HEAD_FLOATS = 8;

export class RowCache {
  /** rows[i]: row i of Q (current index order), valid on [0, length[i]). */
  readonly rows: (Float32Array | null)[];
  private readonly length: Int32Array;
  // A circular list of the rows held, oldest first; index l is its head.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly l: number;
  private size: number;

  constructor(l: number, bytes: number) {
    this.l = l;
    this.rows = new Array<Float32Array | null>(l).fill(null);
    this.length = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.size = Math.max(Math.floor(bytes / 4) - l * HEAD_FLOATS, 2 * l);
  }

  /** Makes row `index` hold `len` values; returns where the caller must start filling (len when nothing is missing). */
  getData(index: number, len: number): number {
    const had = this.length[index];
    if (had > 0) this.unlink(index);
    const more = len - had;
    let start = len;
    if (more > 0) {
      while (this.size < more) {
        const old = this.next[this.l];
        this.unlink(old);
        this.size += this.length[old];
        this.rows[old] = null;
        this.length[old] = 0;
      }
      const grown = new Float32Array(len);
      const kept = this.rows[index];
      if (kept) grown.set(kept);
      this.rows[index] = grown;
      this.size -= more;
      this.length[index] = len;
      start = had;
    }
    this.link(index);
    return start;
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { rows, length } = this;
    if (length[i] > 0) this.unlink(i);
    if (length[j] > 0) this.unlink(j);
    const row = rows[i];
    rows[i] = rows[j];
    rows[j] = row;
    const len = length[i];
    length[i] = length[j];
    length[j] = len;
    if (length[i] > 0) this.link(i);
    if (length[j] > 0) this.link(j);
    const low = Math.min(i, j);
    const high = Math.max(i, j);
    for (let h = this.next[this.l]; h !== this.l; ) {
      const following = this.next[h];
      if (length[h] > low) {
        const data = rows[h]!;
        if (length[h] > high) {
          const value = data[low];
          data[low] = data[high];
          data[high] = value;
        } else {
          // The row covers one of the two but not the other: give it up.
          this.unlink(h);
          this.size += length[h];
          rows[h] = null;
          length[h] = 0;
        }
      }
      h = following;
    }
  }

  private unlink(h: number): void {
    this.next[this.prev[h]] = this.next[h];
    this.prev[this.next[h]] = this.prev[h];
  }

  private link(h: number): void {
    const head = this.l;
    this.next[h] = head;
    this.prev[h] = this.prev[head];
    this.next[this.prev[head]] = h;
    this.prev[head] = h;
  }
}
