// Decision trees and forests: each tree leads a row, cast to float32 as scikit-learn
// does, to one leaf, whose class counts, normalized, are the tree's probabilities
// (DecisionTreeClassifier.predict_proba); a forest averages its trees' in order
// (RandomForestClassifier: soft votes, not hard ones).
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type ModelOf, type ServingKind } from '../serving-kind.ts';

/** One tree as flat node arrays, scikit-learn's tree_ layout: node 0 is the root. */
export interface FlatTree {
  /** Column tested at each node; -1 at a leaf. */
  feature: number[];
  /** Rows with value <= threshold go left. */
  threshold: number[];
  /** Child node indexes; -1 at a leaf. */
  left: number[];
  right: number[];
  /** Training rows of each class that reached each node (nodes × classes; bootstrap counts in a forest). */
  value: number[];
}

export interface TreesClassifier {
  kind: 'trees';
  trees: FlatTree[];
}

interface Packed {
  width: number;
  scaler: ReturnType<typeof packScaler>;
  trees: { feature: Int32Array; threshold: Float64Array; left: Int32Array; right: Int32Array; shares: Float64Array }[];
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
    return { feature: Int32Array.from(tree.feature), threshold: Float64Array.from(tree.threshold), left: Int32Array.from(tree.left), right: Int32Array.from(tree.right), shares };
  });
  return { width, scaler: packScaler(model.scaler, width), trees, scaled: new Float64Array(width) };
});

function predictProba(model: ModelOf<TreesClassifier>, X: Matrix, classCount: number): Float64Array {
  const m = pack(model, classCount, X.cols);
  const { trees, scaled } = m;
  const out = new Float64Array(X.rows * classCount);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    // scikit-learn walks a tree on float32 values (its thresholds are midpoints of float32 values).
    for (let j = 0; j < scaled.length; j++) scaled[j] = Math.fround(scaled[j]);
    const offset = i * classCount;
    for (const { feature, threshold, left, right, shares } of trees) {
      let node = 0;
      while (left[node] >= 0) node = scaled[feature[node]] <= threshold[node] ? left[node] : right[node];
      for (let k = 0, at = node * classCount; k < classCount; k++, at++) out[offset + k] += shares[at];
    }
    for (let k = 0; k < classCount; k++) out[offset + k] /= trees.length;
  }
  return out;
}

const isChild = (child: number, parent: number, nodes: number) => Number.isInteger(child) && child > parent && child < nodes;

export const treesKind: ServingKind<TreesClassifier> = {
  schema: z.strictObject({
    kind: z.literal('trees'),
    trees: z.array(z.strictObject({ feature: numbers, threshold: numbers, left: numbers, right: numbers, value: numbers })),
  }),
  check(classifier, { width, classes }, { expect, expectLength }) {
    expect(classifier.trees.length >= 1, 'classifier.trees', 'needs at least 1 tree');
    classifier.trees.forEach((tree, t) => {
      const path = `classifier.trees[${t}]`;
      const nodes = tree.feature.length;
      for (const field of ['threshold', 'left', 'right'] as const) expectLength(`${path}.${field}`, tree[field].length, nodes, 'one per node');
      expectLength(`${path}.value`, tree.value.length, nodes * classes, 'one count per node and class');
      // Children come after their parent: every path ends at a leaf, so no row can loop.
      for (let n = 0; n < nodes; n++) {
        const leaf = tree.left[n] === -1;
        const ok = leaf
          ? tree.right[n] === -1 && tree.feature[n] === -1
          : Number.isInteger(tree.feature[n]) && tree.feature[n] >= 0 && tree.feature[n] < width && isChild(tree.left[n], n, nodes) && isChild(tree.right[n], n, nodes);
        // Messages are built only for a problem: a forest has thousands of nodes to check at cold start.
        if (!ok) expect(false, `${path} node ${n}`, leaf ? 'a leaf has feature, left and right -1' : `needs a column from 0 to ${width - 1} and children after it, before ${nodes}`);
        let total = 0;
        let negative = 0;
        for (let k = 0; k < classes; k++) {
          const count = tree.value[n * classes + k];
          total += count;
          if (count < 0) negative++;
        }
        if (!(total > 0 && negative === 0)) expect(false, `${path}.value of node ${n}`, 'counts must be at least 0, not all 0');
      }
    });
  },
  predictProba,
};
