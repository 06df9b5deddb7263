// scikit-learn's libsvm draws its random numbers from one std::mt19937 (newrand.h):
// set_seed(seed) reseeds it, bounded_rand_int(range) maps 32 bits into [0, range)
// with Lemire's multiply-and-reject method as newrand.h tweaks it.
import { Mt19937 } from './mt19937.ts';

const TWO_16 = 65536;
const TWO_32 = 4294967296;

export class LibsvmRandom {
  private readonly mt: Mt19937;

  constructor(seed: number) {
    this.mt = new Mt19937(seed);
  }

  /** set_seed: std::mt19937::seed(seed) on the shared generator. */
  seed(seed: number): void {
    this.mt.seed(seed);
  }

  /** bounded_rand_int(range) for range from 1 to 2^31 - 1. */
  boundedRandInt(range: number): number {
    let x = this.mt.nextUint32();
    let low = Math.imul(x, range) >>> 0; // m = x * range as 64 bits: its low half
    if (low < range) {
      let t = (TWO_32 - range) >>> 0; // uint32_t t = -range
      if (t >= range) {
        t -= range;
        if (t >= range) t %= range;
      }
      while (low < t) {
        x = this.mt.nextUint32();
        low = Math.imul(x, range) >>> 0;
      }
    }
    return highHalf(x, range);
  }
}

/** The high 32 bits of the 64-bit product of two 32-bit numbers, exactly (the product itself may not fit a double). */
function highHalf(x: number, range: number): number {
  const byLow = (x % TWO_16) * range; // below 2^48: exact
  const byHigh = Math.floor(x / TWO_16) * range;
  return Math.floor((byHigh + Math.floor(byLow / TWO_16)) / TWO_16);
}
