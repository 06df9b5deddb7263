// numpy's legacy RandomState(seed) (numpy.random.mtrand) as scikit-learn draws from it
// through check_random_state: randint(low, high) with its masked rejection sampling
// (the legacy generator's bounded integers: the smallest all-ones mask above the
// range, redrawn until the masked bits fall inside it). int32 and int64 draws agree
// below a range of 2^32, the only ones scikit-learn's trees, forests and SVC make.
import { Mt19937 } from './mt19937.ts';

const TWO_32 = 4294967296;

/** The smallest 2^k - 1 at least `max` (numpy's gen_mask), for max below 2^32. */
function mask32(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

export class RandomState {
  private readonly mt: Mt19937;

  /** RandomState(seed) for a whole seed from 0 to 2^32 - 1 (numpy refuses others). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed >= TWO_32) throw new RangeError(`a RandomState seed is a whole number from 0 to 2^32 - 1, not ${seed}`);
    this.mt = new Mt19937(seed);
  }

  /** The next raw 32 bits (randint(0, 2**32, dtype=np.uint64)). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** randint(low, high): one whole number in [low, high), as numpy draws it (high - low up to 2^53). */
  randint(low: number, high: number): number {
    const range = high - low - 1;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || range < 0) throw new RangeError(`randint needs whole numbers low < high, not ${low}, ${high}`);
    if (range === 0) return low; // numpy draws nothing for a single value
    if (range < 0xffffffff) {
      const mask = mask32(range);
      let value: number;
      do value = (this.mt.nextUint32() & mask) >>> 0;
      while (value > range);
      return low + value;
    }
    if (range === 0xffffffff) return low + this.mt.nextUint32();
    // Wider ranges: 64 random bits, the first draw high, masked the same way.
    const highMask = mask32(Math.floor(range / TWO_32));
    let value: number;
    do {
      const upper = (this.mt.nextUint32() & highMask) >>> 0;
      value = upper * TWO_32 + this.mt.nextUint32();
    } while (value > range);
    return low + value;
  }

  /** randint(low, high, size=out.length) into `out`, in draw order. */
  randintInto(low: number, high: number, out: { length: number; [i: number]: number }): void {
    for (let i = 0; i < out.length; i++) out[i] = this.randint(low, high);
  }
}
