// scikit-learn 1.2.1's BestSplitter (sklearn/tree/_splitter.pyx) on dense rows: at a
// node, draw features without replacement (Fisher-Yates on `features`, with rand_int)
// until max_features non-constant ones are seen, skipping those known constant from
// an ancestor; sort the node's rows by each drawn feature, try every cut between two
// values more than FEATURE_THRESHOLD apart (in float32), and keep the first strictly
// best proxy. `features` and `constantFeatures` carry over from node to node as the
// splitter keeps them, so the draws, and with them ties, follow scikit-learn's.
import { TreeRandom } from '../random/tree-rand.ts';
import { impurityImprovement, proxyImprovement, type Impurity } from './criterion.ts';
import type { TreeData } from './data.ts';

// float32, as scikit-learn declares it; Xf[p] + FEATURE_THRESHOLD is a float32 sum.
const FEATURE_THRESHOLD = Math.fround(1e-7);

export interface SplitterSettings {
  maxFeatures: number;
  minSamplesLeaf: number;
  impurity: Impurity;
}

export class BestSplitter {
  /** Rows with a weight above 0, reordered as nodes split them. */
  readonly samples: Int32Array;
  /** Sum of every row's weight (weighted_n_samples). */
  readonly weightAll: number;
  readonly sumTotal: Float64Array;
  weightNode = 0;
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
  private readonly sumLeft: Float64Array;
  private readonly sumRight: Float64Array;
  private readonly random: TreeRandom;
  private start = 0;
  private end = 0;

  constructor(
    private readonly data: TreeData,
    private readonly weights: Float64Array | null,
    private readonly settings: SplitterSettings,
    seed: number,
  ) {
    const { rows, cols, classCount } = data;
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
    this.sumTotal = new Float64Array(classCount);
    this.sumLeft = new Float64Array(classCount);
    this.sumRight = new Float64Array(classCount);
    this.random = new TreeRandom(seed);
  }

  /** node_reset: the node's rows are samples[start, end); their class weights in sumTotal. */
  nodeReset(start: number, end: number): void {
    const { y } = this.data;
    const { samples, weights, sumTotal } = this;
    this.start = start;
    this.end = end;
    sumTotal.fill(0);
    let weight = 0;
    for (let p = start; p < end; p++) {
      const w = weights ? weights[samples[p]] : 1;
      sumTotal[y[samples[p]]] += w;
      weight += w;
    }
    this.weightNode = weight;
  }

  nodeImpurity(): number {
    return this.settings.impurity(this.sumTotal, this.data.classCount, this.weightNode);
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
      this.sortBy(f);
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

  /** Sorts samples[start, end) by feature f, its values into featureValues (ties in any order: they give the same sums). */
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

  /** Every cut of feature f (rows sorted), keeping one whose proxy beats `bestProxy`; returns the best proxy so far. */
  private bestCut(f: number, bestProxy: number): number {
    const { y, classCount } = this.data;
    const { samples, weights, sumTotal, sumLeft, sumRight, start, end, weightNode } = this;
    const { minSamplesLeaf, impurity } = this.settings;
    const Xf = this.featureValues;
    sumLeft.fill(0);
    let weightLeft = 0;
    let added = start;
    let p = start;
    while (p < end) {
      while (p + 1 < end && Xf[p + 1] <= Math.fround(Xf[p] + FEATURE_THRESHOLD)) p++;
      p++;
      if (p >= end) break;
      if (p - start < minSamplesLeaf || end - p < minSamplesLeaf) continue;
      for (; added < p; added++) {
        const w = weights ? weights[samples[added]] : 1;
        sumLeft[y[samples[added]]] += w;
        weightLeft += w;
      }
      const weightRight = weightNode - weightLeft;
      for (let k = 0; k < classCount; k++) sumRight[k] = sumTotal[k] - sumLeft[k];
      const proxy = proxyImprovement(weightLeft, impurity(sumLeft, classCount, weightLeft), weightRight, impurity(sumRight, classCount, weightRight));
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
    const { rows, values, y, classCount } = this.data;
    const { samples, weights, sumTotal, sumLeft, sumRight, start, end, weightNode, pos, threshold } = this;
    const column = this.feature * rows;
    let p = start;
    let partitionEnd = end;
    while (p < partitionEnd) {
      if (values[column + samples[p]] <= threshold) p++;
      else swap(samples, p, --partitionEnd);
    }
    sumLeft.fill(0);
    let weightLeft = 0;
    for (let q = start; q < pos; q++) {
      const w = weights ? weights[samples[q]] : 1;
      sumLeft[y[samples[q]]] += w;
      weightLeft += w;
    }
    const weightRight = weightNode - weightLeft;
    for (let k = 0; k < classCount; k++) sumRight[k] = sumTotal[k] - sumLeft[k];
    this.impurityLeft = this.settings.impurity(sumLeft, classCount, weightLeft);
    this.impurityRight = this.settings.impurity(sumRight, classCount, weightRight);
    this.improvement = impurityImprovement(impurity, weightNode, this.weightAll, weightLeft, this.impurityLeft, weightRight, this.impurityRight);
  }
}

function swap(array: Int32Array, i: number, j: number): void {
  const value = array[i];
  array[i] = array[j];
  array[j] = value;
}
