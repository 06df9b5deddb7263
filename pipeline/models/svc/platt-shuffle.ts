// The row shuffle of Platt's inner cross-validation, as scikit-learn's libsvm draws it
// for SVC(probability=True): BaseLibSVM.fit turns random_state into one libsvm seed,
// svm_train seeds libsvm's generator with it, and svm_binary_svc_probability shuffles
// each pair's rows (its first class's rows, then its second's) by j = i +
// bounded_rand_int(l - i). Each inner fold that trains (its training part holds both
// classes) runs svm_train again, which reseeds the generator with the same seed, so
// the next pair's shuffle starts over from the seeded state.
import { LibsvmRandom } from '../random/libsvm-rand.ts';
import { RandomState } from '../random/numpy-random-state.ts';

export const PLATT_FOLDS = 5;
const INT_MAX = 2147483647;

/** BaseLibSVM.fit: random_seed = RandomState(random_state).randint(np.iinfo("i").max). */
export function libsvmSeed(randomState: number): number {
  return new RandomState(randomState).randint(0, INT_MAX);
}

/** Fold f of l rows is positions [floor(f l / 5), floor((f + 1) l / 5)) of the shuffled rows. */
export function foldBounds(fold: number, l: number): { begin: number; end: number } {
  return { begin: Math.floor((fold * l) / PLATT_FOLDS), end: Math.floor(((fold + 1) * l) / PLATT_FOLDS) };
}

export class PlattShuffle {
  private readonly random: LibsvmRandom;

  constructor(private readonly seed: number) {
    this.random = new LibsvmRandom(seed);
  }

  /** The shuffled order of one pair's rows (labels +1 / -1, in libsvm's row order); advances the generator as libsvm does. */
  next(y: Int8Array): Int32Array {
    const l = y.length;
    const perm = new Int32Array(l);
    for (let i = 0; i < l; i++) perm[i] = i;
    for (let i = 0; i < l; i++) {
      const j = i + this.random.boundedRandInt(l - i);
      const swap = perm[i];
      perm[i] = perm[j];
      perm[j] = swap;
    }
    for (let fold = 0; fold < PLATT_FOLDS; fold++) {
      const { begin, end } = foldBounds(fold, l);
      let positives = 0;
      for (let p = 0; p < l; p++) if ((p < begin || p >= end) && y[perm[p]] === 1) positives++;
      const negatives = l - (end - begin) - positives;
      if (positives > 0 && negatives > 0) this.random.seed(this.seed);
    }
    return perm;
  }
}
