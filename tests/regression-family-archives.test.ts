// Every regression family's archives, trained on Boston housing with one small setting
// each: both answer exactly what the in-process predictor answers, the build passes (it
// refuses code over the 25 KB budget), and each archive carries its own regressor kind's inference
// code and no other kind's, no classifier's and no training code.
import assert from 'node:assert/strict';
import fs, { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { rowsOf } from '../pipeline/data/matrix.ts';
import { createPredictor } from '../pipeline/models/predictor.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { openBothArchives } from './helpers/built-archives.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

// The handlers' log lines (fd 1) are kept out of the test runner's output.
const writeSync = fs.writeSync;
(fs as { writeSync: unknown }).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => (fd === 1 ? Buffer.byteLength(String(data)) : (writeSync as (...args: unknown[]) => number)(fd, data, ...rest));

const work = tempDir('kit-regression-archives-');
const scaler = ['standard'];
const grid = {
  linear_regression: [{ scaler }],
  ridge: [{ scaler, regressor__alpha: [1] }],
  lasso: [{ scaler, regressor__alpha: [0.1] }],
  elastic_net: [{ scaler: ['minmax'], regressor__alpha: [0.01], regressor__l1_ratio: [0.5] }],
  knn: [{ scaler, regressor__n_neighbors: [5] }],
  svr: [{ scaler, regressor__kernel: ['rbf'], regressor__C: [10] }],
  decision_tree: [{ scaler, regressor__max_depth: [5] }],
  random_forest: [{ scaler, regressor__n_estimators: [20] }],
};
const boston = parseCsvDataset(readFileSync(join(ROOT, 'tests/fixtures/tables/regression/boston.csv')), 'boston.csv', { target: 'medv' });
const trained = await trainModel(boston, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 1, environment: TEST_ENVIRONMENT, everyFamily: true });
// Every 10th row of the file: 51 records in one KServe batch.
const rows = rowsOf(boston.X).filter((_, i) => i % 10 === 0);
const records = rows.map((row) => Object.fromEntries(boston.featureNames.map((name, j) => [name, row[j]])));

/** A string each regressor kind's inference code holds (its schema's kind), and no other kind's does. */
const MARKERS: Record<string, string> = { linear_regression: 'linear_regression', knn_regression: 'knn_regression', svr: 'support_vectors', trees_regression: 'trees_regression' };
/** Strings of the classifiers' code and answers (and of training) that no regression archive holds. */
const FOREIGN = ['predicted_class', 'class_prior', 'intercepts', 'fitSvc', 'growTree', 'lbfgs', 'solveSmo', 'coordinateDescent'];

test('every family was trained (and each one\'s best refitted) with its one setting', () => {
  assert.deepEqual(trained.families.map((entry) => entry.family), Object.keys(grid));
});

for (const { family, artifact } of trained.families) {
  test(`${family}: both archives answer the in-process predictor's numbers exactly; it builds within the code budget; only its own kind's inference code`, async () => {
    assert.equal(artifact.task, 'regression');
    const kind = artifact.task === 'regression' ? artifact.regressor.kind : '';
    const dir = join(work, family);
    fs.mkdirSync(dir);
    const artifactPath = join(dir, 'model.json');
    writeArtifactFile(artifactPath, artifact);
    const build = runScript('scripts/build.ts', ['--artifact', artifactPath, '--out-dir', dir]);
    // The build itself fails when an archive's code is over the 25 KB budget (the sizes: npm run bench:regression-archives).
    assert.equal(build.status, 0, build.stderr);
    const expected = Array.from(createPredictor(servingModelOf(artifact)).predict(rows).outputs);
    const archives = await openBothArchives({ artifact, dir });
    const answers = await archives.ask(JSON.stringify({ instances: records })).finally(() => archives.stop());
    for (const [cloud, answer] of Object.entries(answers)) {
      assert.equal(answer.status, 200, `${cloud}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(answer.body.predictions.map((row: { prediction: number }) => row.prediction), expected, `${family} on ${cloud}`);
    }
    for (const cloud of ['aws', 'gcp']) {
      const bundle = readFileSync(join(dir, cloud, 'index.js'), 'utf8');
      for (const [other, marker] of Object.entries(MARKERS)) assert.equal(bundle.includes(marker), other === kind, `${family}'s ${cloud} bundle ${other === kind ? 'lacks' : 'holds'} the ${other} code ("${marker}")`);
      for (const marker of FOREIGN) assert.ok(!bundle.includes(marker), `${family}'s ${cloud} bundle holds "${marker}"`);
    }
  });
}
