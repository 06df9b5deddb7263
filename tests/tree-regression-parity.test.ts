// Regression trees and forests (decision_tree, random_forest) against scikit-learn
// 1.2.1's DecisionTreeRegressor and RandomForestRegressor on Boston housing and
// diabetes, every fifth row held out, behind a StandardScaler fitted on the others
// (fixture from tests/fixtures/sklearn/generate_tree_regression.py): the same trees,
// node for node (a digest of every node's children, feature, threshold and mean; whole
// structures for some), the same impurities and node weights, importances, test
// predictions and test R², all equal as doubles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { matrixFromRows, takeRows } from '../pipeline/data/matrix.ts';
import type { ShapeChecks } from '../pipeline/artifact/model-parts.ts';
import { r2Score } from '../pipeline/metrics/regression.ts';
import { treeData } from '../pipeline/models/decision_tree/data.ts';
import { growDecisionTree } from '../pipeline/models/decision_tree/fit.ts';
import type { TreeParams } from '../pipeline/models/decision_tree/grow.ts';
import type { TreesRegressor } from '../pipeline/models/decision_tree/regression-inference.ts';
import type { FlatTree } from '../pipeline/models/decision_tree/walk.ts';
import type { Params } from '../pipeline/models/families.ts';
import { RandomState } from '../pipeline/models/random/numpy-random-state.ts';
import { bootstrapCounts } from '../pipeline/models/random_forest/fit.ts';
import { REGRESSION_FAMILIES } from '../pipeline/models/regression-families.ts';
import { REGRESSION_KINDS } from '../pipeline/models/regression-kinds.ts';
import { fitScaler, transform } from '../pipeline/preprocess/scalers.ts';
import { numericTable } from './helpers/regression-tables.ts';

interface Structure {
  left: number[];
  right: number[];
  feature: number[];
  threshold: number[];
  value: number[];
  impurity: number[];
  weight: number[];
}
interface Scored {
  params: Params;
  importances: number[];
  predictions: number[];
  r2: number;
}
interface TreeCase extends Scored {
  nodeCount: number;
  digest: number;
  nodeDigest: number;
  structure?: Structure;
}
interface ForestCase extends Scored {
  nodeCounts: number[];
  digests: number[];
  firstTree?: Structure;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/tree-regression-parity.json', import.meta.url), 'utf8')) as {
  datasets: Record<string, { target: string; trees: TreeCase[]; forests: ForestCase[] }>;
  adversary: { x: number[]; y: number[]; trees: (Pick<TreeCase, 'params' | 'nodeCount' | 'digest' | 'nodeDigest' | 'structure'>)[] };
};

const P = 2 ** 31 - 1;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The fixture's digest: each value as a double's two 32-bit words (low first), h = (31 h + word) mod 2^31 - 1. */
function digest(...arrays: ArrayLike<number>[]): number {
  let h = 0;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      bits[0] = values[i];
      h = (h * 31 + words[0]) % P;
      h = (h * 31 + words[1]) % P;
    }
  }
  return h;
}
const kept = (tree: FlatTree) => digest(tree.left, tree.right, tree.feature, tree.threshold, tree.value);

function setup(name: string, target: string) {
  const { X, y } = numericTable(name, target);
  const rows = Array.from({ length: X.rows }, (_, i) => i);
  const train = rows.filter((i) => i % 5 !== 0);
  const test = rows.filter((i) => i % 5 === 0);
  const trainX = takeRows(X, train);
  const trainY = Float64Array.from(train, (i) => y[i]);
  const testX = takeRows(X, test);
  const testY = Float64Array.from(test, (i) => y[i]);
  const scaler = fitScaler.standard(trainX);
  const scaled = transform(scaler, trainX);
  /** Fits the family on the scaled training rows and predicts the unscaled test rows through its kind, as a served model does. */
  const fit = (family: string, given: Params) => {
    const definition = REGRESSION_FAMILIES[family];
    const params = { ...definition.defaults, ...given };
    for (const [key, value] of Object.entries(params)) assert.equal(definition.rules[key]?.(value), undefined, `${family}.${key} = ${JSON.stringify(value)}`);
    const fitted = definition.fit(scaled, trainY, params, { seed: 0 });
    const predictions = REGRESSION_KINDS[fitted.regressor.kind].predict({ scaler, regressor: fitted.regressor }, testX);
    return { params: params as unknown as TreeParams & { random_state: number; bootstrap?: boolean }, fitted, trees: (fitted.regressor as TreesRegressor).trees, predictions, r2: r2Score(testY, predictions) };
  };
  return { fit, data: treeData(scaled, trainY), rows: train.length };
}

function largest(ours: ArrayLike<number>, theirs: readonly number[]): number {
  if (ours.length !== theirs.length) return Infinity;
  let result = 0;
  for (let i = 0; i < theirs.length; i++) result = Math.max(result, Math.abs(ours[i] - theirs[i]));
  return result;
}

const label = (c: { params: Params }) => JSON.stringify(c.params);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function assertScored(c: Scored, ours: { fitted: { importances?: number[] }; predictions: Float64Array; r2: number }) {
  assert.deepEqual(ours.fitted.importances, c.importances, `${label(c)}: feature_importances_ (largest difference ${largest(ours.fitted.importances!, c.importances)})`);
  assert.deepEqual(Array.from(ours.predictions), c.predictions, `${label(c)}: test predictions (largest difference ${largest(ours.predictions, c.predictions)})`);
  assert.equal(ours.r2, c.r2, `${label(c)}: test R²`);
}

for (const [name, expected] of Object.entries(fixture.datasets)) {
  const { fit, data, rows } = setup(name, expected.target);

  test(`${name}: regression trees are scikit-learn's, node for node, bit for bit (${expected.trees.length} settings: max_depth None, 5, 10 at random_state 0-2, max_features, leaf sizes)`, (t) => {
    const r2 = new Map<string, { ours: number[]; theirs: number[] }>();
    let nodes = 0;
    for (const c of expected.trees) {
      const ours = fit('decision_tree', c.params);
      assert.equal(ours.trees.length, 1);
      const [tree] = ours.trees;
      assert.equal(tree.feature.length, c.nodeCount, `${label(c)}: node count`);
      assert.equal(kept(tree), c.digest, `${label(c)}: children, features, thresholds and means (digest)`);
      const grown = growDecisionTree(data, null, ours.params, ours.params.random_state);
      assert.deepEqual(grown.tree, tree, `${label(c)}: the same tree grown on the scaled rows`);
      assert.equal(digest(grown.impurity, grown.weight), c.nodeDigest, `${label(c)}: impurity and weighted_n_node_samples (digest)`);
      if (c.structure) assert.deepEqual({ ...tree, impurity: grown.impurity, weight: grown.weight }, c.structure, `${label(c)}: whole structure`);
      assertScored(c, ours);
      nodes += tree.feature.length;
      const depth = `max_depth ${c.params.max_depth}`;
      if (Object.keys(c.params).length === 2 && 'max_depth' in c.params) {
        const figures = r2.get(depth) ?? { ours: [], theirs: [] };
        figures.ours.push(ours.r2);
        figures.theirs.push(c.r2);
        r2.set(depth, figures);
      }
    }
    const means = [...r2].map(([depth, { ours, theirs }]) => `${depth}: ${mean(ours).toFixed(4)} (scikit-learn ${mean(theirs).toFixed(4)})`);
    t.diagnostic(`${expected.trees.length} trees, ${nodes} nodes, all equal as doubles; test R², mean over random_state 0-2: ${means.join(', ')}`);
  });

  test(`${name}: regression forests are scikit-learn's, bit for bit (${expected.forests.length} settings: 50 trees at random_state 0, 1, 42${name === 'boston' ? ', 100 at 0' : ''}, and others)`, (t) => {
    let trees = 0;
    const r2 = { ours: [] as number[], theirs: [] as number[] };
    for (const c of expected.forests) {
      const ours = fit('random_forest', c.params);
      assert.deepEqual(
        ours.trees.map((tree) => tree.feature.length),
        c.nodeCounts,
        `${label(c)}: node counts`,
      );
      assert.deepEqual(ours.trees.map(kept), c.digests, `${label(c)}: every tree (digests)`);
      if (c.firstTree) {
        // The first tree grown again on its bootstrap rows, with its impurities and node weights (bootstrap counts).
        const seed = new RandomState(ours.params.random_state).randint(0, 2147483647);
        const weights = ours.params.bootstrap ? bootstrapCounts(seed, rows, new Float64Array(rows)) : null;
        const grown = growDecisionTree(data, weights, ours.params, seed);
        assert.deepEqual(grown.tree, ours.trees[0], `${label(c)}: the first tree grown alone`);
        assert.deepEqual({ ...grown.tree, impurity: grown.impurity, weight: grown.weight }, c.firstTree, `${label(c)}: first tree's whole structure`);
      }
      assertScored(c, ours);
      trees += ours.trees.length;
      if (c.params.n_estimators === 50) {
        r2.ours.push(ours.r2);
        r2.theirs.push(c.r2);
      }
    }
    t.diagnostic(`${expected.forests.length} forests, ${trees} trees, all equal as doubles; test R² of 50 trees, mean over random_state 0, 1, 42: ${mean(r2.ours).toFixed(4)} (scikit-learn ${mean(r2.theirs).toFixed(4)})`);
  });
}

test("ties in scikit-learn's order where its introsort falls back to heapsort: a column that drives the quicksort past 2 · ⌊log2 n⌋ levels", () => {
  const { x, y, trees } = fixture.adversary;
  const data = treeData(matrixFromRows(x.map((v) => [v])), Float64Array.from(y));
  for (const c of trees) {
    const grown = growDecisionTree(data, null, { ...(REGRESSION_FAMILIES.decision_tree.defaults as unknown as TreeParams), ...c.params }, c.params.random_state as number);
    assert.equal(grown.tree.feature.length, c.nodeCount, `${label(c)}: node count`);
    assert.equal(kept(grown.tree), c.digest, `${label(c)}: children, features, thresholds and means (digest)`);
    assert.equal(digest(grown.impurity, grown.weight), c.nodeDigest, `${label(c)}: impurity and weighted_n_node_samples (digest)`);
    if (c.structure) assert.deepEqual({ ...grown.tree, impurity: grown.impurity, weight: grown.weight }, c.structure, `${label(c)}: whole structure`);
  }
});

function shapeChecks() {
  const problems: string[] = [];
  const checks: ShapeChecks = {
    expect: (ok, path, message) => void (ok || problems.push(`${path}: ${message}`)),
    expectLength: (path, actual, expected, what) => void (actual === expected || problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`)),
  };
  return { problems, checks };
}

test("a regression tree or forest passes its kind's schema and checks, and predicts finite values for inputs of ±1e308 and 1e-308", () => {
  const { X, y } = numericTable('diabetes', 'target');
  const extremes = [1e308, -1e308, 1e-308, -1e-308, 0];
  const queries = matrixFromRows([
    ...extremes.map((v) => Array.from({ length: X.cols }, () => v)),
    ...extremes.map((v, k) => Array.from({ length: X.cols }, (_, j) => extremes[(j + k) % extremes.length] * (j % 2 ? 1 : -1) || v)),
  ]);
  for (const scalerKind of ['standard', 'minmax'] as const) {
    const scaler = fitScaler[scalerKind](X);
    for (const [family, given] of [['decision_tree', { max_depth: 6 }], ['random_forest', { n_estimators: 5 }]] as const) {
      const definition = REGRESSION_FAMILIES[family];
      const fitted = definition.fit(transform(scaler, X), y, { ...definition.defaults, ...given }, { seed: 3 });
      const kind = REGRESSION_KINDS[fitted.regressor.kind];
      const parsed = z.safeParse(kind.schema, JSON.parse(JSON.stringify(fitted.regressor)));
      assert.ok(parsed.success, `${family}: ${parsed.error?.message}`);
      const { problems, checks } = shapeChecks();
      kind.check(parsed.data, { width: X.cols }, checks);
      assert.deepEqual(problems, [], family);
      const predictions = kind.predict({ scaler, regressor: parsed.data }, queries);
      assert.ok(predictions.every(Number.isFinite), `${scalerKind} ${family}: ${Array.from(predictions)}`);
      // Every prediction is a mean of leaf means, so within the targets' range.
      const [low, high] = [Math.min(...y), Math.max(...y)];
      assert.ok(predictions.every((p) => p >= low && p <= high));
    }
  }
});

test('a regression tree that does not fit its kind is refused with the path of the problem', () => {
  const { X, y } = numericTable('diabetes', 'target');
  const definition = REGRESSION_FAMILIES.decision_tree;
  const regressor = definition.fit(X, y, { ...definition.defaults, max_depth: 2 }, { seed: 0 }).regressor as TreesRegressor;
  const problemsOf = (mutate: (tree: FlatTree) => void, width = X.cols) => {
    const copy = JSON.parse(JSON.stringify(regressor)) as TreesRegressor;
    mutate(copy.trees[0]);
    const { problems, checks } = shapeChecks();
    REGRESSION_KINDS.trees_regression.check(copy, { width }, checks);
    return problems;
  };
  assert.deepEqual(problemsOf(() => {}), []);
  assert.deepEqual(problemsOf((tree) => tree.value.pop()), ['regressor.trees[0].value: has 6 entries, expected 7 (one mean per node)']);
  // A child pointing back up the tree would send a row round in circles.
  assert.deepEqual(problemsOf((tree) => (tree.left[1] = 0)), [`regressor.trees[0] node 1: needs a column from 0 to ${X.cols - 1} and children after it, before 7`]);
  assert.deepEqual(problemsOf((tree) => (tree.feature[0] = X.cols)), [`regressor.trees[0] node 0: needs a column from 0 to ${X.cols - 1} and children after it, before 7`]);
  assert.deepEqual(problemsOf((tree) => (tree.feature[2] = 0)), ['regressor.trees[0] node 2: a leaf has feature, left and right -1']);
  assert.deepEqual(problemsOf((tree) => (tree.value[3] = -1e301)), ['regressor.trees[0].value of node 3: must be at most 1e+300 in absolute value']);
  const { problems, checks } = shapeChecks();
  REGRESSION_KINDS.trees_regression.check({ kind: 'trees_regression', trees: [] }, { width: X.cols }, checks);
  assert.deepEqual(problems, ['regressor.trees: needs at least 1 tree']);
});

test("the tree families take scikit-learn's regressor parameters: criterion squared_error only, every feature by default", () => {
  const tree = REGRESSION_FAMILIES.decision_tree;
  const forest = REGRESSION_FAMILIES.random_forest;
  assert.deepEqual(tree.defaults, { criterion: 'squared_error', max_depth: null, min_samples_split: 2, min_samples_leaf: 1, max_features: null, random_state: null });
  assert.deepEqual(forest.defaults, { n_estimators: 100, criterion: 'squared_error', max_depth: null, min_samples_split: 2, min_samples_leaf: 1, max_features: null, bootstrap: true, random_state: null });
  for (const family of [tree, forest]) {
    assert.equal(family.rules.criterion('gini'), 'expected one of "squared_error"');
    assert.equal(family.rules.criterion('friedman_mse'), 'expected one of "squared_error"');
    assert.equal(family.rules.max_depth(0), 'expected null (no limit) or a whole number of at least 1');
  }
  assert.equal(forest.rules.n_estimators(0), 'expected a positive whole number');
  // The run's --seed when random_state is null: the same forest as random_state equal to it.
  const { X, y } = numericTable('boston', 'medv');
  const given = { ...forest.defaults, n_estimators: 3 };
  assert.deepEqual(forest.fit(X, y, given, { seed: 9 }).regressor, forest.fit(X, y, { ...given, random_state: 9 }, { seed: 0 }).regressor);
  assert.ok(forest.cost(forest.defaults) > forest.cost({ ...forest.defaults, max_features: 'sqrt' }));
});
