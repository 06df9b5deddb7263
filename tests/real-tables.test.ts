// Tables as users have them (tests/fixtures/tables: R's, statsmodels' and Vega's data
// sets, and exports made the way Excel and R write them; provenance in PROVENANCE.md):
// each trains with the kit's defaults for reading, roles, imputation and the quality gate
// (the search is cut to two small families here, for time: the default grid is what the
// table benchmark runs), and each of their difficulties is handled as a data scientist
// would by hand.
import { asClassifier } from '../pipeline/artifact/artifact.ts';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { DatasetError, loadCsvFile, parseCsvDataset } from '../pipeline/data/csv.ts';
import { looksLikeIdentifierName } from '../pipeline/data/roles.ts';
import { seededRandom, shuffleInPlace } from '../pipeline/data/split.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { listRuns } from '../pipeline/runs/store.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const TABLES = join(ROOT, 'tests/fixtures/tables');
const SMALL_GRID = { logistic_regression: [{ scaler: ['standard'], classifier__C: [0.1, 1] }], decision_tree: [{ scaler: ['standard'], classifier__max_depth: [3, 5] }] };
const dir = tempDir('kit-tables-');
const train = (file: string, target: string, grid: object = SMALL_GRID) =>
  trainModel(loadCsvFile(join(TABLES, file), { target }), { ...DEFAULT_TRAIN_OPTIONS, grid: grid as never, jobs: 1, environment: TEST_ENVIRONMENT });

// Each public table, its target, and whether the gate should let a model through: where
// nothing beats predicting the majority class (bacteria, kyphosis) or 32 rows cannot
// show it (spector), a refusal is the right answer.
const PUBLIC: [file: string, target: string, passes: boolean][] = [
  ['pima_tr.csv', 'type', true],
  ['biopsy.csv', 'class', true],
  ['survey.csv', 'Sex', true],
  ['cars93.csv', 'Type', true],
  ['birthwt.csv', 'low', true],
  ['fgl.csv', 'type', true],
  ['bacteria.csv', 'y', false],
  ['kyphosis.csv', 'Kyphosis', false],
  ['cu_summary.csv', 'Reliability', true],
  ['titanic_survival.csv', 'survived', true],
  ['titanic_rows.csv', 'Survived', true],
  ['spector.csv', 'GRADE', false],
  ['anes96.csv', 'vote', true],
  ['penguins.csv', 'Species', true],
  ['cars_origin.csv', 'Origin', true],
  ['movies.csv', 'Major Genre', true],
  ['seattle_weather.csv', 'weather', true],
];

for (const [file, target, passes] of PUBLIC) {
  test(`${file}: trains with the defaults, and the gate ${passes ? 'lets the model through' : 'refuses it, rightly'}`, async () => {
    const result = await train(file, target);
    assert.equal(result.gate.passed, passes, result.gate.reason);
    assert.ok(result.artifact.metrics.cvMean! > 0);
  });
}

test('what each table needed: rows without a label, row names, identifiers by name and by width, mostly distinct text, a date', () => {
  const survey = loadCsvFile(join(TABLES, 'survey.csv'), { target: 'Sex' });
  assert.deepEqual(survey.rowsLeftOut, [{ rows: 1, reason: 'no label in column "Sex" (line 138)' }]);
  const movies = loadCsvFile(join(TABLES, 'movies.csv'), { target: 'Major Genre' });
  assert.equal(movies.rowsLeftOut[0].rows, 275);
  assert.match(movies.dropped.find((column) => column.name === 'Title')!.reason, /^mostly distinct text \(\d+ values in \d+ rows\)$/);
  for (const [file, target] of [['birthwt.csv', 'low'], ['cu_summary.csv', 'Reliability'], ['titanic_survival.csv', 'survived']]) {
    const data = loadCsvFile(join(TABLES, file), { target });
    assert.deepEqual(data.dropped[0], { name: '', reason: 'row names' }, file);
  }
  const biopsy = loadCsvFile(join(TABLES, 'biopsy.csv'), { target: 'class' });
  assert.equal(biopsy.dropped[0].name, 'ID');
  assert.match(biopsy.dropped[0].reason, /^identifier \(named like one, and 645 of its 699 values are distinct\)$/);
  const customers = loadCsvFile(join(TABLES, 'synthetic/customers_id.csv'), { target: 'churned' });
  assert.deepEqual(customers.dropped.map((column) => column.name), ['customer_id']);
  assert.ok(customers.featureNames.includes('income'), 'a distinct numeric column not named like an id stays a feature');
  const kept = loadCsvFile(join(TABLES, 'synthetic/customers_id.csv'), { target: 'churned', features: ['customer_id', 'income'] });
  assert.deepEqual(kept.featureNames, ['customer_id', 'income'], '--features keeps it');
  const seattle = loadCsvFile(join(TABLES, 'seattle_weather.csv'), { target: 'weather' });
  assert.equal(seattle.columns.find((column) => column.name === 'date')!.kind, 'date');
});

test('names read as identifiers the way people write them, and not otherwise', () => {
  for (const name of ['id', 'ID', 'Id', 'customer_id', 'customerId', 'CustomerID', 'order-key', 'uuid', 'GUID', 'key', 'code', 'order_no', 'invoice number', 'Nr']) assert.ok(looksLikeIdentifierName(name), name);
  for (const name of ['income', 'population', 'zip_code', 'post code', 'idea', 'video', 'width', 'number of rooms', 'keyboard']) assert.ok(!looksLikeIdentifierName(name), name);
});

test('text encodings: Windows-1252 and UTF-16 read right and said; a spreadsheet or Parquet file is named; --encoding forces one', () => {
  const german = loadCsvFile(join(TABLES, 'synthetic/windows1252_de.csv'));
  assert.equal(german.encoding, 'windows-1252');
  assert.ok(german.featureNames.some((name) => name.startsWith('Größe')), german.featureNames.join(', '));
  assert.ok(german.classes.includes('Übergewicht'), german.classes.join(', '));
  assert.match(german.notices.join('\n'), /read as windows-1252 text \(not UTF-8\)/);
  assert.equal(german.cells.decimal, ',');
  const utf16 = loadCsvFile(join(TABLES, 'synthetic/iris_utf16.csv'));
  assert.equal(utf16.encoding, 'utf-16le');
  assert.equal(utf16.targetName, 'espèce');
  const bom = loadCsvFile(join(TABLES, 'synthetic/iris_utf8_bom.csv'), { target: 'species' });
  assert.equal(bom.encoding, 'utf-8');
  assert.ok(bom.featureNames.includes('sepal_length'));
  assert.throws(() => loadCsvFile(join(TABLES, 'synthetic/iris_xlsx_named.csv')), (error: Error) => error instanceof DatasetError && /is a ZIP archive: an Excel workbook \(\.xlsx\) or OpenDocument sheet \(\.ods\) is one, not a CSV file; export it as CSV/.test(error.message));
  assert.throws(() => loadCsvFile(join(TABLES, 'synthetic/iris_parquet_named.csv')), /is a Parquet file, not a CSV file; export it as CSV/);
  assert.throws(() => loadCsvFile(join(TABLES, 'synthetic/windows1252_de.csv'), { encoding: 'utf-8' }), /the bytes are not valid utf-8 \(byte \d+ of line 1\); pass --encoding/);
});

test('decimal commas in training, npm run predict, invoke --file and a text/csv body', async () => {
  const excel = loadCsvFile(join(TABLES, 'synthetic/iris_excel_de.csv'));
  assert.deepEqual(excel.columns.map((column) => column.kind), ['numeric', 'numeric', 'numeric', 'numeric']);
  assert.match(excel.notices.join('\n'), /decimal comma/);
  const thousands = loadCsvFile(join(TABLES, 'synthetic/iris_excel_de_thousands.csv'));
  assert.ok(thousands.columns.every((column) => column.kind === 'numeric'));
  assert.ok(thousands.X.data.includes(1785), '1.785,0 is 1785');
  const { artifact } = await trainModel(excel, { ...DEFAULT_TRAIN_OPTIONS, grid: SMALL_GRID as never, jobs: 1, environment: TEST_ENVIRONMENT });
  assert.deepEqual(artifact.cells.decimal, ',');
  // The same iris, read with a point, predicts the same: the numbers are the numbers.
  const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
  const csv = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'text/csv' }, body: 'sepal_length,sepal_width,petal_length,petal_width\n"5,1","3,5","1,4","0,2"\n"6,9","3,1","5,4","2,1"\n' });
  assert.equal(csv.status, 200, csv.body);
  assert.deepEqual(JSON.parse(csv.body).predictions.map((prediction: { label: string }) => prediction.label), ['setosa', 'virginica']);
  const artifactPath = join(dir, 'excel.json');
  writeFileSync(artifactPath, `${JSON.stringify(artifact, null, 2)}\n`);
  const rows = join(dir, 'excel-rows.csv');
  writeFileSync(rows, 'sepal_length;sepal_width;petal_length;petal_width\r\n5,1;3,5;1,4;0,2\r\n6,9;3,1;5,4;2,1\r\n');
  const scored = join(dir, 'excel-scored.csv');
  const predicted = runScript('scripts/predict.ts', ['--data', rows, '--out', scored, '--artifact', artifactPath]);
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.deepEqual(readFileSync(scored, 'utf8').split('\n').slice(1, 3).map((line) => line.split(',').at(-5)), ['setosa', 'virginica']);
});

test('rare classes: fewer rows than folds is a warning and the search goes on; a class of one row is left out', async () => {
  const result = await train('synthetic/rare_classes.csv', 'group');
  const notices = result.artifact.data.notices.join('\n');
  assert.match(notices, /1 row left out: a class with a single row \("single"\)/);
  assert.match(notices, /class "few" has 2 rows in the training part, fewer than the 5 folds: some folds train without it \(StratifiedKFold warns the same\)/);
  assert.ok(!asClassifier(result.artifact).classes.includes('single'));
});

test('TRUE/FALSE and yes/no labels are text labels, answered as written', async () => {
  for (const [file, target, labels] of [['synthetic/labels_true_false.csv', 'defaulted', ['FALSE', 'TRUE']], ['synthetic/labels_yes_no.csv', 'subscribed', ['no', 'yes']]] as const) {
    const { artifact } = await train(file, target);
    assert.deepEqual(artifact.classes, labels);
    assert.equal(artifact.labelType, 'string');
    const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
    const answer = JSON.parse(service.handle({ method: 'POST', path: '/', headers: {}, body: JSON.stringify({ x1: 0, x2: 0, x3: 0, kind: 'a' }) }).body);
    assert.ok((labels as readonly string[]).includes(answer.label));
  }
});

test('the gate judges every held-out prediction: 200 rows a little better than the majority pass, labels shuffled at random are refused on at least 19 of 20 seeds', async (t) => {
  for (const [file, target] of [['synthetic/pima_sized.csv', 'type'], ['pima_tr.csv', 'type']]) {
    const result = await train(file, target);
    assert.equal(result.gate.passed, true, `${file}: ${result.gate.reason}`);
    assert.equal(result.artifact.metrics.gate.evaluatedOn, 'cross-validation and test');
  }
  const [header, ...lines] = readFileSync(join(TABLES, 'synthetic/pima_sized.csv'), 'utf8').trim().split('\n');
  const labels = lines.map((line) => line.slice(line.lastIndexOf(',') + 1));
  let refused = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const shuffled = shuffleInPlace([...labels], seededRandom(seed));
    const csv = `${header}\n${lines.map((line, i) => `${line.slice(0, line.lastIndexOf(','))},${shuffled[i]}`).join('\n')}\n`;
    const result = await trainModel(parseCsvDataset(Buffer.from(csv), `shuffled-${seed}.csv`), { ...DEFAULT_TRAIN_OPTIONS, grid: SMALL_GRID as never, jobs: 1, environment: TEST_ENVIRONMENT });
    if (!result.gate.passed) refused++;
  }
  t.diagnostic(`shuffled labels refused on ${refused} of 20 seeds`);
  assert.ok(refused >= 19, `refused on ${refused} of 20 seeds`);
});

test('--accept writes a model the gate refuses, and the run says it was accepted against the gate', () => {
  const out = join(dir, 'accepted.json');
  const runsDir = join(dir, 'runs');
  const grid = join(dir, 'small-grid.json');
  writeFileSync(grid, JSON.stringify(SMALL_GRID));
  const refused = runScript('scripts/train.ts', ['--data', join(TABLES, 'kyphosis.csv'), '--target', 'Kyphosis', '--out', out, '--grid', grid, '--jobs', '1', '--runs-dir', runsDir]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /to keep it anyway, train again with --accept, or npm run promote -- \d{8}-\d{6}-[0-9a-f]{4}\./);
  const accepted = runScript('scripts/train.ts', ['--data', join(TABLES, 'kyphosis.csv'), '--target', 'Kyphosis', '--out', out, '--grid', grid, '--jobs', '1', '--runs-dir', runsDir, '--accept']);
  assert.equal(accepted.status, 0, accepted.stderr);
  assert.match(accepted.stderr, /Writing the model although the quality gate refuses it \(--accept\)/);
  const run = listRuns(runsDir)[0];
  assert.equal(run.status, 'accepted');
  assert.equal(run.gate!.accepted, true);
  assert.equal(run.gate!.passed, false);
  assert.match(readFileSync(join(dir, 'accepted.report.html'), 'utf8'), /refused by the gate, accepted/);
});
