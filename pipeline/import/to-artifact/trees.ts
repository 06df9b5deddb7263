// DecisionTreeClassifier and RandomForestClassifier → the kit's trees: tree_'s flat
// node arrays (leaves marked -1) and each node's class weights, which the kit
// normalises per leaf as predict_proba does (counts before scikit-learn 1.4, fractions
// after: the same shares). Where scikit-learn 1.3+ sends a NaN does not matter: the
// kit's inputs are never NaN (imputed, or refused as missing).
import type { TreesClassifier } from '../../models/decision_tree/inference.ts';
import type { FlatTree } from '../../models/decision_tree/walk.ts';
import type { DecisionTreeModel, RandomForestModel, TreeStructure } from '../sklearn/types.ts';
import { unsupported } from './unsupported.ts';

function flatTree(tree: TreeStructure): FlatTree {
  const leaf = (n: number) => tree.left[n] === -1;
  return {
    feature: Array.from(tree.feature, (f, n) => (leaf(n) ? -1 : f)),
    threshold: Array.from(tree.threshold, (t, n) => (leaf(n) ? -2 : t)),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
  };
}

export function decisionTreeOf(e: DecisionTreeModel): TreesClassifier {
  return { kind: 'trees', trees: [flatTree(e.tree)] };
}

export function randomForestOf(e: RandomForestModel): TreesClassifier {
  if (e.trees.length === 0) unsupported(e, 'has no trees');
  return { kind: 'trees', trees: e.trees.map(flatTree) };
}
