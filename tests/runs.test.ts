// The run history: every npm run train is recorded (passed, refused by the gate, or
// failed), promote and rollback change what npm run build packages, and a run that is
// killed leaves no half-written record.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listRuns, type RunRecord } from '../pipeline/runs/store.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { IRIS_TEST_GRID } from './helpers/iris-artifact.ts';
import { gaussianBlobs } from './helpers/synthetic.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const runsDir = join(dir, 'runs');
const out = join(dir, 'model.json');
const grid = join(dir, 'grid.json');
writeFileSync(grid, JSON.stringify(IRIS_TEST_GRID));
const mixedCsv = join(ROOT, 'tests/fixtures/sklearn/mixed.csv');

const train = (...args: string[]) => runScript('scripts/train.ts', ['--runs-dir', runsDir, '--out', out, '--grid', grid, '--jobs', '1', ...args]);
const newest = (): RunRecord => listRuns(runsDir)[0];

/** The model version inside the Lambda archive npm run build makes from `out`. */
function packagedVersion(): string {
  const built = runScript('scripts/build.ts', ['--artifact', out, '--out-dir', dir]);
  assert.equal(built.status, 0, built.stderr);
  const unpacked = join(dir, `aws-${Math.random().toString(16).slice(2)}`);
  unpackZip(readFileSync(join(dir, 'aws-lambda.zip')), unpacked);
  return /"modelVersion":"([0-9a-f]{16})"/.exec(readFileSync(join(unpacked, 'index.js'), 'utf8'))![1];
}

test('a passing run is recorded with its settings, metrics and files; the artifact and its report are written and it is promoted', () => {
  const run = train();
  assert.equal(run.status, 0, run.stderr);
  const record = newest();
  assert.equal(record.status, 'succeeded');
  assert.match(record.runId, /^\d{8}-\d{6}-[0-9a-f]{4}$/);
  assert.deepEqual(record.command, ['--runs-dir', runsDir, '--out', out, '--grid', grid, '--jobs', '1']);
  assert.match(record.dataFile, /iris\.csv$/);
  assert.match(record.dataSha256!, /^[0-9a-f]{64}$/);
  assert.deepEqual(record.chosen, { family: 'logistic_regression', params: { scaler: 'standard', classifier__C: 1 } });
  assert.ok(record.metrics!.test!.accuracy! > 0.9 && record.metrics!.test!.logLoss! > 0);
  assert.deepEqual(record.gate, { passed: true, reason: null, accepted: false });
  assert.deepEqual(record.files.sort(), ['model.json', 'model.report.html']);
  const artifact = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(record.modelVersion, artifact.modelVersion);
  assert.equal(readFileSync(join(runsDir, record.runId, 'model.json'), 'utf8'), readFileSync(out, 'utf8'));
  assert.ok(existsSync(join(dir, 'model.report.html')), 'the report beside the artifact');
  assert.match(run.stdout, new RegExp(`Report: ${join(dir, 'model.report.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir, '--artifact', out]);
  assert.match(listed.stdout, new RegExp(`^\\* +${record.runId} .* succeeded +iris\\.csv +classification +logistic_regression C=1 scaler=standard .* ${record.modelVersion}$`, 'm'));
});

test('a run the gate refuses is recorded as refused, with its artifact and report; the promoted artifact stays', () => {
  const before = readFileSync(out, 'utf8');
  const run = train('--min-accuracy', '1');
  assert.equal(run.status, 1);
  const record = newest();
  assert.equal(record.status, 'refused');
  assert.equal(record.gate!.passed, false);
  assert.match(record.gate!.reason!, /below --min-accuracy 1/);
  assert.ok(existsSync(join(runsDir, record.runId, 'model.report.html')));
  assert.match(run.stdout, /Run \d{8}-\d{6}-[0-9a-f]{4} recorded as refused/);
  assert.equal(readFileSync(out, 'utf8'), before);
  // The user decides: a refused run can still be promoted, and says so.
  const promote = runScript('scripts/promote.ts', [record.runId, '--runs-dir', runsDir, '--artifact', out]);
  assert.equal(promote.status, 0, promote.stderr);
  assert.match(promote.stdout, /although the quality gate refused it \(accuracy .* below --min-accuracy 1\)/);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).modelVersion, record.modelVersion);
  const passed = listRuns(runsDir).find((run) => run.status === 'succeeded')!;
  assert.equal(runScript('scripts/promote.ts', [passed.runId, '--runs-dir', runsDir, '--artifact', out]).status, 0);
  assert.equal(readFileSync(out, 'utf8'), before);
});

test('a run that fails on its input is recorded as failed, with the reason', () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b,label\n1,2,x\n3,4\n');
  const run = train('--data', bad);
  assert.equal(run.status, 1);
  const record = newest();
  assert.equal(record.status, 'failed');
  assert.equal(record.error, `${bad}:3: expected 3 fields as in the header, found 2`);
  assert.deepEqual(record.files, []);
  assert.equal(record.modelVersion, null);
});

test('promote and rollback change what npm run build packages, and the archive carries that model version', () => {
  const iris = listRuns(runsDir).find((run) => run.status === 'succeeded')!;
  assert.equal(packagedVersion(), iris.modelVersion);
  const run = train('--data', mixedCsv);
  assert.equal(run.status, 0, run.stderr);
  const mixed = newest();
  assert.equal(packagedVersion(), mixed.modelVersion);

  const back = runScript('scripts/promote.ts', ['--previous', '--runs-dir', runsDir, '--artifact', out]);
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, new RegExp(`Promoted run ${iris.runId} \\(model version ${iris.modelVersion}`));
  assert.equal(packagedVersion(), iris.modelVersion);
  assert.match(readFileSync(join(dir, 'model.report.html'), 'utf8'), /Training report: iris\.csv/, 'the report follows the artifact');

  // By model version (or any unambiguous start of the run id).
  const forward = runScript('scripts/promote.ts', [mixed.modelVersion!, '--runs-dir', runsDir, '--artifact', out]);
  assert.equal(forward.status, 0, forward.stderr);
  assert.equal(packagedVersion(), mixed.modelVersion);
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir, '--artifact', out]);
  assert.match(listed.stdout, new RegExp(`^\\* +${mixed.runId}`, 'm'));

  const compared = runScript('scripts/runs.ts', ['--compare', iris.runId, mixed.runId, '--runs-dir', runsDir]);
  assert.equal(compared.status, 0, compared.stderr);
  assert.match(compared.stdout, /^settings +C=1 scaler=standard +C=1 scaler=standard$/m);
  assert.match(compared.stdout, /^test log-loss +\d\.\d{4} +\d\.\d{4}$/m);
  assert.match(compared.stdout, new RegExp(`Confusion matrix of ${iris.runId} \\(test rows\\):\\nactual \\\\ predicted +setosa +versicolor +virginica`));
  const unknown = runScript('scripts/promote.ts', ['nope', '--runs-dir', runsDir, '--artifact', out]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no run has the id or model version "nope"/);
  for (const [script, args] of [['scripts/promote.ts', []], ['scripts/promote.ts', ['--bogus']], ['scripts/runs.ts', ['--compare', 'one']]] as const) {
    const usage = runScript(script, [...args]);
    assert.equal(usage.status, 2, `${script} ${args.join(' ')}`);
    assert.match(usage.stderr, /Usage: npm run (promote|runs) --/);
  }
});

test('a run killed while training leaves no record, and a half-written run folder is not a run', async () => {
  const blobs = gaussianBlobs({ classes: 3, features: 20, rowsPerClass: 3000, separation: 0.5, seed: 8 });
  const data = join(dir, 'long.csv');
  writeFileSync(data, blobs.csv);
  const before = readdirSync(runsDir).sort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--runs-dir', runsDir, '--out', out, '--data', data, '--jobs', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve) => child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('cross-validating') && resolve()));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.deepEqual(readdirSync(runsDir).sort(), before, 'nothing new in the history');
  // What a kill in the middle of writing a run would leave: a temp folder, never listed.
  mkdirSync(join(runsDir, '.tmp-20261124-000000-dead-123'));
  writeFileSync(join(runsDir, '.tmp-20261124-000000-dead-123', 'run.json'), '{"runId": "2026');
  assert.ok(listRuns(runsDir).every((run) => !run.runId.includes('dead')));
  assert.equal(runScript('scripts/runs.ts', ['--runs-dir', runsDir]).status, 0);
  // A run.json broken by hand: that run is left out, named, and the others still listed.
  mkdirSync(join(runsDir, '20261124-000000-beef'));
  writeFileSync(join(runsDir, '20261124-000000-beef', 'run.json'), '{');
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir]);
  assert.equal(listed.status, 0);
  assert.match(listed.stderr, /20261124-000000-beef\/run\.json cannot be read \(.*\); that run is left out/);
  assert.match(listed.stdout, /succeeded/);
});
