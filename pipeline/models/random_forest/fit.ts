// RandomForestClassifier.fit as scikit-learn 1.2.1 runs it: the forest's
// RandomState(random_state) draws each tree's random_state in order
// (_set_random_states: randint(np.iinfo(np.int32).max)); a tree's bootstrap rows come
// from a RandomState of its own seed (_generate_sample_indices: randint(0, n, n)),
// counted as sample weights, and its splitter is seeded from that seed again, as
// DecisionTreeClassifier.fit does. The same seed grows the same forest, byte for
// byte, however the work is spread.
import type { Matrix } from '../../data/matrix.ts';
import { numpySum } from '../numpy-sum.ts';
import { RandomState } from '../random/numpy-random-state.ts';
import { treeData } from '../decision_tree/data.ts';
import { growDecisionTree } from '../decision_tree/fit.ts';
import type { TreesClassifier } from '../decision_tree/inference.ts';
import type { TreeParams } from '../decision_tree/grow.ts';

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

const INT32_MAX = 2147483647;

/** _generate_sample_indices, counted (np.bincount): how often each row is drawn into the tree's bootstrap sample. */
export function bootstrapCounts(treeSeed: number, rows: number, out: Float64Array): Float64Array {
  const random = new RandomState(treeSeed);
  out.fill(0);
  for (let draw = 0; draw < rows; draw++) out[random.randint(0, rows)]++;
  return out;
}

export function fitRandomForest(X: Matrix, y: Int32Array, classCount: number, params: RandomForestParams, seed: number): { classifier: TreesClassifier; importances: number[] } {
  const data = treeData(X, y, classCount);
  const forestRandom = new RandomState(seed);
  const weights = new Float64Array(X.rows);
  const importances = new Float64Array(X.cols);
  const trees: TreesClassifier['trees'] = [];
  let split = 0;
  for (let t = 0; t < params.n_estimators; t++) {
    const treeSeed = forestRandom.randint(0, INT32_MAX);
    const grown = growDecisionTree(data, params.bootstrap ? bootstrapCounts(treeSeed, X.rows, weights) : null, params, treeSeed);
    trees.push(grown.tree);
    // feature_importances_: the mean over trees with more than one node, in order, then over its np.sum.
    if (grown.tree.feature.length > 1) {
      for (let j = 0; j < X.cols; j++) importances[j] += grown.importances[j];
      split++;
    }
  }
  if (split > 0) for (let j = 0; j < X.cols; j++) importances[j] /= split;
  const sum = numpySum(importances);
  return { classifier: { kind: 'trees', trees }, importances: Array.from(importances, (v) => (split > 0 && sum > 0 ? v / sum : 0)) };
}
