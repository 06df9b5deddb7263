// DecisionTreeClassifier.fit: one tree on every training row, every feature tried at
// each node (in an order drawn from random_state, which breaks ties between equally
// good splits, as in scikit-learn).
import { transpose, type Matrix } from '../../data/matrix.ts';
import { seededRandom } from '../../data/split.ts';
import type { TreesClassifier } from './inference.ts';
import { growTree, type TreeParams } from './grow.ts';

export const DECISION_TREE_DEFAULTS: TreeParams = { criterion: 'gini', max_depth: null, min_samples_split: 2, min_samples_leaf: 1, max_features: null };

export function fitDecisionTree(X: Matrix, y: Int32Array, classCount: number, params: TreeParams, seed: number): { classifier: TreesClassifier; importances: number[] } {
  const grown = growTree({ columns: transpose(X), rows: X.rows, cols: X.cols, y, classCount }, null, params, seededRandom(seed));
  return { classifier: { kind: 'trees', trees: [grown.tree] }, importances: Array.from(grown.importances) };
}
