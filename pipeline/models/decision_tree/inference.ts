// Decision trees and forests: each tree leads a row, cast to float32 as scikit-learn
// does, to one leaf, whose class counts, normalized, are the tree's probabilities
// (DecisionTreeClassifier.predict_proba); a forest averages its trees' in order
// (RandomForestClassifier: soft votes, not hard ones).
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';
import { checkNodes, flatTreeSchema, leafOf, packNodes, toFloat32, type FlatTree, type PackedNodes } from './walk.ts';

export type { FlatTree } from './walk.ts';

export interface TreesClassifier {
  kind: 'trees';
  trees: FlatTree[];
}

interface Packed {
  width: number;
  scaler: ReturnType<typeof packScaler>;
  trees: (PackedNodes & { shares: Float64Array })[];
  scaled: Float64Array;
}

const pack = packedOnce((model: ModelOf<TreesClassifier>, classCount: number, width: number): Packed => {
  const trees = model.classifier.trees.map((tree) => {
    // Each node's counts as shares once, so a prediction only adds.
    const shares = Float64Array.from(tree.value);
    for (let at = 0; at < shares.length; at += classCount) {
      let total = 0;
      for (let k = 0; k < classCount; k++) total += shares[at + k];
      for (let k = 0; k < classCount; k++) shares[at + k] /= total;
    }
    return { ...packNodes(tree), shares };
  });
  return { width, scaler: packScaler(model.scaler, width), trees, scaled: new Float64Array(width) };
});

function predictProba(model: ModelOf<TreesClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { trees, scaled } = m;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    toFloat32(scaled);
    const offset = i * classCount;
    for (const tree of trees) {
      const { shares } = tree;
      for (let k = 0, at = leafOf(tree, scaled) * classCount; k < classCount; k++, at++) out[offset + k] += shares[at];
    }
    for (let k = 0; k < classCount; k++) out[offset + k] /= trees.length;
  }
  return out;
}

export const treesKind: ServingKind<TreesClassifier> = {
  schema: z.strictObject({ kind: z.literal('trees'), trees: z.array(flatTreeSchema) }),
  check(classifier, { width, classes }, checks) {
    const { expect } = checks;
    expect(classifier.trees.length >= 1, 'classifier.trees', 'needs at least 1 tree');
    classifier.trees.forEach((tree, t) => {
      const path = `classifier.trees[${t}]`;
      checkNodes(tree, path, width, checks, classes, 'one count per node and class', (n) => {
        let total = 0;
        let negative = 0;
        for (let k = 0; k < classes; k++) {
          const count = tree.value[n * classes + k];
          total += count;
          if (count < 0) negative++;
        }
        if (!(total > 0 && negative === 0)) expect(false, `${path}.value of node ${n}`, 'counts must be at least 0, not all 0');
      });
    });
  },
  predictProba,
};
