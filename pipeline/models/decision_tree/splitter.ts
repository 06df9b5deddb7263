// scikit-learn 1.2.1's BestSplitter (sklearn/tree/_splitter.pyx) on dense rows: at a
// node, draw features without replacement (Fisher-Yates on `features`, with rand_int)
// until max_features non-constant ones are seen, skipping those known constant from
// an ancestor; sort the node's rows by each drawn feature, try every cut between two
// values more than FEATURE_THRESHOLD apart (in float32), and keep the first strictly
// best proxy. `features` and `constantFeatures` carry over from node to node as the
// splitter keeps them, so the draws, and with them ties, follow scikit-learn's.
import { TreeRandom } from '../random/tree-rand.ts';
import { impurityImprovement, type SplitCriterion } from './criterion.ts';
import type { TreeData } from './data.ts';
import { introsort } from './introsort.ts';

// float32, as scikit-learn declares it; Xf[p] + FEATURE_THRESHOLD is a float32 sum.
const FEATURE_THRESHOLD = Math.fround(1e-7);

export interface SplitterSettings {
  maxFeatures: number;
  minSamplesLeaf: number;
}

export class BestSplitter {
  /** Rows with a weight above 0, reordered as nodes split them. */
  readonly samples: Int32Array;
  /** Sum of every row's weight (weighted_n_samples). */
  readonly weightAll: number;
  // The last split found: pos === end when there is none.
  pos = 0;
  feature = -1;
  threshold = 0;
  impurityLeft = 0;
  impurityRight = 0;
  improvement = 0;
  constantCount = 0;

  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly featureValues: Float64Array;
  private readonly keys: Uint32Array | Float64Array;
  /** seen[distinctStart[f] + rank] === stamp: that value of feature f is in the node (ties, for an ordered criterion). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly random: TreeRandom;
  private start = 0;
  private end = 0;

  constructor(
    private readonly data: TreeData,
    weights: Float64Array | null,
    readonly criterion: SplitCriterion,
    private readonly settings: SplitterSettings,
    seed: number,
  ) {
    const { rows, cols } = data;
    let kept = 0;
    let weightAll = 0;
    for (let i = 0; i < rows; i++) {
      if (!weights || weights[i] !== 0) kept++;
      weightAll += weights ? weights[i] : 1;
    }
    this.samples = new Int32Array(kept);
    for (let i = 0, n = 0; i < rows; i++) if (!weights || weights[i] !== 0) this.samples[n++] = i;
    this.weightAll = weightAll;
    this.features = Int32Array.from({ length: cols }, (_, j) => j);
    this.constantFeatures = new Int32Array(cols);
    this.featureValues = new Float64Array(kept);
    // A sort key is rank · rows + row: 32 bits while rows² fits them (faster to sort), else a double (exact while rows² < 2^53).
    this.keys = rows * rows <= 2 ** 32 ? new Uint32Array(kept) : new Float64Array(kept);
    this.seen = new Uint32Array(criterion.ordered ? data.distinct.length : 0);
    this.random = new TreeRandom(seed);
  }

  /** node_reset: the node's rows are samples[start, end). */
  nodeReset(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.criterion.init(this.samples, start, end);
  }

  /** node_split: the best split of the current node into the fields above; `knownConstants` features are known constant here. */
  nodeSplit(impurity: number, knownConstants: number): void {
    const { features, constantFeatures, random, start, end } = this;
    const { maxFeatures } = this.settings;
    let fI = features.length;
    let visited = 0;
    let found = 0; // constant features found at this node
    let drawn = 0; // known constant features drawn
    let totalConstants = knownConstants;
    let bestProxy = -Infinity;
    this.pos = end;
    this.feature = -1;
    this.threshold = 0;
    while (fI > totalConstants && (visited < maxFeatures || visited <= found + drawn)) {
      visited++;
      let fJ = random.randInt(drawn, fI - found);
      if (fJ < knownConstants) {
        swap(features, drawn, fJ);
        drawn++;
        continue;
      }
      fJ += found;
      const f = features[fJ];
      if (this.criterion.ordered && this.hasTies(f)) this.sortInOrder(f);
      else this.sortBy(f);
      const Xf = this.featureValues;
      if (Xf[end - 1] <= Math.fround(Xf[start] + FEATURE_THRESHOLD)) {
        swap(features, fJ, totalConstants);
        found++;
        totalConstants++;
        continue;
      }
      fI--;
      swap(features, fI, fJ);
      bestProxy = this.bestCut(f, bestProxy);
    }
    if (this.pos < end) this.partition(impurity);
    // Known constants keep their order for the children; the newly found join them.
    for (let i = 0; i < knownConstants; i++) features[i] = constantFeatures[i];
    for (let i = knownConstants; i < knownConstants + found; i++) constantFeatures[i] = features[i];
    this.constantCount = totalConstants;
  }

  /** Sorts samples[start, end) by feature f, its values into featureValues (ties in any order: a class count sums them alike). */
  private sortBy(f: number): void {
    const { rows, ranks, distinct, distinctStart } = this.data;
    const { samples, keys, start, end } = this;
    const Xf = this.featureValues;
    const n = end - start;
    const column = f * rows;
    for (let p = start, i = 0; p < end; p++, i++) {
      const row = samples[p];
      keys[i] = ranks[column + row] * rows + row;
    }
    const sorted = keys.subarray(0, n).sort();
    const base = distinctStart[f];
    for (let i = 0, p = start; i < n; i++, p++) {
      const rank = Math.floor(sorted[i] / rows);
      samples[p] = sorted[i] - rank * rows;
      Xf[p] = distinct[base + rank];
    }
  }

  /** Whether two of the node's rows have the same value of feature f: only then can two sorts order them differently. */
  private hasTies(f: number): boolean {
    const { ranks, distinctStart, rows } = this.data;
    const { samples, seen, start, end } = this;
    if (this.stamp === 0xffffffff) {
      seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const column = f * rows;
    const base = distinctStart[f];
    for (let p = start; p < end; p++) {
      const at = base + ranks[column + samples[p]];
      if (seen[at] === stamp) return true;
      seen[at] = stamp;
    }
    return false;
  }

  /** The same sort, ties in scikit-learn's order: a float target's sums depend on it. */
  private sortInOrder(f: number): void {
    const { values, rows } = this.data;
    const { samples, start, end } = this;
    const Xf = this.featureValues;
    const column = f * rows;
    for (let p = start; p < end; p++) Xf[p] = values[column + samples[p]];
    introsort(Xf, samples, start, end - start);
  }

  /** Every cut of feature f (rows sorted), keeping one whose proxy beats `bestProxy`; returns the best proxy so far. */
  private bestCut(f: number, bestProxy: number): number {
    const { criterion, start, end } = this;
    const { minSamplesLeaf } = this.settings;
    const Xf = this.featureValues;
    criterion.reset();
    let p = start;
    while (p < end) {
      while (p + 1 < end && Xf[p + 1] <= Math.fround(Xf[p] + FEATURE_THRESHOLD)) p++;
      p++;
      if (p >= end) break;
      if (p - start < minSamplesLeaf || end - p < minSamplesLeaf) continue;
      criterion.update(p);
      const proxy = criterion.proxy();
      if (proxy > bestProxy) {
        bestProxy = proxy;
        // A sum of halves, which cannot overflow; the lower value when the midpoint rounds up to the upper one.
        let threshold = Xf[p - 1] / 2 + Xf[p] / 2;
        if (threshold === Xf[p] || threshold === Infinity || threshold === -Infinity) threshold = Xf[p - 1];
        this.pos = p;
        this.feature = f;
        this.threshold = threshold;
      }
    }
    return bestProxy;
  }

  /** Moves the rows of the best split's left side first; its children's impurities and the impurity decrease. */
  private partition(impurity: number): void {
    const { rows, values } = this.data;
    const { samples, criterion, start, end, pos, threshold } = this;
    const column = this.feature * rows;
    let p = start;
    let partitionEnd = end;
    while (p < partitionEnd) {
      if (values[column + samples[p]] <= threshold) p++;
      else swap(samples, p, --partitionEnd);
    }
    criterion.reset();
    criterion.update(pos);
    criterion.childrenImpurity();
    this.impurityLeft = criterion.impurityLeft;
    this.impurityRight = criterion.impurityRight;
    this.improvement = impurityImprovement(impurity, criterion.weightNode, this.weightAll, criterion.weightLeft, this.impurityLeft, criterion.weightRight, this.impurityRight);
  }
}

function swap(array: Int32Array, i: number, j: number): void {
  const value = array[i];
  array[i] = array[j];
  array[j] = value;
}
