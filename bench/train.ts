// npm run bench:train -- [--only iris,boston] [--task classification|regression] [--jobs N] [--l2] [--runs N]
// Our `npm run train` and the seed notebook's loop of GridSearchCVs (one per model
// family) on the same grid, rows and folds, one after the other on this machine: wall
// time, CPU seconds, peak RSS, CV and test accuracy of the chosen model. The regression
// tables: `npm run train -- --target T --test-size 0` against one
// GridSearchCV(Pipeline([scaler, regressor]), cv=KFold(5), scoring="r2") per family on
// every row in file order, each family's best CV R² on both sides (--task: one task's tables). --l2: the seed notebook's
// l2 logistic-regression grid alone (scaler × C in 0.1, 1, 10) on every data set, through
// `npm run train -- --grid`, against GridSearchCV(..., LogisticRegression(solver="lbfgs")).
// --runs N: each side N times, alternating, every run's seconds reported.
// seattle_weather and synthetic_5k_50 (bench/train-halving.ts, once whatever --runs says):
// our default successive halving and --search full against scikit-learn's
// HalvingGridSearchCV and the notebook's loop, an exhaustive side stopped after 15 minutes.
// A table on stdout, the same figures in artifacts/bench-train.json (bench-train-halving.json, bench-train-regression.json).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { benchMachine, writeBenchRecord } from './record.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { REGRESSION_GRID } from '../pipeline/tasks/regression/grid.ts';
import { DEFAULT_TRAIN_OPTIONS, trainingSplit } from '../pipeline/train.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { findScikitLearn, PEER_DIR } from './peer.ts';
import { ROOT } from './processes.ts';
import { measure as measureRun, medianRun, type Run } from './tree-run.ts';
import { EXHAUSTIVE_LIMIT_SECONDS, formatHalvingTable, halvingCase, halvingLines, type HalvingRow } from './train-halving.ts';
import { compareRegression, formatRegressionTables, type PeerFamily } from './train-regression.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/sklearn');
const ALL_FAMILIES = Object.keys(DEFAULT_GRID);
const REGRESSION_TABLES = join(ROOT, 'tests/fixtures/tables/regression');
const ALL_REGRESSORS = Object.keys(REGRESSION_GRID);
// Every family on the small tables, as the notebook runs; logistic regression alone on
// the larger ones, where one SVC grid would take hours on either side (kernel methods
// grow with the square of the rows).
const DATASETS: { name: string; csv?: string; generatedRows?: number; generatedFeatures?: number; families: string[]; task?: 'regression'; target?: string; halving?: true }[] = [
  { name: 'iris', csv: IRIS_CSV_PATH, families: ALL_FAMILIES },
  { name: 'wine', csv: join(FIXTURES, 'wine.csv'), families: ALL_FAMILIES },
  { name: 'breast_cancer', csv: join(FIXTURES, 'breast_cancer.csv'), families: ALL_FAMILIES },
  // ";", CRLF, an id column, gaps in every column, two text columns (tests/fixtures/sklearn/generate_tables.py).
  { name: 'mixed', csv: join(FIXTURES, 'mixed.csv'), families: ALL_FAMILIES },
  { name: 'digits', csv: join(FIXTURES, 'digits.csv'), families: ['logistic_regression'] },
  { name: 'synthetic_20k', generatedRows: 20_000, families: ['logistic_regression'] },
  { name: 'synthetic_200k', generatedRows: 200_000, families: ['logistic_regression'] },
  // Successive halving against the exhaustive searches, every family (bench/train-halving.ts):
  // a public table of 1 461 rows with a date column (tests/fixtures/tables/PROVENANCE.md), and 5 000 × 50 generated.
  { name: 'seattle_weather', csv: join(ROOT, 'tests/fixtures/tables/seattle_weather.csv'), target: 'weather', families: ALL_FAMILIES, halving: true },
  { name: 'synthetic_5k_50', generatedRows: 5_000, generatedFeatures: 50, families: ALL_FAMILIES, halving: true },
  // Public regression tables (tests/fixtures/tables/PROVENANCE.md): every regressor family.
  { name: 'boston', csv: join(REGRESSION_TABLES, 'boston.csv'), target: 'medv', task: 'regression', families: ALL_REGRESSORS },
  { name: 'mtcars', csv: join(REGRESSION_TABLES, 'mtcars.csv'), target: 'mpg', task: 'regression', families: ALL_REGRESSORS },
  { name: 'airquality', csv: join(REGRESSION_TABLES, 'airquality.csv'), target: 'Ozone', task: 'regression', families: ALL_REGRESSORS },
  { name: 'cars_mpg', csv: join(REGRESSION_TABLES, 'cars_mpg.csv'), target: 'Miles_per_Gallon', task: 'regression', families: ALL_REGRESSORS },
  { name: 'star98', csv: join(REGRESSION_TABLES, 'star98.csv'), target: 'PR50M', task: 'regression', families: ALL_REGRESSORS },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, jobs: { type: 'string', default: String(availableParallelism()) }, l2: { type: 'boolean', default: false }, runs: { type: 'string', default: '1' }, task: { type: 'string' } } });
if (values.task !== undefined && values.task !== 'classification' && values.task !== 'regression') throw new Error(`--task: expected classification or regression, got ${JSON.stringify(values.task)}`);
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

const measure = (command: string, args: string[], limitSeconds?: number) => measureRun(work, command, args, limitSeconds);

const sklearn = findScikitLearn();
if (!sklearn) log('scikit-learn is not installed for python3 (apt-get install python3-sklearn): measuring our side only, without the generated data sets');
const gridFile = join(work, 'grid.json');

const rows: Record<string, unknown>[] = [];
for (const dataset of DATASETS) {
  if (only && !only.includes(dataset.name)) continue;
  const regression = dataset.task === 'regression';
  if (values.task !== undefined && values.task !== (dataset.task ?? 'classification')) continue;
  if ((regression || dataset.halving) && values.l2) continue;
  let csv = dataset.csv;
  if (!csv) {
    if (!sklearn) continue;
    csv = join(work, `${dataset.name}.csv`);
    log(`generating ${dataset.name} (make_classification, ${dataset.generatedRows} rows)`);
    await measure(sklearn.python, [join(PEER_DIR, 'make_classification.py'), String(dataset.generatedRows), csv, String(dataset.generatedFeatures ?? 20)]);
  }
  const families = values.l2 ? ['logistic_regression'] : dataset.families;
  const grid = regression ? REGRESSION_GRID : DEFAULT_GRID;
  writeFileSync(gridFile, JSON.stringify(values.l2 ? L2_GRID : Object.fromEntries(families.map((family) => [family, grid[family]]))));
  const data = loadCsvFile(csv, { target: dataset.target });
  // Regression: every row trains, the folds on the file's row order (--test-size 0).
  const testSize = regression ? 0 : DEFAULT_TRAIN_OPTIONS.testSize;
  const split = trainingSplit(data, DEFAULT_TRAIN_OPTIONS.seed, testSize);
  const splitFile = join(work, 'split.json');
  writeFileSync(splitFile, JSON.stringify(split));
  // A table that needs a ColumnTransformer (or whose target is not the last column, or a
  // regression table: rows without a target are left out): scikit-learn's side is told how
  // the kit read it.
  const plan = planColumns(data);
  const needsColumns = regression || data.delimiter !== ',' || data.dropped.length > 0 || data.columns.some((column) => column.kind !== 'numeric' || column.missing > 0);
  const columnsFile = join(work, 'columns.json');
  writeFileSync(
    columnsFile,
    JSON.stringify(
      needsColumns
        ? {
            task: data.task,
            delimiter: data.delimiter,
            target: data.targetName,
            features: data.featureNames,
            categorical: data.columns.filter((column) => column.kind === 'categorical').map((column) => column.name),
            dates: data.columns.filter((column) => column.kind === 'date').map((column) => ({ name: column.name, hasTime: column.hasTime === true })),
            ...plan.options,
          }
        : null,
    ),
  );

  log(`${dataset.name}: npm run train (${data.X.rows} rows × ${data.X.cols} features, ${regression ? 'regression' : `${data.classes.length} classes`}, --jobs ${jobs})${runs > 1 ? `, ${runs} runs alternating with scikit-learn` : ''}`);
  const artifactFile = join(work, 'model.json');
  const selection = [...(values.l2 ? ['--grid', gridFile] : ['--model', families.join(',')]), ...(dataset.target ? ['--target', data.targetName] : []), ...(regression ? ['--test-size', '0', '--accept'] : [])];
  const outFile = join(work, 'sklearn.json');
  if (dataset.halving) {
    const files = { csv, split: splitFile, grid: gridFile, columns: columnsFile, artifact: artifactFile, peerOut: outFile };
    const sides = await halvingCase(measure, readArtifactFile, files, selection, jobs, sklearn?.python ?? null, log);
    rows.push({ data: dataset.name, task: 'halving', rows: data.X.rows, features: data.X.cols, classes: data.classes.length, ...sides });
    continue;
  }
  const ourRuns: Run[] = [];
  const peerRuns: Run[] = [];
  for (let run = 0; run < runs; run++) {
    // The notebook's loop is an exhaustive GridSearchCV: --search full is its counterpart.
    ourRuns.push(await measure('npm', ['run', '--silent', 'train', '--', '--data', csv, '--out', artifactFile, '--jobs', String(jobs), '--search', 'full', ...selection]));
    if (sklearn) peerRuns.push(await measure(sklearn.python, [join(PEER_DIR, 'grid_search.py'), csv, splitFile, gridFile, String(jobs), outFile, columnsFile]));
  }
  const artifact = readArtifactFile(artifactFile);
  if (regression) {
    const result = sklearn ? (JSON.parse(readFileSync(outFile, 'utf8')) as { families: PeerFamily[] }) : undefined;
    rows.push({ data: dataset.name, task: 'regression', rows: data.X.rows, features: data.X.cols, ...compareRegression(artifact, medianRun(ourRuns), result && { ...medianRun(peerRuns), families: result.families }) });
    continue;
  }
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
  rows.push({ data: dataset.name, task: 'classification', rows: data.X.rows, features: data.X.cols, classes: data.classes.length, families: families.length, ours, sklearn: peer });
}

const fixed = (value: unknown, digits: number) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const classificationRows = rows.filter((row) => row.task === 'classification');
const regressionRows = rows.filter((row) => row.task === 'regression');
const halvingRows = rows.filter((row) => row.task === 'halving') as unknown as HalvingRow[];
const table = formatTable(
  ['data', 'rows × features', 'families', 'chosen (ours / sklearn)', 'ours s', 'sklearn s', 'ours / sklearn', 'ours MB', 'sklearn MB', 'CV ours', 'CV sklearn', 'test ours', 'test sklearn'],
  classificationRows.map((row) => {
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
const machine = `${benchMachine()}${sklearn ? `, Python ${sklearn.versions.python}, scikit-learn ${sklearn.versions['scikit-learn']}` : ''}`;
if (classificationRows.length > 0) process.stdout.write(
  `${table}\n\n${runs > 1 ? `${runs} runs of each side, alternating (seconds: the median run; every run in the JSON)` : 'One run each, one after the other'}: ${values.l2 ? `\`npm run train -- --grid l2.json\` (the seed notebook's l2 grid: scaler × C in 0.1, 1, 10, --jobs ${jobs})` : `\`npm run train -- --model <families>\` (the default grid of those families, --jobs ${jobs})`} and the notebook's loop: per family, GridSearchCV(Pipeline([scaler, classifier]), cv=StratifiedKFold(5), n_jobs=${jobs}), its best model scored on the test rows, the best CV score chosen; on the same training rows in the same order (a table with text columns or gaps: the same ColumnTransformer on scikit-learn's side); ` +
    `SVC(probability=True), random_state=42, and the solver keys the notebook had for logistic regression (lbfgs for l2, saga for l1 and elastic net) on scikit-learn's side. Wall time of the whole command; RSS: peak of the process tree's sum. ${machine}\n`,
);
if (regressionRows.length > 0) {
  process.stdout.write(
    `${classificationRows.length > 0 ? '\n' : ''}${formatRegressionTables(regressionRows as never)}\n\n` +
      `Regression, one run each, one after the other: \`npm run train -- --data F --target T --test-size 0 --model <all 8> --accept --jobs ${jobs}\` (the default regression grid; --accept so that the model is written whatever the gate says) ` +
      `and per family GridSearchCV(Pipeline([scaler, regressor]), the same grid, cv=KFold(5) without shuffle, scoring="r2", n_jobs=${jobs}) on every row in file order, with the kit's columns (the same ColumnTransformer and date numbers where the kit has them; random_state=42 for the trees). ` +
      `"worst setting": the largest |CV R² difference| of any one setting of the grid. CPU: user seconds of the whole process tree. ${machine}\n`,
  );
}
if (halvingRows.length > 0) {
  process.stdout.write(
    `${classificationRows.length + regressionRows.length > 0 ? '\n' : ''}${formatHalvingTable(halvingRows)}\n\n` +
      `Successive halving, one run each, one after the other: \`npm run train -- --model <all 6> --search halving\` (the default) and \`--search full\` (--jobs ${jobs}); ` +
      `scikit-learn's HalvingGridSearchCV(Pipeline([scaler, classifier]), the same grid with the classifier step as a parameter (every family in one tournament), factor=3, min_resources="exhaust", random_state=42, cv=StratifiedKFold(5), n_jobs=${jobs}), ` +
      `and the notebook's loop of one GridSearchCV per family; on the same training rows in the same order, the same columns. An exhaustive run that had not ended after ${EXHAUSTIVE_LIMIT_SECONDS / 60} minutes was stopped. ` +
      `CV: the chosen setting's mean score (halving: on its last iteration's rows). CPU: user + system seconds of the whole process tree. ${machine}\n`,
  );
  writeBenchRecord('train-halving', { machine, jobs, grid: 'the default classification grid, every family (pipeline/tasks/classification/grid.ts at this commit)', exhaustiveLimitSeconds: EXHAUSTIVE_LIMIT_SECONDS, results: halvingLines(halvingRows) });
}
// One record per task: a run of the regression tables alone leaves the classification one as it was.
if (classificationRows.length > 0) writeBenchRecord(values.l2 ? 'train-l2' : 'train', { machine, jobs, grid: DEFAULT_GRID, results: classificationRows });
// The grid is the commit's pipeline/tasks/regression/grid.ts (a nested record would not render in docs/benchmark-results.md).
if (regressionRows.length > 0) writeBenchRecord('train-regression', { machine, jobs, grid: 'the default regression grid (pipeline/tasks/regression/grid.ts at this commit)', results: regressionRows });
