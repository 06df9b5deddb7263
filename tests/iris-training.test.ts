import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ArtifactError } from '../pipeline/artifact.ts';
import { parseVerifiedArtifact, readArtifactFile, serializeArtifact, writeArtifactFile } from '../pipeline/artifact-file.ts';
import { computeModelVersion } from '../pipeline/model-version.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/csv.ts';
import { argmax, predictProbaRow } from '../pipeline/inference.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { tempDir } from './helpers/temp-dir.ts';

const environment = { packages: { 'ml-logistic-regression': '2.0.0' }, gitCommit: null, createdAt: null };
const iris = loadCsvFile(IRIS_CSV_PATH);
const artifact = trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, environment });

test('iris with the default seed reaches CV accuracy ≥ 0.94 and test accuracy ≥ 0.93', () => {
  assert.ok(artifact.metrics.cvMean >= 0.94, `CV mean ${artifact.metrics.cvMean}`);
  assert.ok(artifact.metrics.testAccuracy >= 0.93, `test accuracy ${artifact.metrics.testAccuracy}`);
  assert.equal(artifact.metrics.testRows, 30);
  assert.equal(artifact.provenance.trainRows, 120);
  // a stratified split keeps 10 test rows of each class
  assert.deepEqual(
    artifact.metrics.confusionMatrix.map((row) => row.reduce((sum, count) => sum + count, 0)),
    [10, 10, 10],
  );
});

test('the chosen settings are the grid entry with the best CV mean, and every setting is recorded', () => {
  const { grid, chosen } = artifact.selection;
  assert.equal(grid.length, 12);
  const best = Math.max(...grid.map((entry) => entry.cvMean));
  const winner = grid.find((entry) => entry.rank === 1)!;
  assert.equal(winner.cvMean, best);
  assert.deepEqual(chosen, { scaler: winner.scaler, numSteps: winner.numSteps, learningRate: winner.learningRate });
  for (const entry of grid) assert.equal(entry.foldAccuracies.length, DEFAULT_TRAIN_OPTIONS.folds);
  assert.deepEqual(new Set(grid.map((entry) => entry.scaler)), new Set(['standard', 'minmax']));
});

test('predictProba rows sum to 1 and their argmax is predict, for every iris row', () => {
  const pipeline = new Pipeline(artifact.selection.chosen).fit(iris.X, iris.y, 3);
  const probabilities = pipeline.predictProba(iris.X);
  const predictions = pipeline.predict(iris.X);
  probabilities.forEach((row, i) => {
    assert.ok(Math.abs(row.reduce((sum, p) => sum + p, 0) - 1) < 1e-12, `row ${i} sums to ${row}`);
    assert.ok(row.every((p) => p >= 0 && p <= 1));
    assert.equal(argmax(row), predictions[i]);
  });
  // the intercept matters: without it this library stops near 85% on iris
  const trainingAccuracy = predictions.filter((p, i) => p === iris.y[i]).length / iris.y.length;
  assert.ok(trainingAccuracy >= 0.94, `training accuracy ${trainingAccuracy}`);
});

test('probabilities stay finite and normalized for extreme inputs', () => {
  for (const row of [
    [1e308, -1e308, 1e308, 1e308],
    [-0, 0, -0, 0],
    [1e-308, 5e-324, 1e3, -1e3],
  ]) {
    const p = predictProbaRow(artifact, row);
    assert.ok(p.every(Number.isFinite), `non-finite probabilities for ${row}: ${p}`);
    assert.ok(Math.abs(p.reduce((sum, value) => sum + value, 0) - 1) < 1e-12);
  }
});

test('same data and seed give a byte-identical artifact', () => {
  const again = trainModel(loadCsvFile(IRIS_CSV_PATH), { ...DEFAULT_TRAIN_OPTIONS, environment });
  assert.equal(serializeArtifact(again), serializeArtifact(artifact));
  const otherSeed = trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, seed: 7, environment });
  assert.notEqual(otherSeed.modelVersion, artifact.modelVersion, 'a different split must give a different model');
});

test('an artifact written to disk reads back identical and validated', () => {
  const path = join(tempDir(), 'model.json');
  writeArtifactFile(path, artifact);
  assert.deepEqual(readArtifactFile(path), artifact);
});

function rejected(mutate: (copy: any) => void, pattern: RegExp) {
  const copy = JSON.parse(serializeArtifact(artifact));
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
    /classifier\.weights\[1\]: has 3 entries, expected 4 \(one weight per feature\)/,
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
  rejected((copy) => (copy.formatVersion = 2), /formatVersion: must be 1/);
  rejected((copy) => delete copy.features, /features: is required \(an array\)/);
  rejected((copy) => (copy.extra = true), /extra: is not a known field/);
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
