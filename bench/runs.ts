// npm run bench:runs — the report and the run history's figures: the iris report's size,
// what writing it adds to npm run train, and how fast npm run runs answers with 100 runs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { benchMachine, writeBenchRecord } from './record.ts';
import { serializeArtifact } from '../pipeline/artifact/artifact-file.ts';
import { collectEnvironment } from '../pipeline/artifact/provenance.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { renderReport } from '../pipeline/report/html.ts';
import { finishedRun } from '../pipeline/runs/record.ts';
import { createRunId, listRuns, recordRun, RUN_ARTIFACT, RUN_FILE, RUN_REPORT } from '../pipeline/runs/store.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { ROOT, timeProcess } from './processes.ts';
import { summarize } from './stats.ts';

const work = mkdtempSync(join(tmpdir(), 'kit-bench-runs-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const log = (message: string) => process.stderr.write(`bench:runs: ${message}\n`);

// npm run train on iris, as the README's first command runs it (its runs kept here).
log('npm run train on iris, 5 times');
const env = { ...process.env, KIT_RUNS_DIR: join(work, 'runs') };
const trainWall: number[] = [];
for (let i = 0; i < 5; i++) trainWall.push(timeProcess('npm', ['run', '--silent', 'train', '--', '--out', join(work, 'model.json')], { cwd: ROOT, env }));

// What the report adds: rendering it and writing it beside the artifact and in the run's folder.
log('rendering and writing the iris report, 20 times');
const iris = loadCsvFile(IRIS_CSV_PATH);
const { artifact, gate, evaluation } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, jobs: cpus().length, environment: collectEnvironment() });
const reportMs: number[] = [];
let reportBytes = 0;
for (let i = 0; i < 20; i++) {
  const started = process.hrtime.bigint();
  const report = renderReport({ artifact, evaluation, run: { id: createRunId(new Date()), startedAt: new Date().toISOString(), durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } });
  writeFileAtomic(join(work, 'model.report.html'), report);
  writeFileAtomic(join(work, `copy-${i}.report.html`), report);
  reportMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  reportBytes = Buffer.byteLength(report);
}

// 100 runs in the history, then npm run runs.
log('npm run runs with 100 runs in the history, 5 times');
const history = join(work, 'history');
const start = { runId: createRunId(new Date(Date.UTC(2026, 0, 1))), startedAt: new Date(Date.UTC(2026, 0, 1)), command: [], dataFile: IRIS_CSV_PATH };
const first = recordRun(history, finishedRun(start, artifact, { passed: gate.passed, reason: null }, 1), { [RUN_ARTIFACT]: serializeArtifact(artifact), [RUN_REPORT]: readFileSync(join(work, 'model.report.html'), 'utf8') });
const record = JSON.parse(readFileSync(join(first, RUN_FILE), 'utf8'));
for (let i = 1; i < 100; i++) {
  const startedAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  const runId = createRunId(startedAt);
  cpSync(first, join(history, runId), { recursive: true });
  writeFileSync(join(history, runId, RUN_FILE), JSON.stringify({ ...record, runId, startedAt: startedAt.toISOString() }, null, 2));
}
if (listRuns(history).length !== 100) throw new Error('expected 100 runs');
const runsWall: number[] = [];
for (let i = 0; i < 5; i++) runsWall.push(timeProcess('npm', ['run', '--silent', 'runs', '--', '--runs-dir', history], { cwd: ROOT }));

const train = summarize(trainWall);
const render = summarize(reportMs);
const runs = summarize(runsWall);
const rows = [
  ['iris report size', `${(reportBytes / 1024).toFixed(1)} KB`, '≤ 200 KB', reportBytes <= 200 * 1024 ? 'yes' : 'NO'],
  ['npm run train on iris (wall)', `${train.median.toFixed(0)} ms (${train.min.toFixed(0)}–${train.max.toFixed(0)})`, '', ''],
  ['rendering + writing the report twice', `${render.median.toFixed(1)} ms (${render.min.toFixed(1)}–${render.max.toFixed(1)})`, '', ''],
  ['report / train time', `${((render.median / train.median) * 100).toFixed(1)} %`, '≤ 10 %', render.median <= 0.1 * train.median ? 'yes' : 'NO'],
  ['npm run runs, 100 runs (wall)', `${runs.median.toFixed(0)} ms (${runs.min.toFixed(0)}–${runs.max.toFixed(0)})`, '≤ 1000 ms', runs.median <= 1000 ? 'yes' : 'NO'],
];
const machine = benchMachine();
process.stdout.write(`${formatTable(['figure', 'measured', 'goal', 'met'], rows)}\n\nmedians (min–max); wall times include npm and node starting; ${machine}\n`);
writeBenchRecord('runs', { machine, reportBytes, trainWallMs: train, reportMs: render, runsWallMs: runs });
