// Successive halving's arithmetic as scikit-learn 1.2.1's HalvingGridSearchCV does it
// (resource='n_samples', min_resources='exhaust', max_resources = the training rows,
// aggressive_elimination=False): how many iterations, on how many rows each; which rows
// of a fold an iteration uses (_SubsampleMetaSplitter); which candidates go on (_top_k).
import { RandomState } from '../models/random/numpy-random-state.ts';
import { pythonLog } from './python-log.ts';

export interface HalvingSchedule {
  factor: number;
  /** min_resources_ after 'exhaust' raised it, and max_resources_ (the training rows). */
  minResources: number;
  maxResources: number;
  /** n_resources_ and n_candidates_: the rows and the candidates of every iteration. */
  nResources: number[];
  nCandidates: number[];
}

/** floor(math.log(x, base)) as scikit-learn takes it: Python's log(243, 3) is 4.999999999999999, so 4. */
const floorLog = (x: number, base: number) => Math.floor(pythonLog(x, base));

/**
 * The iterations of one HalvingGridSearchCV: `smallest` is n_splits × 2 (× the classes
 * of the training part, for a classifier), min_resources_ before 'exhaust' raises it so
 * that the last iteration uses as many rows as it can.
 */
export function halvingSchedule(candidates: number, rows: number, smallest: number, factor = 3): HalvingSchedule {
  if (smallest > rows) throw new RangeError(`--search halving: the first iteration needs ${smallest} training rows (2 per fold, times the classes for a classifier), the training part has ${rows}; use --search full, fewer --folds, or more rows`);
  const required = 1 + floorLog(candidates, factor);
  const minResources = Math.max(smallest, Math.floor(rows / factor ** (required - 1)));
  const possible = 1 + floorLog(Math.floor(rows / minResources), factor);
  const iterations = Math.min(possible, required);
  const nResources: number[] = [];
  const nCandidates: number[] = [];
  let left = candidates;
  for (let i = 0; i < iterations; i++) {
    nResources.push(Math.min(Math.trunc(factor ** i * minResources), rows));
    nCandidates.push(left);
    left = Math.ceil(left / factor);
  }
  return { factor, minResources, maxResources: rows, nResources, nCandidates };
}

/** random_state as numpy takes it: a seed outside 0 … 2^32 - 1 is folded into that range (scikit-learn would refuse it). */
export function randomStateSeed(seed: number): number {
  const range = 4294967296;
  return ((seed % range) + range) % range;
}

/**
 * sklearn.utils.resample(rows, replace=False, n_samples=int(fraction × len(rows)),
 * random_state=seed): a fresh RandomState(seed) shuffles arange(len(rows)) (numpy's
 * legacy shuffle: j = random_interval(i) from the end down) and the first ones are kept.
 */
export function subsample(rows: readonly number[], fraction: number, seed: number): number[] {
  const n = rows.length;
  const keep = Math.trunc(fraction * n);
  const order = Array.from({ length: n }, (_, i) => i);
  const random = new RandomState(randomStateSeed(seed));
  for (let i = n - 1; i > 0; i--) {
    const j = random.randint(0, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, keep).map((i) => rows[i]);
}

/**
 * _top_k: the `k` best of an iteration's candidates (positions into `scores`), worst
 * first, as the next iteration takes them. An undefined score (NaN) sorts before every
 * defined one. Ties keep their order (a stable argsort; numpy's default quicksort does
 * not promise that, so a tie may go the other way in scikit-learn).
 */
export function topK(scores: readonly (number | null)[], k: number): number[] {
  const order = scores.map((_, i) => i);
  const key = (i: number) => scores[i] ?? Number.NEGATIVE_INFINITY;
  const sorted = order.sort((a, b) => {
    const nanA = scores[a] === null;
    const nanB = scores[b] === null;
    if (nanA !== nanB) return nanA ? -1 : 1;
    return key(a) - key(b) || a - b;
  });
  return sorted.slice(Math.max(0, sorted.length - k));
}

/** _select_best_index: the first best score of the last iteration (np.nanargmax), or its first candidate when none has one. */
export function lastIterationBest(scores: readonly (number | null)[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const score = scores[i];
    if (score !== null && (scores[best] === null || score > scores[best]!)) best = i;
  }
  return best;
}
