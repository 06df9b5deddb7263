import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { stopProcess } from '../scripts/stop-process.ts';
import { readArtifactFile as readAny } from '../pipeline/artifact/artifact-file.ts';
import { asClassifier } from '../pipeline/artifact/artifact.ts';

const readArtifactFile = (path: string) => asClassifier(readAny(path));
import { gaussianBlobs } from './helpers/synthetic.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();

test('npm run train on a 2-class CSV, unchanged defaults: reaches near the Bayes accuracy and reports it', () => {
  const blobs = gaussianBlobs({ classes: 2, features: 3, rowsPerClass: 150, separation: 1.7, seed: 11 });
  const data = join(dir, 'two-classes.csv');
  writeFileSync(data, blobs.csv);
  const out = join(dir, 'two.json');
  const run = runScript('scripts/train.ts', ['--data', data, '--out', out, '--min-accuracy', '0.5']);
  assert.equal(run.status, 0, run.stderr);
  const artifact = readArtifactFile(out);
  assert.deepEqual(artifact.classes, ['class_a', 'class_b']);
  assert.deepEqual(artifact.features, ['x1', 'x2', 'x3']);
  // Bayes accuracy for these blobs is ~0.89; a sound fit gets within sampling noise of it.
  assert.ok(blobs.bayesAccuracy > 0.85 && blobs.bayesAccuracy < 0.93, `bayes ${blobs.bayesAccuracy}`);
  assert.ok(artifact.metrics.cvMean! >= blobs.bayesAccuracy - 0.06, `cv ${artifact.metrics.cvMean} vs bayes ${blobs.bayesAccuracy}`);
  assert.ok(artifact.metrics.test!.accuracy >= blobs.bayesAccuracy - 0.1, `test ${artifact.metrics.test!.accuracy}`);
  // The seed notebook's comparison: one row per family, the winner starred.
  for (const family of ['knn', 'svc', 'logistic_regression', 'random_forest', 'decision_tree', 'naive_bayes']) assert.match(run.stdout, new RegExp(`^[ *]  ${family} +\\S`, 'm'));
  assert.match(run.stdout, new RegExp(`^\\*  ${artifact.selection.family} `, 'm'));
  assert.match(run.stdout, new RegExp(`Winner: ${artifact.selection.family} — the best CV accuracy`));
  // 240 training rows of 2 classes: successive halving, 158 → 53 → 18 settings on 20 → 60 → 180 rows.
  assert.match(run.stdout, new RegExp(`Successive halving of ${artifact.selection.family} \\(\\d+ settings`));
  assert.match(run.stdout, /Successive halving of all 6 families together: 158 candidates → 53 → 18 on 20 → 60 → 180 rows/);
  assert.match(run.stdout, /actual \\ predicted\s+class_a\s+class_b/);
  assert.match(run.stdout, new RegExp(`Wrote ${out} \\(model version ${artifact.modelVersion}\\) in [\\d.]+ s`));
  assert.match(run.stderr, /cross-validating: 1145\/1145 fits \(100%\), [\d.]+ s elapsed\n/);
  assert.match(run.stderr, /cross-validating: \d+\/1145 fits \(\d+%\), [\d.]+ s elapsed, ~[\d.]+ s left\n/);
});

test('npm run train on a 5-class, 6-feature CSV with the label in the first column', () => {
  const blobs = gaussianBlobs({ classes: 5, features: 6, rowsPerClass: 40, separation: 4, seed: 5 });
  const lines = blobs.csv.trimEnd().split('\n').map((line) => {
    const cells = line.split(',');
    return [cells.pop(), ...cells].join(',');
  });
  const data = join(dir, 'five-classes.csv');
  writeFileSync(data, `${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'five.json');
  const run = runScript('scripts/train.ts', ['--data', data, '--target', 'label', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const artifact = readArtifactFile(out);
  assert.equal(artifact.classes.length, 5);
  assert.equal(artifact.features.length, 6);
  assert.ok(blobs.bayesAccuracy > 0.95, `bayes ${blobs.bayesAccuracy}`);
  assert.ok(artifact.metrics.test!.accuracy >= blobs.bayesAccuracy - 0.1, `test ${artifact.metrics.test!.accuracy} vs bayes ${blobs.bayesAccuracy}`);
  assert.ok(artifact.metrics.cvMean! >= blobs.bayesAccuracy - 0.06, `cv ${artifact.metrics.cvMean} vs bayes ${blobs.bayesAccuracy}`);
});

test('the quality gate exits non-zero and leaves the previous artifact untouched', () => {
  const out = join(dir, 'gated.json');
  writeFileSync(out, 'the previous artifact');
  // labels independent of the features: nothing can beat chance by much
  const noise = gaussianBlobs({ classes: 2, features: 2, rowsPerClass: 30, separation: 0, seed: 3 });
  const data = join(dir, 'noise.csv');
  writeFileSync(data, noise.csv);
  const run = runScript('scripts/train.ts', ['--data', data, '--out', out, '--min-accuracy', '0.95']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Refusing to write the model: accuracy 0\.\d+ (held out: out of fold on the training part, and on the test part is below --min-accuracy 0\.95|\(\d+\/\d+ held out: out of fold on the training part, and on the test part\) does not clearly beat the majority-class baseline's 0\.\d+: .*)\. .*gated\.json was left as it was; to keep it anyway, train again with --accept, or npm run promote -- \d{8}-\d{6}-[0-9a-f]{4}\./);
  assert.equal(readFileSync(out, 'utf8'), 'the previous artifact');
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp-')), [], 'no temp file left behind');
});

test('bad input and bad flags exit non-zero with the reason and write nothing', () => {
  const data = join(dir, 'bad.csv');
  writeFileSync(data, 'a;b;label\n1;2;x\n3;;y\n4;NA;x\n5;7;y\n');
  const out = join(dir, 'never.json');
  const bad = runScript('scripts/train.ts', ['--data', data, '--out', out, '--impute', 'none']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim(), `train: ${data}: 2 missing cell(s) where imputation is off (--impute none): line 3 column "b", line 4 column "b"; fill them in, or let the pipeline impute them (the default)`);
  const flag = runScript('scripts/train.ts', ['--folds', '1']);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /--folds must be an integer of at least 2, got "1"/);
  assert.match(flag.stderr, /Usage: npm run train/);
  assert.throws(() => readFileSync(out));
});

test('SIGTERM or SIGINT to npm run train stops the whole process tree and leaves the previous artifact', async () => {
  const blobs = gaussianBlobs({ classes: 3, features: 20, rowsPerClass: 4000, separation: 0.5, seed: 8 });
  const data = join(dir, 'long.csv');
  writeFileSync(data, blobs.csv);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const out = join(dir, `signalled-${signal}.json`);
    writeFileSync(out, 'the previous artifact');
    const npm = spawn('npm', ['run', '--silent', 'train', '--', '--data', data, '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    after(() => stopProcess(npm));
    // Wait until cross-validation runs, then signal npm alone, as `kill <pid>` would.
    await new Promise<void>((resolve) => npm.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('cross-validating') && resolve()));
    const tree = processTree(npm.pid!);
    assert.ok(tree.length >= 2, `npm and the training process: ${tree}`);
    // Should this test fail, it must not leave a training run behind.
    after(() => tree.filter(isRunning).forEach((pid) => process.kill(pid, 'SIGKILL')));
    npm.kill(signal);
    const code = await new Promise<number | null>((resolve) => npm.once('exit', (exitCode, bySignal) => resolve(exitCode ?? (bySignal ? 128 : null))));
    assert.ok(code !== 0, `npm exited with ${code}`);
    // tsx ends its child within ~60 ms; a loaded machine gets more time, not a failure.
    for (let waited = 0; waited < 5000 && tree.some(isRunning); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(tree.filter(isRunning), [], `every process of the run has ended (${signal})`);
    assert.equal(readFileSync(out, 'utf8'), 'the previous artifact');
    assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp-')), []);
  }
});

/** A process and all its descendants, from /proc. */
function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return [pid, ...children.flatMap(processTree)];
}

function isRunning(pid: number): boolean {
  try {
    // A zombie (exited, not yet reaped by its parent) has stopped running.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test('the column flags reach the pipeline: --delimiter, --na, --drop, --categorical, --impute, --impute-categorical, --max-categories; bad values are usage errors', () => {
  const lines = ['x|code|note|shade|y'];
  for (let i = 0; i < 120; i++) {
    const x = i % 10 === 3 ? '-' : String((i % 3) + (i % 2) * 5);
    const shade = ['dark', 'light', 'pale', 'deep'][i % 4];
    lines.push(`${x}|${i % 3}|${i % 5 === 0 ? '' : shade}|${shade}|${i % 2 ? 'b' : 'a'}`);
  }
  const data = join(dir, 'flags.txt');
  writeFileSync(data, `${lines.join('\n')}\n`);
  const out = join(dir, 'flags.json');
  const run = runScript('scripts/train.ts', [
    '--data', data, '--out', out, '--delimiter', 'pipe', '--na', '-', '--drop', 'shade', '--categorical', 'code',
    '--impute', 'mean', '--impute-categorical', 'constant', '--max-categories', '3',
  ]);
  assert.equal(run.status, 0, run.stderr);
  const artifact = readArtifactFile(out);
  assert.deepEqual(artifact.features, ['x', 'code', 'note']);
  assert.deepEqual(artifact.preprocessing, { numericImpute: 'mean', categoricalImpute: 'constant', maxCategories: 3 });
  const [x, code, note] = artifact.inputs;
  assert.equal(x.impute?.strategy, 'mean');
  assert.equal(code.type, 'categorical');
  assert.equal(note.impute?.category, 'missing_value');
  assert.equal(note.categories!.length + (note.infrequent?.length ? 1 : 0), 3, 'at most 3 one-hot columns');
  assert.deepEqual(artifact.ignoredColumns, ['shade', 'y']);
  assert.match(run.stdout, /delimiter "\|"/);
  assert.match(run.stdout, /^x +numeric +12 \(10\.0%\) +mean imputer/m);
  assert.match(run.stdout, /^shade +dropped +--drop$/m);
  for (const [flag, value, message] of [['--impute', 'zero', /--impute must be one of median, mean, most_frequent, none, got "zero"/], ['--delimiter', 'ab', /--delimiter must be one character/], ['--max-categories', '1', /--max-categories must be a whole number of at least 2/]] as const) {
    const bad = runScript('scripts/train.ts', ['--data', data, flag, value]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, message);
  }
});
