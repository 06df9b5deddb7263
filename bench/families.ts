// npm run bench:families: each model family's iris model (its default grid), a 100-tree
// forest on iris and a 200-tree forest on breast cancer, built into archives and measured as they run:
// archive, code and model bytes; cold start of the Lambda archive next to a bare
// `node` (interleaved); one prediction and a 1000-row request in process, through
// the Lambda adapter. A table on stdout, the same figures in artifacts/bench-families.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMachine, writeBenchRecord } from './record.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { rowsOf } from '../pipeline/data/matrix.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { loadAwsEvent } from '../tests/helpers/lambda-events.ts';
import { ROOT, timeProcess, lambdaColdScript } from './processes.ts';
import { summarize } from './stats.ts';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 30);
const log = (message: string) => process.stderr.write(`bench:families: ${message}\n`);
const work = mkdtempSync(join(tmpdir(), 'kit-bench-families-'));
process.env.KIT_RUNS_DIR = join(work, 'runs');
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const BREAST_CANCER = join(ROOT, 'tests/fixtures/sklearn/breast_cancer.csv');
const cases = [
  ...Object.keys(DEFAULT_GRID).map((family) => ({ label: family, data: IRIS_CSV_PATH, args: ['--model', family] })),
  { label: 'random_forest, 100 trees', data: IRIS_CSV_PATH, args: ['--grid', join(work, 'forest-100.json')] },
  { label: 'random_forest, 200 trees', data: BREAST_CANCER, args: ['--grid', join(work, 'forest-200.json')] },
];
for (const trees of [100, 200]) writeFileSync(join(work, `forest-${trees}.json`), JSON.stringify({ random_forest: [{ scaler: ['standard'], classifier__n_estimators: [trees] }] }));

const tsx = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8' });

const built = cases.map((entry, c) => {
  log(`${entry.label}: training and building`);
  const artifact = join(work, `model-${c}.json`);
  const train = tsx('scripts/train.ts', ['--data', entry.data, '--out', artifact, ...entry.args]);
  if (train.status !== 0) throw new Error(`training ${entry.label} failed:\n${train.stderr}`);
  const outDir = join(work, `build-${c}`);
  const build = tsx('scripts/build.ts', ['--artifact', artifact, '--out-dir', outDir]);
  if (build.status !== 0) throw new Error(`building ${entry.label} failed:\n${build.stderr}`);
  const line = build.stdout.split('\n').find((text) => text.includes('aws-lambda.zip'))!;
  const [, total, code, model] = /([\d.]+) KB \(code ([\d.]+) KB, model ([\d.]+) KB\)/.exec(line)!.map(Number);
  const dir = join(work, `aws-${c}`);
  mkdirSync(dir);
  unpackZip(readFileSync(join(outDir, 'aws-lambda.zip')), dir);
  const data = loadCsvFile(entry.data);
  const records = rowsOf(data.X).map((row) => Object.fromEntries(data.featureNames.map((name, j) => [name, row[j]])));
  const rowsFile = join(work, `rows-${c}.json`);
  writeFileSync(rowsFile, JSON.stringify(records));
  const event = loadAwsEvent('http-v2');
  event.requestContext.http.method = 'POST';
  event.headers['content-type'] = 'application/json';
  event.body = JSON.stringify(records[0]);
  const family = (JSON.parse(readFileSync(artifact, 'utf8')) as { selection: { family: string; params: Record<string, unknown> } }).selection;
  return { ...entry, dir, rowsFile, event: JSON.stringify(event), total, code, model, chosen: family.params };
});

log(`cold start: ${COLD_RUNS} runs of each, interleaved with a bare node`);
// What Lambda's runtime does with a .js handler: require() it, call it with the event.
const node: number[] = [];
const cold = built.map(() => [] as number[]);
for (let i = 0; i < COLD_RUNS; i++) {
  node.push(timeProcess(process.execPath, ['-e', '0']));
  built.forEach((entry, c) => cold[c].push(timeProcess(process.execPath, ['-e', lambdaColdScript, entry.event], { cwd: entry.dir })));
}
const nodeMedian = summarize(node).median;

log('in process: one prediction and a 1000-row request through the Lambda adapter');
const results = built.map((entry, c) => {
  const resultFile = join(work, `in-process-${c}.json`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/in-process-runner.ts'), entry.dir, entry.rowsFile, resultFile], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`the in-process run of ${entry.label} failed`);
  const { singleMicros, batchMillis } = JSON.parse(readFileSync(resultFile, 'utf8')) as { singleMicros: number[]; batchMillis: number[] };
  const coldMedian = summarize(cold[c]).median;
  return {
    family: entry.label,
    data: entry.data === IRIS_CSV_PATH ? 'iris' : 'breast_cancer',
    setting: entry.chosen,
    archiveKb: entry.total,
    codeKb: entry.code,
    modelKb: entry.model,
    coldStartMs: coldMedian,
    coldStartVsNode: coldMedian / nodeMedian,
    onePredictionMicros: summarize(singleMicros).median,
    thousandRowsMs: summarize(batchMillis).median,
  };
});

const table = formatTable(
  ['family', 'data', 'archive KB', 'code KB', 'model KB', 'cold start ms', '× bare node', 'one prediction µs', '1000 rows ms'],
  results.map((r) => [r.family, r.data, r.archiveKb.toFixed(1), r.codeKb.toFixed(1), r.modelKb.toFixed(1), r.coldStartMs.toFixed(1), r.coldStartVsNode.toFixed(2), r.onePredictionMicros.toFixed(1), r.thousandRowsMs.toFixed(2)]),
);
const machine = benchMachine();
process.stdout.write(
  `${table}\n\nBare node: ${nodeMedian.toFixed(1)} ms (median of ${COLD_RUNS}). Cold start: a fresh process requires the Lambda archive's index.js and answers one request (median of ${COLD_RUNS}, interleaved). ` +
    `In process: medians through the Lambda adapter, its log line included. Each iris model is its family's best on the default grid. ${machine}\n`,
);
writeBenchRecord('families', { machine, coldRuns: COLD_RUNS, bareNodeMs: nodeMedian, results });
