import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ArtifactError, asClassifier } from '../pipeline/artifact/artifact.ts';
import { parseVerifiedArtifact, readArtifactFile, serializeArtifact, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { computeModelVersion } from '../pipeline/artifact/model-version.ts';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import { argmax } from '../pipeline/models/argmax.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { parseGrid } from '../pipeline/selection/grid.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel } from '../pipeline/train.ts';
import { iris, irisRows, TEST_ENVIRONMENT, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { formatTrainingReport } from '../scripts/training-report.ts';

// The default run of `npm run train`: the default grid, on two threads.
const artifact = asClassifier((await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, jobs: 2, environment: TEST_ENVIRONMENT })).artifact);
// A logistic regression artifact, for what only a linear classifier has (the default run's winner need not be one).
const linearArtifact = asClassifier(await trainIrisArtifact());

test('iris with the default grid and seed reaches CV accuracy ≥ 0.95 and test accuracy ≥ 0.93', () => {
  assert.ok(artifact.metrics.cvMean! >= 0.95, `CV mean ${artifact.metrics.cvMean}`);
  const test = artifact.metrics.test!;
  assert.ok(test.accuracy >= 0.93, `test accuracy ${test.accuracy}`);
  assert.equal(test.rows, 30);
  assert.equal(artifact.provenance.trainRows, 120);
  // a stratified split keeps 10 test rows of each class
  assert.deepEqual(
    test.confusionMatrix.map((row) => row.reduce((sum, count) => sum + count, 0)),
    [10, 10, 10],
  );
  assert.equal(linearArtifact.classifier.kind === 'linear' && linearArtifact.classifier.link, 'softmax', 'three classes: multinomial, as multi_class="auto"');
});

test('every setting of every family\'s default grid is recorded in scikit-learn order, and each family\'s best is its best CV mean', () => {
  const { results, params, grid, families, winner: chosen } = artifact.selection;
  assert.deepEqual(grid, DEFAULT_GRID);
  // knn 9 × 3 × 2, svc (5 + 20 + 5) × 2, logistic regression 30, forest 6, tree 6, naive Bayes 2.
  assert.equal(results.length, 54 + 60 + 30 + 6 + 6 + 2);
  assert.deepEqual([...new Set(results.map((r) => r.family))], ['knn', 'svc', 'logistic_regression', 'random_forest', 'decision_tree', 'naive_bayes']);
  assert.deepEqual(families.map((entry) => entry.family), ['knn', 'svc', 'logistic_regression', 'random_forest', 'decision_tree', 'naive_bayes']);
  // The winner: the best CV of the families' bests.
  assert.equal(chosen, artifact.selection.family);
  assert.equal(families.find((entry) => entry.family === chosen)!.cvMean, Math.max(...families.map((entry) => entry.cvMean!)));
  for (const entry of families) {
    const own = results.filter((r) => r.family === entry.family);
    assert.equal(entry.cvMean, Math.max(...own.map((r) => r.cvMean!)), entry.family);
    assert.deepEqual(entry.params, own.find((r) => r.rank === 1)!.params, `${entry.family}: a tie goes to the first candidate`);
  }
  const linear = results.filter((r) => r.family === artifact.selection.family);
  // ParameterGrid order: sorted keys, the last (scaler) varying fastest.
  assert.deepEqual(results.filter((r) => r.family === 'logistic_regression').slice(0, 3).map((r) => r.params), [
    { classifier__C: 0.1, classifier__penalty: 'l2', scaler: 'standard' },
    { classifier__C: 0.1, classifier__penalty: 'l2', scaler: 'minmax' },
    { classifier__C: 1, classifier__penalty: 'l2', scaler: 'standard' },
  ]);
  const best = Math.max(...linear.map((entry) => entry.cvMean!));
  const winner = linear.find((entry) => entry.rank === 1)!;
  assert.equal(winner.cvMean, best);
  assert.equal(linear.indexOf(winner), linear.findIndex((entry) => entry.cvMean === best), 'a tie goes to the first candidate');
  assert.deepEqual(params, winner.params);
  for (const entry of results) assert.equal(entry.foldScores.length, DEFAULT_TRAIN_OPTIONS.folds);
});

test('predicted probabilities sum to 1 and their argmax is the prediction, for every iris row', () => {
  const probabilities = predictProba(artifact, matrixFromRows(irisRows), 3);
  let correct = 0;
  irisRows.forEach((_, i) => {
    const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
    assert.ok(Math.abs(row.reduce((sum, p) => sum + p, 0) - 1) < 1e-12, `row ${i} sums to ${row}`);
    assert.ok(row.every((p) => p >= 0 && p <= 1));
    if (argmax(row) === iris.y[i]) correct++;
  });
  assert.ok(correct / irisRows.length >= 0.95, `accuracy on all rows ${correct / irisRows.length}`);
});

test('probabilities stay finite and normalized for extreme inputs, for every link', () => {
  const extremes = [
    [1e308, -1e308, 1e308, 1e308],
    [-0, 0, -0, 0],
    [1e-308, 5e-324, 1e3, -1e3],
  ];
  for (const link of ['softmax', 'ovr'] as const) {
    const model = { ...linearArtifact, classifier: { ...linearArtifact.classifier, link } };
    for (const row of extremes) {
      const p = Array.from(predictProba(model, matrixFromRows([row]), 3));
      assert.ok(p.every(Number.isFinite), `${link}: non-finite probabilities for ${row}: ${p}`);
      assert.ok(Math.abs(p.reduce((sum, value) => sum + value, 0) - 1) < 1e-12);
    }
  }
  const binary = { scaler: { kind: 'standard' as const, center: [0], scale: [1] }, classifier: { kind: 'linear' as const, link: 'logistic' as const, intercepts: [0.5], weights: [[2]] } };
  for (const x of [1e308, -1e308, 0]) {
    const [p0, p1] = predictProba(binary, matrixFromRows([[x]]), 2);
    assert.ok(Number.isFinite(p0) && Number.isFinite(p1) && Math.abs(p0 + p1 - 1) < 1e-15);
  }
  // p1 = σ(score), p0 = 1 − p1, as scikit-learn's predict_proba for two classes
  const [p0, p1] = predictProba(binary, matrixFromRows([[0.25]]), 2);
  assert.equal(p1, 1 / (1 + Math.exp(-1)));
  assert.equal(p0, 1 - p1);
});

test('same data and seed give a byte-identical artifact, whatever the number of threads', async () => {
  for (const jobs of [1, 3]) {
    const { artifact: again } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, jobs, environment: TEST_ENVIRONMENT });
    assert.equal(serializeArtifact(again), serializeArtifact(artifact), `--jobs ${jobs} vs --jobs 2`);
  }
  const { artifact: otherSeed } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, seed: 7, jobs: 2, environment: TEST_ENVIRONMENT });
  assert.notEqual(otherSeed.modelVersion, artifact.modelVersion, 'a different split must give a different model');
});

test('--test-size 0 trains on every row, reports cross-validation only and gates out of fold', async () => {
  const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }] };
  const { artifact: all, gate } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid, jobs: 2, environment: TEST_ENVIRONMENT });
  assert.equal(all.metrics.test, null);
  assert.equal(all.provenance.trainRows, 150);
  assert.equal(all.metrics.gate.evaluatedOn, 'cross-validation');
  assert.equal(all.metrics.gate.baselineScore, 1 / 3);
  assert.equal(all.metrics.gate.metric, 'accuracy');
  assert.ok(gate.passed);
  assert.equal(parseGrid(grid, 'grid', taskOf(iris)).candidates.length, 1);
});

test('an artifact written to disk reads back identical and validated', () => {
  const path = join(tempDir(), 'model.json');
  writeArtifactFile(path, artifact);
  assert.deepEqual(readArtifactFile(path), artifact);
});

function rejected(mutate: (copy: any) => void, pattern: RegExp) {
  const copy = JSON.parse(serializeArtifact(linearArtifact));
  mutate(copy);
  assert.throws(() => parseVerifiedArtifact(copy, 'model.json'), (error: unknown) => {
    assert.ok(error instanceof ArtifactError);
    assert.match(error.message, pattern);
    return true;
  });
}

test('an edited artifact is refused: its content no longer matches its model version', () => {
  rejected((copy) => (copy.classifier.weights[0][1] += 0.5), /model\.json was changed after training: its content hashes to [0-9a-f]{16}, but it claims model version/);
  rejected((copy) => (copy.classes = ['a', 'b', 'c']), /was changed after training/);
});

test('a structurally wrong artifact is refused with the path of the problem', () => {
  const rehash = (copy: any) => (copy.modelVersion = computeModelVersion(copy));
  rejected(
    (copy) => {
      copy.classifier.weights[1].pop();
      rehash(copy);
    },
    /classifier\.weights\[1\]: has 3 entries, expected 4 \(one weight per encoded column/,
  );
  rejected(
    (copy) => {
      copy.classifier.link = 'logistic';
      rehash(copy);
    },
    /classifier\.link: "logistic" serves two classes; this model has 3/,
  );
  rejected(
    (copy) => {
      copy.scaler.center.push(1);
      rehash(copy);
    },
    /scaler\.center: has 5 entries, expected 4/,
  );
  rejected((copy) => (copy.scaler.scale[2] = 0), /scaler\.scale\[2\]: must be greater than 0/);
  rejected((copy) => (copy.classifier.intercepts[0] = '1.5'), /classifier\.intercepts\[0\]: expected a number, got the string "1\.5"/);
  rejected((copy) => (copy.classifier.link = 'probit'), /classifier\.link: must be one of "logistic", "softmax", "ovr"/);
  rejected((copy) => (copy.formatVersion = 1), /was written by another version of the kit \(format 1; this one reads format 7\): train it again with npm run train/);
  rejected((copy) => delete copy.features, /features: is required \(an array\)/);
  rejected((copy) => (copy.extra = true), /extra: is not a known field/);
  rejected((copy) => (copy.inputs[1].min = 'low'), /inputs\[1\]\.min: expected a number, got the string "low"/);
  rejected((copy) => (copy.inputs[0].impute = { strategy: 'zero', value: 0 }), /inputs\[0\]\.impute\.strategy: must be one of "mean", "median", "most_frequent", "constant"/);
  rejected((copy) => (copy.inputs[2] = null), /inputs\[2\]: expected an object/);
  rejected((copy) => (copy.inputs[3].colour = 'red'), /inputs\[3\]\.colour: is not a known field/);
  rejected((copy) => (copy.inputs[3].type = 'text'), /inputs\[3\]\.type: must be one of "numeric", "categorical"/);
  assert.throws(() => parseVerifiedArtifact(null, 'model.json'), /model\.json is not a valid model artifact/);
});

test('a truncated or missing artifact file is refused with its path', () => {
  const dir = tempDir();
  const path = join(dir, 'model.json');
  writeArtifactFile(path, artifact);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.slice(0, text.length / 2));
  assert.throws(() => readArtifactFile(path), new RegExp(`${path} is not valid JSON .*truncated`));
  assert.throws(() => readArtifactFile(join(dir, 'absent.json')), /absent\.json: no such file; run `npm run train`/);
});

test('the summary lists each column with its role and preprocessing, and warns about a class absent from the test part', () => {
  const summary = formatTrainingReport(artifact);
  assert.match(summary, /^sepal_length +numeric +0 +standard scaler; training range 4.3 … 7.9$/m);
  assert.match(summary, /^species +label +0 +3 classes$/m);
  assert.doesNotMatch(summary, /no rows in the test part/);
  // As a small class can end up: no test row at all (and so never predicted either).
  const absent = structuredClone(artifact);
  const test = absent.metrics.test!;
  test.confusionMatrix = test.confusionMatrix.map((row, k) => (k === 2 ? [0, 0, 0] : [row[0], row[1], 0]));
  test.perClass[2] = { label: 'virginica', precision: 0, recall: 0, f1: 0, support: 0 };
  const warned = formatTrainingReport(absent);
  assert.match(warned, /^virginica +— +— +— +0$/m, 'undefined, not 0.000');
  assert.match(warned, /Warning: class "virginica" has no rows in the test part: recall there is undefined/);
});
