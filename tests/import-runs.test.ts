// npm run import prints what it read (each step in scikit-learn's repr, a search's
// best_estimator_, a ColumnTransformer's groups) and, with --data, the kit's predictions
// on the first rows; it records the import in the run history like a training run
// (source "import", the pickle's SHA-256, the scikit-learn version), which npm run runs
// lists as imported and npm run promote makes the packaged model again.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelFile } from '../pipeline/artifact/artifact-file.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const PICKLES = join(ROOT, 'tests/fixtures/sklearn/import');
const IRIS = join(ROOT, 'pipeline/data/iris.csv');
const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sklearn/import-parity.json'), 'utf8')) as { models: Record<string, { proba: number[][] }> };

function runImport(file: string, runsDir: string, out: string, extra: string[] = []) {
  const result = runScript('scripts/import.ts', [join(PICKLES, file), '--out', out, '--runs-dir', runsDir, ...extra]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('the seed model.pkl: its pipeline step by step in scikit-learn\'s repr, and the predictions on --data\'s first rows', () => {
  const dir = tempDir('kit-import-runs-');
  const stdout = runImport('model.pkl', join(dir, 'runs'), join(dir, 'model.json'), ['--data', IRIS, '--target', 'species']);
  const lines = stdout.split('\n');
  assert.equal(lines[0], 'Read model.pkl (uncompressed pickle, protocol 4, saved by scikit-learn 1.2.1):');
  assert.deepEqual(lines.slice(1, 4), ['  Pipeline of 2 steps:', '    1. scaler: StandardScaler()', '    2. model: LogisticRegression()']);
  assert.match(stdout, /checked on 150 rows of iris\.csv, accuracy 0\.9733 against "species"/);
  const header = lines.findIndex((line) => line.includes('predictions on iris.csv (the first 10):'));
  assert.ok(header > 0, stdout);
  assert.match(lines[header + 1], /^ {4}line {2}predicted {2}probability {2}species$/);
  // Line 2 of iris.csv: the first setosa, with scikit-learn's probability for it (import-parity.json's first seed row).
  const expected = (fixture.models.seed_model.proba[0] as number[])[0].toFixed(4);
  assert.match(lines[header + 3], new RegExp(`^ {7}2 {2}setosa +${expected.replace('.', '\\.')} {2}setosa$`));
  assert.match(stdout, /… and 140 more rows/);
});

test('a GridSearchCV shows the best_estimator_ it serves; a ColumnTransformer its groups with their columns', () => {
  const dir = tempDir('kit-import-runs-');
  const search = runImport('grid_search.pkl', join(dir, 'runs'), join(dir, 'search.json'));
  assert.match(search, /\n {2}GridSearchCV: serves best_estimator_, best_score_ 0\.\d{4}, best_params_ \{'model__C': [\d.]+\}\n {4}best_estimator_: Pipeline of 2 steps:\n {6}1\. scaler: StandardScaler\(\)\n {6}2\. model: LogisticRegression\(C=[\d.]+, max_iter=1000\)\n/);
  const columns = runImport('columns_logistic.pkl', join(dir, 'runs'), join(dir, 'columns.json'));
  assert.match(columns, /\n {4}1\. columns: ColumnTransformer of 3 groups \(remainder='drop'\):\n {6}num \[age, income, bmi\]: Pipeline of 2 steps:\n {8}1\. impute: SimpleImputer\(strategy='median'\)\n/);
  assert.match(columns, /\n {6}remainder \[patient_id\]: 'drop'\n {4}2\. classifier: LogisticRegression\(max_iter=2000\)\n/);
});

test('a step name with a terminal escape in it is printed escaped', () => {
  const dir = tempDir('kit-import-runs-');
  const stdout = runImport('control_names.pkl', join(dir, 'runs'), join(dir, 'model.json'));
  assert.ok(!stdout.includes('\x1b'), stdout);
  assert.match(stdout, /1\. scale\\x1b\[2J: StandardScaler\(\)/);
});

test('the import is a run: run.json with source import, the pickle\'s SHA-256 and scikit-learn version; npm run runs lists it as imported; npm run promote makes it the packaged model again', () => {
  const dir = tempDir('kit-import-runs-');
  const runsDir = join(dir, 'runs');
  const out = join(dir, 'model.json');
  const stdout = runImport('model.pkl', runsDir, out, ['--data', IRIS, '--target', 'species']);
  const [runId] = readdirSync(runsDir).filter((name) => /^\d{8}-\d{6}-[0-9a-f]{4}$/.test(name));
  assert.match(stdout, new RegExp(`Run ${runId} recorded in .* as an import`));
  const record = JSON.parse(readFileSync(join(runsDir, runId, 'run.json'), 'utf8'));
  const sha256 = createHash('sha256').update(readFileSync(join(PICKLES, 'model.pkl'))).digest('hex');
  assert.equal(record.source, 'import');
  assert.equal(record.status, 'succeeded');
  assert.deepEqual(record.imported, { modelFile: 'model.pkl', modelSha256: sha256, sklearnVersion: '1.2.1', estimator: "Pipeline(steps=[('scaler', StandardScaler()), ('model', LogisticRegression())])" });
  assert.deepEqual(record.files, ['model.json']);
  assert.equal(record.metrics.test.accuracy, 146 / 150);
  // The run keeps the very model file --out got; writing it was a promotion.
  assert.equal(readFileSync(join(runsDir, runId, 'model.json'), 'utf8'), readFileSync(out, 'utf8'));
  const promotions = JSON.parse(readFileSync(join(runsDir, 'promotions.json'), 'utf8'));
  assert.deepEqual(promotions.map((p: { runId: string; artifact: string }) => [p.runId, p.artifact]), [[runId, out]]);

  // Another import takes --out's place; the runs list marks the one --artifact holds.
  runImport('logistic_binary.pkl', runsDir, out);
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir, '--artifact', out]);
  assert.equal(listed.status, 0, listed.stderr);
  const row = listed.stdout.split('\n').find((line) => line.includes(runId))!;
  assert.match(row, /^ {3}\S+ .* imported {2}iris\.csv .* logistic_regression from model\.pkl \(scikit-learn 1\.2\.1, sha256 [0-9a-f]{12}\)/);
  assert.match(listed.stdout, /^\* .* imported {2}logistic_binary\.pkl /m);

  const promoted = runScript('scripts/promote.ts', [runId, '--runs-dir', runsDir, '--artifact', out]);
  assert.equal(promoted.status, 0, promoted.stderr);
  assert.match(promoted.stdout, new RegExp(`Promoted run ${runId} \\(model version [0-9a-f]+, logistic_regression imported from model\\.pkl\\)`));
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(runsDir, runId, 'model.json'), 'utf8'));
  assert.equal(readModelFile(out).modelVersion, record.modelVersion);
  const compared = runScript('scripts/runs.ts', ['--runs-dir', runsDir, '--compare', runId, readdirSync(runsDir).filter((name) => name !== runId && /^\d{8}/.test(name))[0]]);
  assert.equal(compared.status, 0, compared.stderr);
  assert.match(compared.stdout, /imported from {2}model\.pkl \(sha256 [0-9a-f]{12}, scikit-learn 1\.2\.1\)/);
});

test('a refused file is recorded as a failed import, with the reason', () => {
  const dir = tempDir('kit-import-runs-');
  const runsDir = join(dir, 'runs');
  const result = runScript('scripts/import.ts', [join(PICKLES, 'unsupported.pkl'), '--out', join(dir, 'model.json'), '--runs-dir', runsDir]);
  assert.equal(result.status, 1);
  const [runId] = readdirSync(runsDir);
  const record = JSON.parse(readFileSync(join(runsDir, runId, 'run.json'), 'utf8'));
  assert.equal(record.status, 'failed');
  assert.equal(record.source, 'import');
  assert.match(record.error, /^unsupported\.pkl: .*GradientBoostingClassifier is not supported/);
  assert.deepEqual(record.files, []);
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir]);
  assert.match(listed.stdout, /failed {2}unsupported\.pkl .* unsupported\.pkl: steps\[1\]\.model: sklearn\.ensemble\.GradientBo/);
});
