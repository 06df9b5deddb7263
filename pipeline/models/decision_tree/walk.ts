// What classification and regression trees share when served: the flat node arrays
// (scikit-learn's tree_ layout), their shape checks, and the walk of a row, cast to
// float32 as scikit-learn casts it, from the root to its leaf.
import * as z from 'zod/mini';
import type { ShapeChecks } from '../../artifact/model-parts.ts';
import { numbers } from '../../artifact/schema-primitives.ts';

/** One tree as flat node arrays, scikit-learn's tree_ layout: node 0 is the root. */
export interface FlatTree {
  /** Column tested at each node; -1 at a leaf. */
  feature: number[];
  /** Rows with value <= threshold go left. */
  threshold: number[];
  /** Child node indexes; -1 at a leaf. */
  left: number[];
  right: number[];
  /** Each node's value: a classifier's class counts (nodes × classes; bootstrap counts in a forest), a regressor's mean target. */
  value: number[];
}

export const flatTreeSchema = z.strictObject({ feature: numbers, threshold: numbers, left: numbers, right: numbers, value: numbers });

export interface PackedNodes {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
}

export function packNodes(tree: FlatTree): PackedNodes {
  return { feature: Int32Array.from(tree.feature), threshold: Float64Array.from(tree.threshold), left: Int32Array.from(tree.left), right: Int32Array.from(tree.right) };
}

/** scikit-learn walks a tree on float32 values (its thresholds are midpoints of float32 values). */
export function toFloat32(row: Float64Array): void {
  for (let j = 0; j < row.length; j++) row[j] = Math.fround(row[j]);
}

/** The leaf a (float32) row reaches. */
export function leafOf({ feature, threshold, left, right }: PackedNodes, row: Float64Array): number {
  let node = 0;
  while (left[node] >= 0) node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
  return node;
}

const isChild = (child: number, parent: number, nodes: number) => Number.isInteger(child) && child > parent && child < nodes;

/**
 * A tree's node arrays: as long as each other (`value` `perNode` times as long), leaves
 * marked -1, children after their parent (every path ends at a leaf, so no row can
 * loop), columns within the width; `checkValue` checks one node's value (a
 * classifier's counts, a regressor's mean), when there are as many as there should be.
 */
export function checkNodes(tree: FlatTree, path: string, width: number, { expect, expectLength }: ShapeChecks, perNode: number, what: string, checkValue: (node: number) => void): void {
  const nodes = tree.feature.length;
  for (const field of ['threshold', 'left', 'right'] as const) expectLength(`${path}.${field}`, tree[field].length, nodes, 'one per node');
  const valuesFit = tree.value.length === nodes * perNode;
  expectLength(`${path}.value`, tree.value.length, nodes * perNode, what);
  for (let n = 0; n < nodes; n++) {
    const leaf = tree.left[n] === -1;
    const ok = leaf
      ? tree.right[n] === -1 && tree.feature[n] === -1
      : Number.isInteger(tree.feature[n]) && tree.feature[n] >= 0 && tree.feature[n] < width && isChild(tree.left[n], n, nodes) && isChild(tree.right[n], n, nodes);
    // Messages are built only for a problem: a forest has thousands of nodes to check at cold start.
    if (!ok) expect(false, `${path} node ${n}`, leaf ? 'a leaf has feature, left and right -1' : `needs a column from 0 to ${width - 1} and children after it, before ${nodes}`);
    if (valuesFit) checkValue(n);
  }
}
