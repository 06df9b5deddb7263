// DecisionTreeClassifier.fit and DecisionTreeRegressor.fit as scikit-learn 1.2.1 runs
// them: RandomState(random_state) seeds the splitter (randint(0, RAND_R_MAX)), which
// grows one tree on every training row cast to float32.
import type { Matrix } from '../../data/matrix.ts';
import { RandomState } from '../random/numpy-random-state.ts';
import { RAND_R_MAX } from '../random/tree-rand.ts';
import { treeData, type TreeData } from './data.ts';
import type { TreesClassifier } from './inference.ts';
import type { TreesRegressor } from './regression-inference.ts';
import { growTree, type GrownTree, type TreeParams } from './grow.ts';

export const DECISION_TREE_DEFAULTS: TreeParams = { criterion: 'gini', max_depth: null, min_samples_split: 2, min_samples_leaf: 1, max_features: null };
export const DECISION_TREE_REGRESSOR_DEFAULTS: TreeParams = { ...DECISION_TREE_DEFAULTS, criterion: 'squared_error' };

/** BaseDecisionTree.fit with an int random_state: the tree's splitter seed. */
export function splitterSeed(randomState: number): number {
  return new RandomState(randomState).randint(0, RAND_R_MAX);
}

/** One tree as scikit-learn grows it for this random_state (sample weights: a forest's bootstrap counts). */
export function growDecisionTree(data: TreeData, weights: Float64Array | null, params: TreeParams, randomState: number): GrownTree {
  return growTree(data, weights, params, splitterSeed(randomState));
}

export function fitDecisionTree(X: Matrix, y: Int32Array, classCount: number, params: TreeParams, seed: number): { classifier: TreesClassifier; importances: number[] } {
  const grown = growDecisionTree(treeData(X, y, classCount), null, params, seed);
  return { classifier: { kind: 'trees', trees: [grown.tree] }, importances: Array.from(grown.importances) };
}

/** The regression tree (criterion squared_error): each node's value is its mean target. */
export function fitDecisionTreeRegressor(X: Matrix, y: Float64Array, params: TreeParams, seed: number): { regressor: TreesRegressor; importances: number[] } {
  const grown = growDecisionTree(treeData(X, y), null, params, seed);
  return { regressor: { kind: 'trees_regression', trees: [grown.tree] }, importances: Array.from(grown.importances) };
}
