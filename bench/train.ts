// npm run bench:train -- [--only iris,wine] [--jobs N] [--l2] [--runs N]
// Our `npm run train` and the seed notebook's loop of GridSearchCVs (one per model
// family) on the same grid, rows and folds, one after the other on this machine: wall
// time, peak RSS, CV and test accuracy of the chosen model. --l2: the seed notebook's
// l2 logistic-regression grid alone (scaler × C in 0.1, 1, 10) on every data set, through
// `npm run train -- --grid`, against GridSearchCV(..., LogisticRegression(solver="lbfgs")).
// --runs N: each side N times, alternating, every run's seconds reported.
// A table on stdout, the same figures in artifacts/bench-train.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { writeBenchRecord } from './record.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { DEFAULT_TRAIN_OPTIONS, trainingSplit } from '../pipeline/train.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { findScikitLearn, PEER_DIR } from './peer.ts';
import { peakRssMb, ROOT, stopWithBenchmark } from './processes.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/sklearn');
const ALL_FAMILIES = Object.keys(DEFAULT_GRID);
// Every family on the small tables, as the notebook runs; logistic regression alone on
// the larger ones, where one SVC grid would take hours on either side (kernel methods
// grow with the square of the rows).
const DATASETS: { name: string; csv?: string; generatedRows?: number; families: string[] }[] = [
  { name: 'iris', csv: IRIS_CSV_PATH, families: ALL_FAMILIES },
  { name: 'wine', csv: join(FIXTURES, 'wine.csv'), families: ALL_FAMILIES },
  { name: 'breast_cancer', csv: join(FIXTURES, 'breast_cancer.csv'), families: ALL_FAMILIES },
  // ";", CRLF, an id column, gaps in every column, two text columns (tests/fixtures/sklearn/generate_tables.py).
  { name: 'mixed', csv: join(FIXTURES, 'mixed.csv'), families: ALL_FAMILIES },
  { name: 'digits', csv: join(FIXTURES, 'digits.csv'), families: ['logistic_regression'] },
  { name: 'synthetic_20k', generatedRows: 20_000, families: ['logistic_regression'] },
  { name: 'synthetic_200k', generatedRows: 200_000, families: ['logistic_regression'] },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, jobs: { type: 'string', default: String(availableParallelism()) }, l2: { type: 'boolean', default: false }, runs: { type: 'string', default: '1' } } });
const only = values.only?.split(',');
const jobs = Number(values.jobs);
const runs = Number(values.runs);
/** The seed notebook's l2 grid of logistic regression. */
const L2_GRID = { logistic_regression: [{ scaler: ['standard', 'minmax'], classifier__C: [0.1, 1, 10], classifier__penalty: ['l2'] }] };
const log = (message: string) => process.stderr.write(`bench:train: ${message}\n`);
const work = mkdtempSync(join(tmpdir(), 'kit-bench-train-'));
// The benchmark's training runs are not the user's: their records stay in the scratch folder.
process.env.KIT_RUNS_DIR = join(work, 'runs');
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface Run {
  wallSeconds: number;
  peakRssMb: number;
}

/** The run of median wall time, with every run's seconds. */
function medianRun(all: Run[]): Run & { runSeconds: number[] } {
  const sorted = [...all].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], runSeconds: all.map((run) => run.wallSeconds) };
}

/** Wall time and the peak of the process tree's summed resident memory, sampled every 50 ms. */
function measure(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = stopWithBenchmark(spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    let peak = 0;
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const sample = () => (peak = Math.max(peak, peakRssMb(child.pid!)));
    const timer = setInterval(sample, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
      else resolve({ wallSeconds, peakRssMb: peak });
    });
  });
}

const sklearn = findScikitLearn();
if (!sklearn) log('scikit-learn is not installed for python3 (apt-get install python3-sklearn): measuring our side only, without the generated data sets');
const gridFile = join(work, 'grid.json');

const rows: Record<string, unknown>[] = [];
for (const dataset of DATASETS) {
  if (only && !only.includes(dataset.name)) continue;
  let csv = dataset.csv;
  if (!csv) {
    if (!sklearn) continue;
    csv = join(work, `${dataset.name}.csv`);
    log(`generating ${dataset.name} (make_classification, ${dataset.generatedRows} rows)`);
    await measure(sklearn.python, [join(PEER_DIR, 'make_classification.py'), String(dataset.generatedRows), csv]);
  }
  const families = values.l2 ? ['logistic_regression'] : dataset.families;
  writeFileSync(gridFile, JSON.stringify(values.l2 ? L2_GRID : Object.fromEntries(families.map((family) => [family, DEFAULT_GRID[family]]))));
  const data = loadCsvFile(csv);
  const split = trainingSplit(data, DEFAULT_TRAIN_OPTIONS.seed, DEFAULT_TRAIN_OPTIONS.testSize);
  const splitFile = join(work, 'split.json');
  writeFileSync(splitFile, JSON.stringify(split));
  // A table that needs a ColumnTransformer: scikit-learn's side is told how the kit read it.
  const plan = planColumns(data);
  const needsColumns = data.delimiter !== ',' || data.dropped.length > 0 || data.columns.some((column) => column.kind === 'categorical' || column.missing > 0);
  const columnsFile = join(work, 'columns.json');
  writeFileSync(
    columnsFile,
    JSON.stringify(
      needsColumns
        ? { delimiter: data.delimiter, target: data.targetName, features: data.featureNames, categorical: data.columns.filter((column) => column.kind === 'categorical').map((column) => column.name), ...plan.options }
        : null,
    ),
  );

  log(`${dataset.name}: npm run train (${data.X.rows} rows × ${data.X.cols} features, ${data.classes.length} classes, --jobs ${jobs})${runs > 1 ? `, ${runs} runs alternating with scikit-learn` : ''}`);
  const artifactFile = join(work, 'model.json');
  const selection = values.l2 ? ['--grid', gridFile] : ['--model', families.join(',')];
  const outFile = join(work, 'sklearn.json');
  const ourRuns: Run[] = [];
  const peerRuns: Run[] = [];
  for (let run = 0; run < runs; run++) {
    // The notebook's loop is an exhaustive GridSearchCV: --search full is its counterpart.
    ourRuns.push(await measure('npm', ['run', '--silent', 'train', '--', '--data', csv, '--out', artifactFile, '--jobs', String(jobs), '--search', 'full', ...selection]));
    if (sklearn) peerRuns.push(await measure(sklearn.python, [join(PEER_DIR, 'grid_search.py'), csv, splitFile, gridFile, String(jobs), outFile, columnsFile]));
  }
  const artifact = readArtifactFile(artifactFile);
  const ours = {
    ...medianRun(ourRuns),
    cvAccuracy: artifact.metrics.cvMean,
    testAccuracy: artifact.metrics.test && 'accuracy' in artifact.metrics.test ? artifact.metrics.test.accuracy : null,
    best: { family: artifact.selection.family, ...artifact.selection.params },
    families: artifact.selection.families,
  };

  let peer: Record<string, unknown> | undefined;
  if (sklearn) {
    const result = JSON.parse(readFileSync(outFile, 'utf8')) as { cvMean: number; testAccuracy: number | null; bestParams: Record<string, unknown>; families: unknown[] };
    peer = { ...medianRun(peerRuns), cvAccuracy: result.cvMean, testAccuracy: result.testAccuracy, best: result.bestParams, families: result.families };
  }
  rows.push({ data: dataset.name, rows: data.X.rows, features: data.X.cols, classes: data.classes.length, families: families.length, ours, sklearn: peer });
}

const fixed = (value: unknown, digits: number) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const table = formatTable(
  ['data', 'rows × features', 'families', 'chosen (ours / sklearn)', 'ours s', 'sklearn s', 'ours / sklearn', 'ours MB', 'sklearn MB', 'CV ours', 'CV sklearn', 'test ours', 'test sklearn'],
  rows.map((row) => {
    const ours = row.ours as Record<string, number>;
    const peer = row.sklearn as Record<string, number> | undefined;
    return [
      String(row.data),
      `${row.rows} × ${row.features}`,
      String(row.families),
      `${(row.ours as { best: { family: string } }).best.family} / ${(row.sklearn as { best?: { family?: string } } | undefined)?.best?.family ?? '—'}`,
      fixed(ours.wallSeconds, 2),
      fixed(peer?.wallSeconds, 2),
      peer ? fixed(ours.wallSeconds / peer.wallSeconds, 2) : '—',
      fixed(ours.peakRssMb, 0),
      fixed(peer?.peakRssMb, 0),
      fixed(ours.cvAccuracy, 4),
      fixed(peer?.cvAccuracy, 4),
      fixed(ours.testAccuracy, 4),
      fixed(peer?.testAccuracy, 4),
    ];
  }),
);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}${sklearn ? `, Python ${sklearn.versions.python}, scikit-learn ${sklearn.versions['scikit-learn']}` : ''}`;
process.stdout.write(
  `${table}\n\n${runs > 1 ? `${runs} runs of each side, alternating (seconds: the median run; every run in the JSON)` : 'One run each, one after the other'}: ${values.l2 ? `\`npm run train -- --grid l2.json\` (the seed notebook's l2 grid: scaler × C in 0.1, 1, 10, --jobs ${jobs})` : `\`npm run train -- --model <families>\` (the default grid of those families, --jobs ${jobs})`} and the notebook's loop: per family, GridSearchCV(Pipeline([scaler, classifier]), cv=StratifiedKFold(5), n_jobs=${jobs}), its best model scored on the test rows, the best CV score chosen; on the same training rows in the same order (a table with text columns or gaps: the same ColumnTransformer on scikit-learn's side); ` +
    `SVC(probability=True), random_state=42, and the solver keys the notebook had for logistic regression (lbfgs for l2, saga for l1 and elastic net) on scikit-learn's side. Wall time of the whole command; RSS: peak of the process tree's sum. ${machine}\n`,
);
writeBenchRecord(values.l2 ? 'train-l2' : 'train', { machine, jobs, grid: DEFAULT_GRID, results: rows });
