// Regression trees and forests (DecisionTreeRegressor, RandomForestRegressor): each
// tree leads a row, cast to float32 as scikit-learn does, to one leaf, whose mean
// target is the tree's prediction; a forest adds its trees' in order and divides by
// their number, as RandomForestRegressor.predict does.
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { packedOnce, packScaler, scaleRow, type PackedScaler, type RegressionKind, type RegressorOf } from '../serving-kind.ts';
import { checkNodes, flatTreeSchema, leafOf, packNodes, toFloat32, type FlatTree, type PackedNodes } from './walk.ts';

export interface TreesRegressor {
  kind: 'trees_regression';
  /** Each node's value is its mean target (one per node). */
  trees: FlatTree[];
}

/** A sum of this many such means stays finite for any forest a file can hold. */
const VALUE_LIMIT = 1e300;

interface Packed {
  scaler: PackedScaler;
  trees: (PackedNodes & { value: Float64Array })[];
  scaled: Float64Array;
}

const pack = packedOnce(
  (model: RegressorOf<TreesRegressor>, _classCount: number, width: number): Packed => ({
    scaler: packScaler(model.scaler, width),
    trees: model.regressor.trees.map((tree) => ({ ...packNodes(tree), value: Float64Array.from(tree.value) })),
    scaled: new Float64Array(width),
  }),
);

function predict(model: RegressorOf<TreesRegressor>, X: Matrix): Float64Array {
  const m = pack(model, 0, X.cols);
  const { trees, scaled } = m;
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    toFloat32(scaled);
    let sum = 0;
    for (const tree of trees) sum += tree.value[leafOf(tree, scaled)];
    out[i] = sum / trees.length;
  }
  return out;
}

export const treesRegressionKind: RegressionKind<TreesRegressor> = {
  schema: z.strictObject({ kind: z.literal('trees_regression'), trees: z.array(flatTreeSchema) }),
  check(regressor, { width }, checks) {
    const { expect } = checks;
    expect(regressor.trees.length >= 1, 'regressor.trees', 'needs at least 1 tree');
    regressor.trees.forEach((tree, t) => {
      const path = `regressor.trees[${t}]`;
      checkNodes(tree, path, width, checks, 1, 'one mean per node', (n) => {
        if (!(Math.abs(tree.value[n]) <= VALUE_LIMIT)) expect(false, `${path}.value of node ${n}`, `must be at most ${VALUE_LIMIT} in absolute value`);
      });
    });
  },
  predict,
};
