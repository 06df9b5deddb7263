// npm run bench:regression-archives: each regression family trained on Boston housing
// (medv) with a small one-setting grid, built, and measured: the bytes of both archives as
// the build prints them (archive, code, model; the 25 KB budget is on the code), one
// prediction through the Lambda adapter in process (median µs, its log line included), and
// the model's own prediction time per row of a batch (what training reports). A table on
// stdout, the same figures in artifacts/bench-regression-archives.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { benchMachine, writeBenchRecord } from './record.ts';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { rowsOf } from '../pipeline/data/matrix.ts';
import type { GridSpec } from '../pipeline/selection/grid.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { formatTable } from '../scripts/text-table.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { lambdaColdScript, ROOT, timeProcess } from './processes.ts';
import { summarize } from './stats.ts';

const BUDGET_KB = 25;
const BOSTON = join(ROOT, 'tests/fixtures/tables/regression/boston.csv');
const scaler = ['standard'];
/** One setting per family: the build, not the search, is measured. */
const GRIDS: Record<string, GridSpec> = {
  linear_regression: { linear_regression: [{ scaler }] },
  ridge: { ridge: [{ scaler, regressor__alpha: [1] }] },
  lasso: { lasso: [{ scaler, regressor__alpha: [0.1] }] },
  elastic_net: { elastic_net: [{ scaler, regressor__alpha: [0.1], regressor__l1_ratio: [0.5] }] },
  knn: { knn: [{ scaler, regressor__n_neighbors: [5] }] },
  svr: { svr: [{ scaler, regressor__kernel: ['rbf'], regressor__C: [10] }] },
  decision_tree: { decision_tree: [{ scaler, regressor__max_depth: [5] }] },
  random_forest: { random_forest: [{ scaler, regressor__n_estimators: [50] }] },
};

const log = (message: string) => process.stderr.write(`bench:regression-archives: ${message}\n`);
const work = mkdtempSync(join(tmpdir(), 'kit-bench-regression-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const environment = { packages: {}, gitCommit: null, createdAt: null };
const data = loadCsvFile(BOSTON, { target: 'medv' });
const rowsFile = join(work, 'rows.json');
const records = rowsOf(data.X).map((row) => Object.fromEntries(data.featureNames.map((name, j) => [name, row[j]])));
const firstRecord = records[0];
writeFileSync(rowsFile, JSON.stringify(records));

/** "path  12.3 KB (code 10.1 KB, model 2.2 KB)" of the build's output, for one archive. */
function sizes(stdout: string, archive: string) {
  const line = stdout.split('\n').find((text) => text.includes(archive));
  const match = line && /([\d.]+) KB \(code ([\d.]+) KB, model ([\d.]+) KB\)/.exec(line);
  if (!match) throw new Error(`the build printed no size for ${archive}:\n${stdout}`);
  return { archiveKb: Number(match[1]), codeKb: Number(match[2]), modelKb: Number(match[3]) };
}

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const results = [];
for (const [family, grid] of Object.entries(GRIDS)) {
  log(`${family}: training and building`);
  const trained = await trainModel(data, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 1, environment });
  const artifactPath = join(work, `${family}.json`);
  writeArtifactFile(artifactPath, trained.artifact);
  const outDir = join(work, family);
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build.ts'), '--artifact', artifactPath, '--out-dir', outDir], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building ${family} failed:\n${build.stderr}`);
  const aws = sizes(build.stdout, 'aws-lambda.zip');
  const gcp = sizes(build.stdout, 'gcp-function.zip');
  const unpacked = join(work, `${family}-aws`);
  mkdirSync(unpacked);
  unpackZip(readFileSync(join(outDir, 'aws-lambda.zip')), unpacked);
  const resultFile = join(work, `${family}-in-process.json`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/in-process-runner.ts'), unpacked, rowsFile, resultFile], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`the in-process run of ${family} failed`);
  const { singleMicros, batchMillis } = JSON.parse(readFileSync(resultFile, 'utf8')) as { singleMicros: number[]; batchMillis: number[] };
  // Cold start: a fresh node loads the archive and answers one record, interleaved with a bare node.
  const event = JSON.stringify({ version: '2.0', rawPath: '/', headers: { 'content-type': 'application/json' }, requestContext: { http: { method: 'POST' } }, body: JSON.stringify(firstRecord), isBase64Encoded: false });
  const cold: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    bare.push(timeProcess(process.execPath, ['-e', '0']));
    cold.push(timeProcess(process.execPath, ['-e', lambdaColdScript, event], { cwd: unpacked }));
  }
  results.push({
    family,
    setting: trained.artifact.selection.params,
    testR2: trained.gate.score,
    gatePassed: trained.gate.passed,
    aws,
    gcp,
    withinBudget: aws.codeKb <= BUDGET_KB && gcp.codeKb <= BUDGET_KB,
    coldStartMs: summarize(cold).median,
    bareNodeMs: summarize(bare).median,
    coldStartRatio: summarize(cold).median / summarize(bare).median,
    onePredictionMicros: summarize(singleMicros).median,
    thousandRowsMs: summarize(batchMillis).median,
    modelMicrosPerRow: trained.predictMicroseconds,
  });
}

const table = formatTable(
  ['family', 'test R²', 'AWS zip KB', 'AWS code KB', 'GCP zip KB', 'GCP code KB', 'model KB', `code ≤ ${BUDGET_KB} KB`, 'cold start ms (× node)', 'one prediction µs', '1000 rows ms', 'model µs / row'],
  results.map((r) => [r.family, r.testR2.toFixed(3), r.aws.archiveKb.toFixed(1), r.aws.codeKb.toFixed(1), r.gcp.archiveKb.toFixed(1), r.gcp.codeKb.toFixed(1), r.aws.modelKb.toFixed(1), r.withinBudget ? 'yes' : 'NO', `${r.coldStartMs.toFixed(1)} (${r.coldStartRatio.toFixed(2)}×)`, r.onePredictionMicros.toFixed(1), r.thousandRowsMs.toFixed(2), r.modelMicrosPerRow.toFixed(2)]),
);
const machine = benchMachine();
process.stdout.write(
  `${table}\n\nBoston housing (506 rows, 13 features; 404 train, 102 test), one setting per family. Sizes as npm run build prints them (code: the archive without the model). ` +
    `Cold start: median of ${COLD_RUNS} fresh node processes loading the Lambda archive and answering one record, interleaved with a bare node -e 0. One prediction and 1000 rows: medians through the Lambda adapter in process, its log line included; model µs / row: the model alone on the test rows, as training reports it. ${machine}\n`,
);
writeBenchRecord('regression-archives', { data: 'boston.csv (target medv)', budgetKb: BUDGET_KB, results });
