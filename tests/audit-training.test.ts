// Findings of the code audit on the training side, each reproduced: large classes, many
// classes, many columns, names JavaScript treats specially, a missing-value marker that
// must travel with the model, control characters in a CSV.
import { asClassifier } from '../pipeline/artifact/artifact.ts';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { parseServingModel, servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION } from '../pipeline/artifact/model-parts.ts';
import { DEFAULT_CELL_FORMAT } from '../pipeline/data/cells.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { stratifiedTrainTestSplit, seededRandom } from '../pipeline/data/split.ts';
import { renderReport } from '../pipeline/report/html.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const NB = { naive_bayes: [{ scaler: ['standard'] }] };
const train = (csv: string, grid: object = NB) =>
  trainModel(parseCsvDataset(Buffer.from(csv), 'table.csv'), { ...DEFAULT_TRAIN_OPTIONS, grid: grid as never, jobs: 1, environment: TEST_ENVIRONMENT });

test('a class of 400 000 rows splits and trains (no row list is spread into a call)', async () => {
  const labels = Int32Array.from({ length: 400_000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const { train: trainRows, test: testRows } = stratifiedTrainTestSplit(labels, 0.2, seededRandom(1));
  assert.equal(trainRows.length + testRows.length, 400_000);
  let csv = 'x,label\n';
  for (let i = 0; i < 400_000; i++) csv += `${(i % 5 === 0 ? 2 : 0) + ((i * 7919) % 1000) / 1000},${i % 5 === 0 ? 'b' : 'a'}\n`;
  const { artifact } = await train(csv);
  assert.equal(artifact.provenance.rows, 400_000);
  assert.equal(artifact.metrics.test!.rows, 80_000);
});

test('a report of 400 classes renders (no confusion matrix spread into Math.max)', async () => {
  let csv = 'x,label\n';
  for (let k = 0; k < 400; k++) for (let i = 0; i < 9; i++) csv += `${k + i / 100},c${k}\n`;
  const result = await train(csv);
  assert.equal(asClassifier(result.artifact).classes.length, 400);
  const html = renderReport({ artifact: result.artifact, evaluation: result.evaluation, run: { id: 'r', startedAt: '2026-12-03T00:00:00.000Z', durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } });
  assert.match(html, /<svg/);
});

test('a 100 000-column header and a 100 000-class model are read in linear time', { timeout: 20_000 }, () => {
  const header = Array.from({ length: 100_000 }, (_, j) => `c${j}`);
  const dataset = parseCsvDataset(Buffer.from(`${header.join(',')},label\n${header.map((_, j) => j % 7).join(',')},a\n${header.map((_, j) => j % 5).join(',')},b\n`), 'wide.csv');
  assert.equal(dataset.columns.length + dataset.dropped.length, 100_000);
  const classes = Array.from({ length: 100_000 }, (_, k) => `class ${k}`);
  const model = parseServingModel(
    {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      task: 'classification',
      modelVersion: '0123456789abcdef',
      target: 'label',
      features: ['x'],
      classes,
      labelType: 'string',
      scaler: { kind: 'standard', center: [0], scale: [1] },
      classifier: { kind: 'gaussian_nb', class_prior: classes.map(() => 1 / classes.length), theta: classes.map((_, k) => [k]), var: classes.map(() => [1]) },
      inputs: [{ name: 'x', type: 'numeric', min: 0, max: 1e5, mean: 5e4, std: 1 }],
      ignoredColumns: ['label'],
      cells: DEFAULT_CELL_FORMAT,
      summary: { family: 'naive_bayes', scaler: 'standard', params: '{}', scoring: 'accuracy', testRows: 0, trainRows: 1 },
    },
    'a 100 000-class model',
  );
  const service = createPredictionService(model, readConfig({}), () => {});
  const answer = service.handle({ method: 'POST', path: '/', headers: {}, body: '{"x": 77}' });
  assert.equal(answer.status, 200);
  assert.equal(JSON.parse(answer.body).label, 'class 77');
});

test('a "__proto__" column or label is refused when the CSV is read, before anything is written', async () => {
  const out = join(dir, 'model.json');
  writeFileSync(out, 'the previous model');
  for (const csv of ['x,__proto__,label\n1,2,a\n2,3,b\n', 'x,label\n1,__proto__\n2,b\n']) {
    const data = join(dir, 'proto.csv');
    writeFileSync(data, csv);
    const run = runScript('scripts/train.ts', ['--data', data, '--out', out, '--jobs', '1']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^train: .*"__proto__", which cannot be/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(readFileSync(out, 'utf8'), 'the previous model');
  }
});

test('--na -999: the marker is part of the model, so every reader of a CSV cell treats -999 as missing', async () => {
  let csv = 'a,b,label\n';
  for (let i = 0; i < 100; i++) csv += `${i % 10 === 3 ? -999 : (i % 2 ? 5 : 1) + (i % 3) / 10},${(i * 37) % 11},${i % 2 ? 'odd' : 'even'}\n`;
  const data = join(dir, 'markers.csv');
  writeFileSync(data, csv);
  const out = join(dir, 'markers.json');
  const run = runScript('scripts/train.ts', ['--data', data, '--out', out, '--na', '-999', '--jobs', '1', '--model', 'logistic_regression', '--min-accuracy', '0']);
  assert.equal(run.status, 0, run.stderr);
  const artifact = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(artifact.cells, { missing: ['-999'], decimal: '.' });
  assert.equal(artifact.inputs[0].min >= 0, true, 'the -999 cells were not numbers in training');
  const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
  const csvAnswer = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'text/csv' }, body: 'a,b\n-999,4\n' });
  const nullAnswer = service.handle({ method: 'POST', path: '/', headers: {}, body: '{"a": null, "b": 4}' });
  assert.equal(csvAnswer.status, 200, csvAnswer.body);
  const fromCsv = JSON.parse(csvAnswer.body).predictions[0];
  const fromNull = JSON.parse(nullAnswer.body);
  assert.deepEqual(fromCsv.probabilities, fromNull.probabilities);
  assert.match(fromCsv.warnings[0], /a is missing; imputed/);
  // npm run predict reads the marker the same way.
  const rows = join(dir, 'marker-rows.csv');
  writeFileSync(rows, 'a,b\n-999,4\n');
  const scored = join(dir, 'marker-scored.csv');
  const predicted = runScript('scripts/predict.ts', ['--data', rows, '--out', scored, '--artifact', out]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const line = readFileSync(scored, 'utf8').split('\n')[1];
  assert.match(line, /a is missing; imputed/);
  assert.ok(line.includes(String(fromNull.probabilities.even)), line);
});

test('control characters from a CSV reach the terminal escaped, in the training summary and the run list', () => {
  const data = join(dir, 'escape.csv');
  const evil = '\x1b]0;pwned\x07\x1b[2J';
  let csv = `x,colour${evil},label\n`;
  for (let i = 0; i < 40; i++) csv += `${i % 2 ? i : i / 3},${i % 3 ? 'red' : `blue${evil}`},${i % 2 ? `yes${evil}` : 'no'}\n`;
  writeFileSync(data, csv);
  const runsDir = join(dir, 'escape-runs');
  const run = runScript('scripts/train.ts', ['--data', data, '--out', join(dir, 'escape.json'), '--jobs', '1', '--runs-dir', runsDir, '--model', 'decision_tree', '--min-accuracy', '0']);
  assert.ok(!/[\x07\x1b]/.test(run.stdout + run.stderr), 'no raw escape character on stdout or stderr');
  assert.match(run.stdout, /colour\\x1b\]0;pwned\\x07\\x1b\[2J/);
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(!/[\x07\x1b]/.test(listed.stdout + listed.stderr));
});

test('what a first user hit: a tree\'s final fit, a NOT converged refit in the report, the command quoted, only the packages a model uses, null accepted where imputed', async () => {
  const data = join(dir, 'small things.csv');
  let csv = 'x,Major Genre\n';
  for (let i = 0; i < 60; i++) csv += `${i % 3 === 0 ? '' : (i % 2) * 3 + (i % 5) / 10},${i % 2 ? 'Drama' : 'Comedy'}\n`;
  writeFileSync(data, csv);
  const tree = runScript('scripts/train.ts', ['--data', data, '--target', 'Major Genre', '--out', join(dir, 'tree.json'), '--jobs', '1', '--model', 'decision_tree', '--min-accuracy', '0']);
  assert.equal(tree.status, 0, tree.stderr);
  assert.match(tree.stdout, /^Final fit: done \(no iterative solver\)$/m);
  const artifact = JSON.parse(readFileSync(join(dir, 'tree.json'), 'utf8'));
  assert.deepEqual(artifact.provenance.packages, {}, 'a tree uses none of the npm packages');
  assert.match(readFileSync(join(dir, 'tree.report.html'), 'utf8'), /npm run train -- --data &#39;.*small things\.csv&#39; --target &#39;Major Genre&#39;/);
  const grid = join(dir, 'one-step.json');
  writeFileSync(grid, JSON.stringify({ logistic_regression: [{ scaler: ['standard'], classifier__C: [1], classifier__max_iter: [1] }] }));
  const short = runScript('scripts/train.ts', ['--data', data, '--target', 'Major Genre', '--out', join(dir, 'short.json'), '--jobs', '1', '--grid', grid, '--min-accuracy', '0']);
  assert.equal(short.status, 0, short.stderr);
  assert.match(short.stdout, /^Final fit: NOT converged: stopped at max_iter=1 \(1 iteration\); raise classifier__max_iter$/m);
  assert.match(readFileSync(join(dir, 'short.report.html'), 'utf8'), /Final fit: NOT converged: stopped at max_iter=1/);
  const service = createPredictionService(servingModelOf(JSON.parse(readFileSync(join(dir, 'short.json'), 'utf8'))), readConfig({}), () => {});
  const answer = service.handle({ method: 'POST', path: '/', headers: {}, body: '{}' });
  assert.equal(answer.status, 400);
  assert.match(JSON.parse(answer.body).error.issues[0].message, /^is required \(a number, or null: the model imputes a missing value\)$/);
});
