// RandomForestClassifier.fit: n_estimators trees, each on a bootstrap sample (drawn
// rows counted as weights, as scikit-learn does) and trying max_features ("sqrt")
// features per node. Every tree's seed comes from random_state in order, so the
// same seed grows the same forest, byte for byte, however the work is spread.
import { transpose, type Matrix } from '../../data/matrix.ts';
import { seededRandom } from '../../data/split.ts';
import type { TreesClassifier } from '../decision_tree/inference.ts';
import { growTree, type TreeParams } from '../decision_tree/grow.ts';

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

export function fitRandomForest(X: Matrix, y: Int32Array, classCount: number, params: RandomForestParams, seed: number): { classifier: TreesClassifier; importances: number[] } {
  const data = { columns: transpose(X), rows: X.rows, cols: X.cols, y, classCount };
  const seeds = seededRandom(seed);
  const weights = new Float64Array(X.rows);
  const importances = new Float64Array(X.cols);
  const trees: TreesClassifier['trees'] = [];
  for (let t = 0; t < params.n_estimators; t++) {
    const random = seededRandom(Math.floor(seeds() * 4294967296));
    if (params.bootstrap) {
      weights.fill(0);
      for (let draw = 0; draw < X.rows; draw++) weights[Math.floor(random() * X.rows)]++;
    }
    const grown = growTree(data, params.bootstrap ? weights : null, params, random);
    trees.push(grown.tree);
    for (let j = 0; j < X.cols; j++) importances[j] += grown.importances[j];
  }
  // The mean of the trees' normalized importances, renormalized (single-leaf trees add nothing).
  const sum = importances.reduce((a, b) => a + b, 0);
  return { classifier: { kind: 'trees', trees }, importances: Array.from(importances, (v) => (sum > 0 ? v / sum : 0)) };
}
