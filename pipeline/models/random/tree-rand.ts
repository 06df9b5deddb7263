// scikit-learn's tree splitters draw features with their own small generator
// (sklearn/tree/_utils.pyx our_rand_r, an xorshift on 32 bits), seeded once per fit
// from the tree's RandomState: randint(0, RAND_R_MAX).

export const RAND_R_MAX = 0x7fffffff;
const DEFAULT_SEED = 1;

export class TreeRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** our_rand_r: the next number from 0 to RAND_R_MAX. */
  next(): number {
    let s = this.state === 0 ? DEFAULT_SEED : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % (RAND_R_MAX + 1);
  }

  /** rand_int(low, high): a whole number in [low, high). */
  randInt(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }
}
