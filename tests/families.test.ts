// What every model family must do the same way: probabilities that sum to 1 and whose
// argmax is the answer, even for inputs far outside the data; reproducible fits;
// artifacts whose classifier is checked against its kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArtifactError, asClassifier, parseArtifact } from '../pipeline/artifact/artifact.ts';
import { serializeArtifact } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { rankFamilies } from '../pipeline/selection/winner.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import type { GridSpec } from '../pipeline/selection/grid.ts';
import { gaussianBlobs } from './helpers/synthetic.ts';
import { iris, irisRows, TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';

const grid: GridSpec = {
  knn: [{ scaler: ['standard', 'minmax'], classifier__n_neighbors: [3, 7], classifier__p: [1, 2] }],
  svc: [{ scaler: ['standard'], classifier__kernel: ['rbf', 'linear'], classifier__C: [1] }, { scaler: ['minmax'], classifier__kernel: ['poly'], classifier__degree: [3], classifier__C: [10] }],
  logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }],
  random_forest: [{ scaler: ['standard'], classifier__n_estimators: [20, 50] }],
  decision_tree: [{ scaler: ['standard'], classifier__max_depth: [null, 3] }],
  naive_bayes: [{ scaler: ['standard', 'minmax'] }],
};
// As --keep-all asks: every family's permutation importances, not only the winner's.
const trained = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 2, environment: TEST_ENVIRONMENT, everyFamily: true });
const byFamily = Object.fromEntries(trained.families.map((outcome) => [outcome.family, outcome.artifact]));

test('every family is searched, refitted and kept; the winner has the best CV accuracy', () => {
  assert.deepEqual(Object.keys(byFamily), Object.keys(grid));
  const { families, winner } = trained.artifact.selection;
  assert.equal(winner, trained.family);
  const best = Math.max(...families.map((entry) => entry.cvMean!));
  assert.equal(families.find((entry) => entry.family === winner)!.cvMean, best);
  for (const [family, artifact] of Object.entries(byFamily)) {
    assert.equal(artifact.selection.family, family);
    assert.equal(artifact.selection.winner, winner, 'every kept model knows which one won');
    assert.ok(asClassifier(artifact).metrics.test!.accuracy >= 0.85, `${family}: test accuracy ${JSON.stringify(artifact.metrics.test)}`);
    assert.deepEqual(parseArtifact(JSON.parse(serializeArtifact(artifact)), `${family}.json`), artifact);
  }
  assert.deepEqual(Object.values(byFamily).map((artifact) => asClassifier(artifact).classifier.kind), ['knn', 'svc', 'linear', 'trees', 'trees', 'gaussian_nb']);
  assert.deepEqual(Object.values(byFamily).map((artifact) => artifact.importances?.method ?? null), ['permutation', 'permutation', null, 'impurity', 'impurity', 'permutation']);
});

test('without --keep-all, only the winner gets permutation importances (each costs 5 predictions of the test rows per column); the impurity ones come free', async () => {
  const plain = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid: { knn: grid.knn, naive_bayes: grid.naive_bayes, decision_tree: grid.decision_tree }, jobs: 1, environment: TEST_ENVIRONMENT });
  const methods = Object.fromEntries(plain.families.map((outcome) => [outcome.family, outcome.artifact.importances?.method ?? null]));
  assert.equal(methods.decision_tree, 'impurity');
  for (const family of ['knn', 'naive_bayes']) assert.equal(methods[family], family === plain.family ? 'permutation' : null, `${family} (the winner: ${plain.family})`);
  assert.equal(plain.artifact.importances?.method, plain.family === 'decision_tree' ? 'impurity' : 'permutation');
});

test('a tie in CV accuracy goes to the smaller model, before the grid\'s order', async () => {
  // Far-apart blobs: both families get every fold right; KNN, listed first, keeps every training row.
  const blobs = gaussianBlobs({ classes: 2, features: 2, rowsPerClass: 40, separation: 20, seed: 1 });
  const data = parseCsvDataset(Buffer.from(blobs.csv), 'blobs.csv');
  const tie = await trainModel(data, { ...DEFAULT_TRAIN_OPTIONS, grid: { knn: [{ scaler: ['standard'], classifier__n_neighbors: [1] }], naive_bayes: [{ scaler: ['standard'] }] }, jobs: 1, environment: TEST_ENVIRONMENT });
  const [knn, nb] = tie.artifact.selection.families;
  assert.deepEqual([knn.cvMean, nb.cvMean], [1, 1]);
  assert.ok(nb.modelBytes !== null && knn.modelBytes !== null && nb.modelBytes < knn.modelBytes, `${nb.modelBytes} vs ${knn.modelBytes}`);
  assert.equal(tie.family, 'naive_bayes');
});

test('a tie in CV accuracy and size goes to the family listed first, whatever was measured', () => {
  assert.deepEqual(rankFamilies([{ cvMean: 0.9, modelBytes: 100 }, { cvMean: 0.95, modelBytes: 900 }, { cvMean: 0.95, modelBytes: 900 }, { cvMean: 0.95, modelBytes: 800 }]), [3, 1, 2, 0]);
  assert.deepEqual(rankFamilies([{ cvMean: null, modelBytes: 5 }, { cvMean: null, modelBytes: 5 }]), [0, 1]);
});

for (const family of Object.keys(grid)) {
  test(`${family}: the function's probabilities sum to 1, lie in [0, 1], and their argmax is the predicted class, for every iris row and for extreme inputs`, () => {
    const service = createPredictionService(servingModelOf(byFamily[family]), readConfig({}), () => {});
    const extremes = [1e308, -1e308, 0, 1e-308, 123456].map((value) => iris.featureNames.map(() => value));
    const response = service.predictValue({ instances: [...irisRows, ...extremes] });
    assert.equal(response.status, 200);
    const { predictions } = response.body as { predictions: { predicted_class: number; probabilities: Record<string, number> }[] };
    let correct = 0;
    predictions.forEach((prediction, i) => {
      const values = iris.classes.map((label) => prediction.probabilities[label]);
      assert.ok(values.every((p) => Number.isFinite(p) && p >= 0 && p <= 1), `row ${i}: ${values}`);
      assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-9, `row ${i} sums to ${values.reduce((a, b) => a + b, 0)}`);
      assert.equal(prediction.predicted_class, values.indexOf(Math.max(...values)), `row ${i}`);
      if (i < irisRows.length && prediction.predicted_class === iris.y[i]) correct++;
    });
    assert.ok(correct / irisRows.length >= 0.9, `${family}: ${correct} of ${irisRows.length} iris rows right`);
  });
}

test('forests and trees: the same data and seed give a byte-identical artifact, whatever the number of threads; another seed another forest', async () => {
  const forests = { random_forest: [{ scaler: ['standard'], classifier__n_estimators: [30], classifier__max_features: ['sqrt', null] }], decision_tree: [{ scaler: ['minmax'], classifier__max_depth: [null, 4] }] };
  const run = (jobs: number, seed = 42) => trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, seed, grid: forests, jobs, environment: TEST_ENVIRONMENT });
  const [one, two, other] = await Promise.all([run(1), run(2), run(2, 7)]);
  for (const k of [0, 1]) assert.equal(serializeArtifact(one.families[k].artifact), serializeArtifact(two.families[k].artifact), one.families[k].family);
  const trees = (result: typeof one) => JSON.stringify(result.families[0].artifact.classifier);
  assert.notEqual(trees(one), trees(other));
});

function refused(family: string, mutate: (classifier: any) => void, pattern: RegExp) {
  const copy = JSON.parse(serializeArtifact(byFamily[family]));
  mutate(copy.classifier);
  assert.throws(() => parseArtifact(copy, `${family}.json`), (error: unknown) => error instanceof ArtifactError && pattern.test(error.message));
}

test('a classifier that does not fit its kind is refused with the path of the problem', () => {
  refused('knn', (c) => (c.n_neighbors = 1000), /classifier\.n_neighbors: must be a whole number from 1 to the 120 reference rows/);
  refused('knn', (c) => (c.labels[3] = 7), /classifier\.labels\[3\]: must be a class index from 0 to 2/);
  refused('knn', (c) => c.rows[0].pop(), /classifier\.rows\[0\]: has 3 entries, expected 4/);
  refused('svc', (c) => c.pairs.pop(), /classifier\.pairs: has 2 entries, expected 3 \(one per pair of classes\)/);
  refused('svc', (c) => (c.pairs[0].support[0] = 10_000), /classifier\.pairs\[0\]\.support\[0\]: must index support_vectors/);
  refused('svc', (c) => (c.kernel = 'cubic'), /classifier\.kernel: must be one of "rbf", "poly", "linear", "sigmoid"/);
  // A child pointing back up the tree would send a row round in circles.
  refused('decision_tree', (c) => (c.trees[0].left[0] = 0), /classifier\.trees\[0\] node 0: needs a column from 0 to 3 and children after it/);
  refused('random_forest', (c) => c.trees[5].value.pop(), /classifier\.trees\[5\]\.value: has \d+ entries, expected \d+ \(one count per node and class\)/);
  refused('naive_bayes', (c) => (c.var[1][2] = 0), /classifier\.var\[1\]\[2\]: must be greater than 0/);
  refused('naive_bayes', (c) => (c.theta = c.theta.slice(1)), /classifier\.theta: has 2 entries, expected 3/);
  refused('naive_bayes', (c) => (c.extra = 1), /classifier\.extra: is not a known field/);
  refused('knn', (c) => (c.kind = 'boosting'), /classifier\.kind: "boosting" is not a kind this build serves \(linear, knn, svc, trees, gaussian_nb\)/);
});
