// Decision trees and random forests against scikit-learn 1.2.1, tree for tree: the
// same nodes, features, thresholds, class counts and impurities, the same
// probabilities and importances, all equal as doubles (fixtures from
// tests/fixtures/sklearn/generate_trees.py; the random streams they rest on from
// generate_rng.py, numpy's legacy RandomState).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { matrixFromRows, takeLabels, takeRows } from '../pipeline/data/matrix.ts';
import { treeData } from '../pipeline/models/decision_tree/data.ts';
import { ln } from '../pipeline/models/decision_tree/ln.ts';
import { growDecisionTree } from '../pipeline/models/decision_tree/fit.ts';
import type { TreeParams } from '../pipeline/models/decision_tree/grow.ts';
import { treesKind, type FlatTree, type TreesClassifier } from '../pipeline/models/decision_tree/inference.ts';
import { FAMILIES, type Params } from '../pipeline/models/families.ts';
import { sumOf } from '../pipeline/data/pairwise-sum.ts';
import { RandomState } from '../pipeline/models/random/numpy-random-state.ts';
import { TreeRandom } from '../pipeline/models/random/tree-rand.ts';
import { fitPreprocessing } from '../pipeline/pipeline.ts';
import { fitClassifierPipeline } from './helpers/fit-classifier.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import type { ScalerKind } from '../pipeline/preprocess/scalers.ts';

interface Structure {
  left: number[];
  right: number[];
  feature: number[];
  threshold: number[];
  value: number[];
  impurity: number[];
  weight: number[];
}
interface TreeCase extends Structure {
  scaler: ScalerKind;
  params: Params;
  importances: number[];
  proba: number[];
}
interface ForestCase {
  scaler: ScalerKind;
  params: Params;
  nodeCounts: number[];
  firstTree: Structure;
  importances: number[];
  proba: number[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/trees-parity.json', import.meta.url), 'utf8')) as {
  datasets: Record<string, { trees: TreeCase[]; forests: ForestCase[] }>;
  edges: { X: number[][]; y: number[]; test: number[][]; trees: TreeCase[] };
};
const streams = JSON.parse(readFileSync(new URL('./fixtures/sklearn/rng-streams.json', import.meta.url), 'utf8')) as {
  cases: { name: string; seed: number; program: [number, number, number | null, string][]; length: number; first: number[]; digest: number }[];
};

const logs = JSON.parse(readFileSync(new URL('./fixtures/sklearn/ln-values.json', import.meta.url), 'utf8')) as {
  sets: { name: string; count: number; digest: number; glibcDiffers: { x: number; glibc: number; correct: number }[] }[];
};

const P = 2 ** 31 - 1;

test("RandomState(seed).randint draws numpy's legacy streams: raw words, the splitter seed, tree seeds, bootstrap rows, int32 and int64, ranges up to 2^53", () => {
  assert.ok(streams.cases.length >= 30);
  for (const { name, seed, program, length, first, digest } of streams.cases) {
    const random = new RandomState(seed);
    const values: number[] = [];
    let hash = 0;
    let count = 0;
    const take = (value: number) => {
      if (values.length < first.length) values.push(value);
      hash = (hash * 31 + (((value % P) + P) % P)) % P;
      count++;
    };
    for (const [low, high, size] of program) {
      if (size === null) take(random.randint(low, high));
      else for (let i = 0; i < size; i++) take(random.randint(low, high));
    }
    assert.equal(count, length, `${name}, seed ${seed}`);
    assert.deepEqual(values, first, `${name}, seed ${seed}: first values`);
    assert.equal(hash, digest, `${name}, seed ${seed}: every value (hash)`);
  }
});

test('our_rand_r is an xorshift on 32 bits taken modulo 2^31, and a zero state restarts from 1', () => {
  // The first numbers from state 1, worked by hand from sklearn/tree/_utils.pyx: 1 ^ 1<<13 = 8193; ^ >>17 = 8193; ^ <<5 = 270369.
  const random = new TreeRandom(0);
  assert.equal(random.next(), 270369);
  const big = new TreeRandom(0xffffffff);
  let s = 0xffffffff;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  assert.equal(big.next(), s % 2 ** 31);
  assert.ok(new TreeRandom(12345).randInt(3, 10) >= 3);
});

test("np.sum's pairwise summation (sumOf) differs from adding left to right, as numpy's does", () => {
  const values = Float64Array.from({ length: 300 }, (_, i) => 1 / (i + 1) + (i % 7) * 1e-9);
  let plain = 0;
  for (const v of values) plain += v;
  assert.notEqual(sumOf(values), plain);
  assert.equal(sumOf([0.1, 0.2, 0.3]), 0.1 + 0.2 + 0.3);
});

test("entropy's logarithm is correctly rounded: every share a / b (b up to 400) and 100 000 doubles across the range", (t) => {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const digestOf = (xs: Iterable<number>) => {
    let h = 0;
    for (const x of xs) {
      bits[0] = ln(x);
      h = (h * 31 + (words[1] % P)) % P;
      h = (h * 31 + (words[0] % P)) % P;
    }
    return h;
  };
  function* shares() {
    for (let b = 1; b <= 400; b++) for (let a = 1; a <= b; a++) yield a / b;
  }
  function* spread() {
    const random = new RandomState(7);
    for (let i = 0; i < 100000; i++) {
      const [w1, w2, w3] = [random.nextUint32(), random.nextUint32(), random.nextUint32()];
      yield (1 + (w1 >>> 12) * 2 ** -20 + w2 * 2 ** -52) * 2 ** ((w3 % 1993) - 996);
    }
  }
  const sets = { shares, spread };
  for (const set of logs.sets) {
    assert.equal(digestOf(sets[set.name as keyof typeof sets]()), set.digest, `${set.name}: every logarithm (hash)`);
    // Where C's log (glibc's, which scikit-learn calls) is one unit off, the kit keeps the correctly rounded value.
    for (const { x, correct } of set.glibcDiffers) assert.equal(ln(x), correct, `ln(${x})`);
  }
  const differs = logs.sets.reduce((n, set) => n + set.glibcDiffers.length, 0);
  t.diagnostic(`glibc's log differs from the correctly rounded one at ${differs} of ${logs.sets.reduce((n, set) => n + set.count, 0)} values`);
});

const DATASETS: Record<string, string> = {
  iris: IRIS_CSV_PATH,
  wine: new URL('./fixtures/sklearn/wine.csv', import.meta.url).pathname,
  breast_cancer: new URL('./fixtures/sklearn/breast_cancer.csv', import.meta.url).pathname,
  digits: new URL('./fixtures/sklearn/digits.csv', import.meta.url).pathname,
};

function setup(name: string) {
  const data = loadCsvFile(DATASETS[name]);
  const rows = Array.from({ length: data.y.length }, (_, i) => i);
  const train = rows.filter((i) => i % 5 !== 0);
  const test = rows.filter((i) => i % 5 === 0);
  const plan = planColumns(data);
  const trainX = takeRows(data.X, train);
  const trainY = takeLabels(data.y, train);
  const testX = takeRows(data.X, test);
  const classCount = data.classes.length;
  const fit = (family: string, scaler: ScalerKind, given: Params) => {
    const params = { ...FAMILIES[family].defaults, ...given };
    const fitted = fitClassifierPipeline(trainX, trainY, classCount, { family, scaler, params }, plan, 0);
    return { fitted, proba: fitted.outputs(testX) };
  };
  /** The tree grown on the scaled rows directly, with its impurities and node weights. */
  const grow = (scaler: ScalerKind, given: Params) => {
    const params = { ...FAMILIES.decision_tree.defaults, ...given } as unknown as TreeParams & { random_state: number };
    return growDecisionTree(treeData(fitPreprocessing(trainX, plan, scaler).scaled, trainY, classCount), null, params, params.random_state);
  };
  return { fit, grow, classCount };
}

/** Where two trees first differ, or '' when they are the same tree. */
function structureDifference(ours: FlatTree, theirs: Structure): string {
  if (ours.feature.length !== theirs.feature.length) return `${ours.feature.length} nodes, scikit-learn ${theirs.feature.length}`;
  for (let n = 0; n < ours.feature.length; n++) {
    const feature = theirs.feature[n] < 0 ? -1 : theirs.feature[n];
    if (ours.feature[n] !== feature || ours.left[n] !== theirs.left[n] || ours.right[n] !== theirs.right[n]) return `node ${n}: feature ${ours.feature[n]} / children ${ours.left[n]}, ${ours.right[n]}; scikit-learn ${feature} / ${theirs.left[n]}, ${theirs.right[n]}`;
    if (ours.threshold[n] !== theirs.threshold[n]) return `node ${n}: threshold ${ours.threshold[n]}, scikit-learn ${theirs.threshold[n]}`;
  }
  for (let i = 0; i < ours.value.length; i++) if (ours.value[i] !== theirs.value[i]) return `value[${i}] ${ours.value[i]}, scikit-learn ${theirs.value[i]}`;
  return '';
}

function largest(ours: ArrayLike<number>, theirs: readonly number[]): number {
  if (ours.length !== theirs.length) return Infinity;
  let result = 0;
  for (let i = 0; i < theirs.length; i++) result = Math.max(result, Math.abs(ours[i] - theirs[i]));
  return result;
}

test('values equal in float32 are one value, and the float32 sum decides FEATURE_THRESHOLD, when growing and when predicting', () => {
  const { X, y, test: rows, trees } = fixture.edges;
  const data = treeData(matrixFromRows(X), Int32Array.from(y), 2);
  const identity = { kind: 'standard' as const, center: [0, 0, 0], scale: [1, 1, 1] };
  for (const c of trees) {
    const grown = growDecisionTree(data, null, { ...(FAMILIES.decision_tree.defaults as unknown as TreeParams), ...c.params }, c.params.random_state as number);
    assert.equal(structureDifference(grown.tree, c), '', JSON.stringify(c.params));
    const proba = treesKind.predictProba({ scaler: identity, classifier: { kind: 'trees', trees: [grown.tree] } }, matrixFromRows(rows), 2);
    assert.deepEqual(Array.from(proba), c.proba, `${JSON.stringify(c.params)}: predict_proba`);
  }
});

const label = (c: { scaler: string; params: Params }) => `${c.scaler} ${JSON.stringify(c.params)}`;

for (const name of Object.keys(DATASETS)) {
  const expected = fixture.datasets[name];
  const { fit, grow } = setup(name);

  test(`${name}: decision trees are scikit-learn's, node for node, bit for bit (${expected.trees.length} settings${name === 'digits' ? '' : ': random_state 0-4, depth, max_features, criterion, leaf sizes; both scalers'})`, (t) => {
    let nodes = 0;
    for (const c of expected.trees) {
      const { fitted, proba } = fit('decision_tree', c.scaler, c.params);
      const tree = (fitted.model.classifier as TreesClassifier).trees[0];
      const difference = structureDifference(tree, c);
      assert.equal(difference, '', `${label(c)}: ${difference}`);
      const grown = grow(c.scaler, c.params);
      assert.deepEqual(grown.tree, tree, `${label(c)}: the same tree grown on the scaled rows`);
      assert.deepEqual(grown.weight, c.weight, `${label(c)}: weighted_n_node_samples`);
      assert.deepEqual(grown.impurity, c.impurity, `${label(c)}: impurity (largest difference ${largest(grown.impurity, c.impurity)})`);
      assert.deepEqual(fitted.importances, c.importances, `${label(c)}: feature_importances_ (largest difference ${largest(fitted.importances!, c.importances)})`);
      assert.deepEqual(Array.from(proba), c.proba, `${label(c)}: predict_proba (largest difference ${largest(proba, c.proba)})`);
      nodes += tree.feature.length;
    }
    t.diagnostic(`${expected.trees.length} trees, ${nodes} nodes: thresholds, values, impurities, importances and probabilities all equal as doubles`);
  });

  test(`${name}: random forests are scikit-learn's, bit for bit (${expected.forests.length} settings${name === 'digits' ? '' : ': 10 and 50 trees, random_state 0, 1, 42 and others; both scalers'})`, (t) => {
    let trees = 0;
    for (const c of expected.forests) {
      const { fitted, proba } = fit('random_forest', c.scaler, c.params);
      const forest = (fitted.model.classifier as TreesClassifier).trees;
      assert.deepEqual(
        forest.map((tree) => tree.feature.length),
        c.nodeCounts,
        `${label(c)}: node counts`,
      );
      const difference = structureDifference(forest[0], c.firstTree);
      assert.equal(difference, '', `${label(c)}, first tree: ${difference}`);
      assert.deepEqual(fitted.importances, c.importances, `${label(c)}: feature_importances_ (largest difference ${largest(fitted.importances!, c.importances)})`);
      assert.deepEqual(Array.from(proba), c.proba, `${label(c)}: predict_proba (largest difference ${largest(proba, c.proba)})`);
      trees += forest.length;
    }
    t.diagnostic(`${expected.forests.length} forests, ${trees} trees: node counts, first trees, importances and probabilities all equal as doubles`);
  });
}
