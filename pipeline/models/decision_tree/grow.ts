// scikit-learn 1.2.1's DepthFirstTreeBuilder (sklearn/tree/_tree.pyx) around the best
// splitter: nodes numbered in preorder (a stack, the left child popped first), a
// node is a leaf at max_depth, below min_samples_split or 2 · min_samples_leaf rows,
// when its impurity is at most EPSILON, or when no split decreases it by more than
// -EPSILON; a child's impurity is the one its parent's split computed. Weights are
// bootstrap counts in a forest (rows of weight 0 take no part). The criterion is a
// classification one for class labels, MSE for a float target (squared_error).
import { sumOf } from '../../data/pairwise-sum.ts';
import { ClassificationCriterion, type Criterion, type SplitCriterion } from './criterion.ts';
import type { TreeData } from './data.ts';
import type { FlatTree } from './walk.ts';
import { MseCriterion } from './mse.ts';
import { BestSplitter } from './splitter.ts';

export type { Criterion } from './criterion.ts';
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export interface TreeParams {
  criterion: Criterion;
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  max_features: MaxFeatures;
}

const EPSILON = 2.220446049250313e-16; // np.finfo("double").eps
const INT32_MAX = 2147483647; // max_depth None

/** The features tried at each node, as scikit-learn resolves max_features. */
export function featuresPerSplit(maxFeatures: MaxFeatures, columns: number): number {
  if (maxFeatures === null) return columns;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(columns)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(columns)));
  if (Number.isInteger(maxFeatures) && maxFeatures >= 1) return Math.min(maxFeatures, columns);
  return Math.max(1, Math.floor(maxFeatures * columns));
}

export interface GrownTree {
  tree: FlatTree;
  /** Node impurity and weighted_n_node_samples, per node (tree_.impurity, tree_.weighted_n_node_samples). */
  impurity: number[];
  weight: number[];
  /** feature_importances_: impurity decrease per column, normalized to sum to 1; all 0 for a single leaf. */
  importances: Float64Array;
}

interface StackRecord {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
  impurity: number;
  constants: number;
}

/** Grows one tree; `seed` seeds the splitter's rand_r state (scikit-learn: random_state.randint(0, RAND_R_MAX)). */
export function growTree(data: TreeData, weights: Float64Array | null, params: TreeParams, seed: number): GrownTree {
  const maxDepth = params.max_depth ?? INT32_MAX;
  const minLeaf = params.min_samples_leaf;
  const minSplit = Math.max(params.min_samples_split, 2 * minLeaf);
  const splitter = new BestSplitter(data, weights, criterionOf(data, weights, params.criterion), { maxFeatures: featuresPerSplit(params.max_features, data.cols), minSamplesLeaf: minLeaf }, seed);
  const { criterion } = splitter;

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const impurity: number[] = [];
  const weight: number[] = [];

  const stack: StackRecord[] = [{ start: 0, end: splitter.samples.length, depth: 0, parent: -1, isLeft: false, impurity: Infinity, constants: 0 }];
  let first = true;
  while (stack.length > 0) {
    const record = stack.pop()!;
    const { start, end, depth } = record;
    const n = end - start;
    splitter.nodeReset(start, end);
    let isLeaf = depth >= maxDepth || n < minSplit || n < 2 * minLeaf;
    let nodeImpurity = record.impurity;
    if (first) {
      nodeImpurity = criterion.nodeImpurity();
      first = false;
    }
    isLeaf ||= nodeImpurity <= EPSILON;
    if (!isLeaf) {
      splitter.nodeSplit(nodeImpurity, record.constants);
      isLeaf = splitter.pos >= end || splitter.improvement + EPSILON < 0;
    }
    const node = feature.length;
    if (record.parent >= 0) (record.isLeft ? left : right)[record.parent] = node;
    feature.push(isLeaf ? -1 : splitter.feature);
    threshold.push(isLeaf ? -2 : splitter.threshold);
    left.push(-1);
    right.push(-1);
    criterion.pushValue(value);
    impurity.push(nodeImpurity);
    weight.push(criterion.weightNode);
    if (isLeaf) continue;
    const constants = splitter.constantCount;
    stack.push({ start: splitter.pos, end, depth: depth + 1, parent: node, isLeft: false, impurity: splitter.impurityRight, constants });
    stack.push({ start, end: splitter.pos, depth: depth + 1, parent: node, isLeft: true, impurity: splitter.impurityLeft, constants });
  }
  const tree = { feature, threshold, left, right, value };
  return { tree, impurity, weight, importances: featureImportances(tree, impurity, weight, data.cols) };
}

function criterionOf(data: TreeData, weights: Float64Array | null, criterion: Criterion): SplitCriterion {
  const { y } = data;
  if (criterion === 'squared_error') {
    if (!(y instanceof Float64Array)) throw new TypeError('criterion "squared_error" needs a numeric target');
    return new MseCriterion(y, weights);
  }
  if (!(y instanceof Int32Array)) throw new TypeError(`criterion "${criterion}" needs class labels`);
  return new ClassificationCriterion(y, data.classCount, weights, criterion);
}

/** compute_feature_importances(normalize=True): each split's weighted impurity decrease, over the root's weight, then over their np.sum. */
function featureImportances({ feature, left, right }: FlatTree, impurity: number[], weight: number[], cols: number): Float64Array {
  const importances = new Float64Array(cols);
  for (let node = 0; node < feature.length; node++) {
    if (left[node] < 0) continue;
    const l = left[node];
    const r = right[node];
    importances[feature[node]] += weight[node] * impurity[node] - weight[l] * impurity[l] - weight[r] * impurity[r];
  }
  for (let j = 0; j < cols; j++) importances[j] /= weight[0];
  const normalizer = sumOf(importances);
  if (normalizer > 0) for (let j = 0; j < cols; j++) importances[j] /= normalizer;
  return importances;
}
