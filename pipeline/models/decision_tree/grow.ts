// CART as scikit-learn's DecisionTreeClassifier grows it (best splitter, depth first):
// at each node, visit features in a random order until max_features non-constant
// ones are seen, try every threshold between two distinct sorted values (their
// midpoint), keep the strictly best impurity decrease, and stop at max_depth, at a
// pure node, or when too few rows are left. Weights are bootstrap counts in a forest.
import type { FlatTree } from './inference.ts';

export type Criterion = 'gini' | 'entropy' | 'log_loss';
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export interface TreeParams {
  criterion: Criterion;
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  max_features: MaxFeatures;
}

// scikit-learn's: values closer than this are one value; impurity below EPSILON is pure.
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

/** The features tried at each node, as scikit-learn resolves max_features. */
export function featuresPerSplit(maxFeatures: MaxFeatures, columns: number): number {
  if (maxFeatures === null) return columns;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(columns)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(columns)));
  if (Number.isInteger(maxFeatures) && maxFeatures >= 1) return Math.min(maxFeatures, columns);
  return Math.max(1, Math.floor(maxFeatures * columns));
}

function impurity(criterion: Criterion, counts: Float64Array, offset: number, classCount: number, total: number): number {
  let result = criterion === 'gini' ? 1 : 0;
  for (let k = 0; k < classCount; k++) {
    const share = counts[offset + k] / total;
    if (criterion === 'gini') result -= share * share;
    else if (share > 0) result -= share * Math.log2(share);
  }
  return result;
}

export interface GrownTree {
  tree: FlatTree;
  /** Impurity decrease per column, normalized to sum to 1 (feature_importances_); all 0 for a single leaf. */
  importances: Float64Array;
}

export interface TreeData {
  /** The rows by column (data/matrix.ts transpose): a split scans one column at a time. */
  columns: Float64Array;
  rows: number;
  cols: number;
  y: Int32Array;
  classCount: number;
}

/** Grows one tree on the rows with a weight above 0 (every row when `weights` is null). */
export function growTree(data: TreeData, weights: Float64Array | null, params: TreeParams, random: () => number): GrownTree {
  const { columns, rows, cols, y, classCount } = data;
  const maxDepth = params.max_depth ?? Infinity;
  const minLeaf = params.min_samples_leaf;
  const maxFeatures = featuresPerSplit(params.max_features, cols);
  const samples = new Int32Array(weights ? weights.reduce((n, w) => n + (w > 0 ? 1 : 0), 0) : rows);
  for (let i = 0, n = 0; i < rows; i++) if (!weights || weights[i] > 0) samples[n++] = i;
  const weightOf = (row: number) => (weights ? weights[row] : 1);

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const nodeImpurity: number[] = [];
  const nodeWeight: number[] = [];

  const counts = new Float64Array(classCount);
  const leftCounts = new Float64Array(classCount);
  const rightCounts = new Float64Array(classCount);
  const order = new Int32Array(samples.length);
  const features = Int32Array.from({ length: cols }, (_, j) => j);

  // Depth first, left child first: node ids in preorder, as scikit-learn numbers them.
  const stack: { start: number; end: number; depth: number; parent: number; isLeft: boolean }[] = [{ start: 0, end: samples.length, depth: 0, parent: -1, isLeft: false }];
  while (stack.length > 0) {
    const { start, end, depth, parent, isLeft } = stack.pop()!;
    const node = feature.length;
    if (parent >= 0) (isLeft ? left : right)[parent] = node;
    counts.fill(0);
    let total = 0;
    for (let p = start; p < end; p++) {
      const w = weightOf(samples[p]);
      counts[y[samples[p]]] += w;
      total += w;
    }
    const nodeImpurityValue = impurity(params.criterion, counts, 0, classCount, total);
    const n = end - start;
    let best = { feature: -1, threshold: 0, proxy: -Infinity };
    if (depth < maxDepth && n >= params.min_samples_split && n >= 2 * minLeaf && nodeImpurityValue > EPSILON) {
      best = bestSplit(start, end, total);
    }
    feature.push(best.feature);
    threshold.push(best.feature < 0 ? -2 : best.threshold);
    left.push(-1);
    right.push(-1);
    for (let k = 0; k < classCount; k++) value.push(counts[k]);
    nodeImpurity.push(nodeImpurityValue);
    nodeWeight.push(total);
    if (best.feature < 0) continue;
    // Partition the node's rows: value <= threshold first.
    const column = best.feature * rows;
    let middle = start;
    for (let p = start; p < end; p++) {
      if (columns[column + samples[p]] <= best.threshold) {
        const swap = samples[middle];
        samples[middle++] = samples[p];
        samples[p] = swap;
      }
    }
    stack.push({ start: middle, end, depth: depth + 1, parent: node, isLeft: false });
    stack.push({ start, end: middle, depth: depth + 1, parent: node, isLeft: true });
  }

  function bestSplit(start: number, end: number, total: number) {
    const n = end - start;
    let best = { feature: -1, threshold: 0, proxy: -Infinity };
    let visited = 0;
    let constants = 0;
    let remaining = cols;
    while (remaining > 0 && (visited < maxFeatures || visited <= constants)) {
      // Draw a feature not yet tried at this node (a Fisher-Yates step).
      const pick = Math.floor(random() * remaining);
      const f = features[pick];
      features[pick] = features[remaining - 1];
      features[remaining - 1] = f;
      remaining--;
      visited++;
      const column = columns.subarray(f * rows, (f + 1) * rows);
      const sorted = order.subarray(0, n);
      sorted.set(samples.subarray(start, end));
      sorted.sort((a, b) => column[a] - column[b]);
      if (column[sorted[n - 1]] <= column[sorted[0]] + FEATURE_THRESHOLD) {
        constants++;
        continue;
      }
      leftCounts.fill(0);
      let leftWeight = 0;
      for (let p = 0; p < n - 1; p++) {
        const row = sorted[p];
        const w = weightOf(row);
        leftCounts[y[row]] += w;
        leftWeight += w;
        const here = column[row];
        const next = column[sorted[p + 1]];
        if (next <= here + FEATURE_THRESHOLD) continue;
        if (p + 1 < minLeaf || n - p - 1 < minLeaf) continue;
        const rightWeight = total - leftWeight;
        for (let k = 0; k < classCount; k++) rightCounts[k] = counts[k] - leftCounts[k];
        const proxy =
          params.criterion === 'gini'
            ? giniProxy(leftCounts, leftWeight) + giniProxy(rightCounts, rightWeight)
            : -leftWeight * impurity(params.criterion, leftCounts, 0, classCount, leftWeight) - rightWeight * impurity(params.criterion, rightCounts, 0, classCount, rightWeight);
        if (proxy > best.proxy) {
          let cut = here / 2 + next / 2;
          if (cut === next || !Number.isFinite(cut)) cut = here;
          best = { feature: f, threshold: cut, proxy };
        }
      }
    }
    return best;
  }

  function giniProxy(side: Float64Array, weight: number): number {
    let squares = 0;
    for (let k = 0; k < classCount; k++) squares += side[k] * side[k];
    return squares / weight;
  }

  const importances = new Float64Array(cols);
  for (let node = 0; node < feature.length; node++) {
    if (left[node] < 0) continue;
    const l = left[node];
    const r = right[node];
    importances[feature[node]] += nodeWeight[node] * nodeImpurity[node] - nodeWeight[l] * nodeImpurity[l] - nodeWeight[r] * nodeImpurity[r];
  }
  const sum = importances.reduce((a, b) => a + b, 0);
  if (sum > 0) for (let j = 0; j < cols; j++) importances[j] /= sum;
  return { tree: { feature, threshold, left, right, value }, importances };
}
