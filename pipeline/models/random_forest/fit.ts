// RandomForestClassifier.fit and RandomForestRegressor.fit as scikit-learn 1.2.1 runs
// them: the forest's RandomState(random_state) draws each tree's random_state in order
// (_set_random_states: randint(np.iinfo(np.int32).max)); a tree's bootstrap rows come
// from a RandomState of its own seed (_generate_sample_indices: randint(0, n, n)),
// counted as sample weights, and its splitter is seeded from that seed again, as
// DecisionTreeClassifier.fit does. The same seed grows the same forest, byte for
// byte, however the work is spread.
import type { Matrix } from '../../data/matrix.ts';
import { sumOf } from '../../data/pairwise-sum.ts';
import { RandomState } from '../random/numpy-random-state.ts';
import { treeData, type TreeData } from '../decision_tree/data.ts';
import { growDecisionTree } from '../decision_tree/fit.ts';
import type { TreesClassifier } from '../decision_tree/inference.ts';
import type { TreesRegressor } from '../decision_tree/regression-inference.ts';
import type { TreeParams } from '../decision_tree/grow.ts';
import type { FlatTree } from '../decision_tree/walk.ts';

export interface RandomForestParams extends TreeParams {
  n_estimators: number;
  bootstrap: boolean;
}

export const RANDOM_FOREST_DEFAULTS: RandomForestParams = {
  n_estimators: 100,
  criterion: 'gini',
  max_depth: null,
  min_samples_split: 2,
  min_samples_leaf: 1,
  max_features: 'sqrt',
  bootstrap: true,
};

// max_features: scikit-learn's default 1.0 (every feature) as null, its equivalent:
// JSON cannot tell the fraction 1.0 from the whole number 1 (one feature).
export const RANDOM_FOREST_REGRESSOR_DEFAULTS: RandomForestParams = { ...RANDOM_FOREST_DEFAULTS, criterion: 'squared_error', max_features: null };

const INT32_MAX = 2147483647;

/** _generate_sample_indices, counted (np.bincount): how often each row is drawn into the tree's bootstrap sample. */
export function bootstrapCounts(treeSeed: number, rows: number, out: Float64Array): Float64Array {
  const random = new RandomState(treeSeed);
  out.fill(0);
  for (let draw = 0; draw < rows; draw++) out[random.randint(0, rows)]++;
  return out;
}

/** BaseForest.fit: the trees, in order, and feature_importances_. */
function growForest(data: TreeData, params: RandomForestParams, seed: number): { trees: FlatTree[]; importances: number[] } {
  const { rows, cols } = data;
  const forestRandom = new RandomState(seed);
  const weights = new Float64Array(rows);
  const importances = new Float64Array(cols);
  const trees: FlatTree[] = [];
  let split = 0;
  for (let t = 0; t < params.n_estimators; t++) {
    const treeSeed = forestRandom.randint(0, INT32_MAX);
    const grown = growDecisionTree(data, params.bootstrap ? bootstrapCounts(treeSeed, rows, weights) : null, params, treeSeed);
    trees.push(grown.tree);
    // feature_importances_: the mean over trees with more than one node, in order, then over its np.sum.
    if (grown.tree.feature.length > 1) {
      for (let j = 0; j < cols; j++) importances[j] += grown.importances[j];
      split++;
    }
  }
  if (split > 0) for (let j = 0; j < cols; j++) importances[j] /= split;
  const sum = sumOf(importances);
  return { trees, importances: Array.from(importances, (v) => (split > 0 && sum > 0 ? v / sum : 0)) };
}

export function fitRandomForest(X: Matrix, y: Int32Array, classCount: number, params: RandomForestParams, seed: number): { classifier: TreesClassifier; importances: number[] } {
  const { trees, importances } = growForest(treeData(X, y, classCount), params, seed);
  return { classifier: { kind: 'trees', trees }, importances };
}

/** The regression forest (criterion squared_error): its prediction is the mean of its trees'. */
export function fitRandomForestRegressor(X: Matrix, y: Float64Array, params: RandomForestParams, seed: number): { regressor: TreesRegressor; importances: number[] } {
  const { trees, importances } = growForest(treeData(X, y), params, seed);
  return { regressor: { kind: 'trees_regression', trees }, importances };
}
