// A mixed table (numbers with gaps, text categories, an id column, ";" and CRLF) against
// scikit-learn's ColumnTransformer pipeline on the same training rows: the committed
// fixtures come from tests/fixtures/sklearn/generate_tables.py.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION } from '../pipeline/artifact/model-parts.ts';
import { parseServingModel, type ServingModel } from '../pipeline/artifact/serving-model.ts';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { takeLabels, takeRows } from '../pipeline/data/matrix.ts';
import { LOGISTIC_REGRESSION_DEFAULTS } from '../pipeline/models/logistic_regression/params.ts';
import { fitClassifierPipeline } from './helpers/fit-classifier.ts';
import { fitColumnTransformer } from '../pipeline/preprocess/column-transformer.ts';
import { encodedNames } from '../pipeline/preprocess/encode.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';

const fixtureUrl = (name: string) => new URL(`./fixtures/sklearn/${name}`, import.meta.url);
const fixture = JSON.parse(readFileSync(fixtureUrl('mixed-parity.json'), 'utf8')) as {
  train_rows: number;
  numeric: string[];
  categorical: string[];
  imputer_statistics: Record<'median' | 'mean' | 'most_frequent', number[]>;
  categorical_most_frequent: string[];
  encoders: Record<'None' | '5', { categories: string[][]; infrequent: (string[] | null)[]; feature_names: string[] }>;
  classes: number[];
  records: Record<string, number | string | null>[];
  probabilities: number[][];
};

const data = loadCsvFile(fixtureUrl('mixed.csv').pathname);
const trainRows = Array.from({ length: fixture.train_rows }, (_, i) => i);
const trainX = takeRows(data.X, trainRows);

test('the mixed CSV loads without flags: ";" detected, CRLF, the id column dropped with a notice, text read as categories, integer labels', () => {
  assert.equal(data.delimiter, ';');
  assert.deepEqual(data.featureNames, [...fixture.numeric, ...fixture.categorical]);
  assert.deepEqual(
    data.columns.map((column) => column.kind),
    ['numeric', 'numeric', 'numeric', 'categorical', 'categorical'],
  );
  assert.deepEqual(data.dropped, [{ name: 'patient_id', reason: 'identifier (every value is distinct text)' }]);
  assert.match(data.notices.join('\n'), /column "patient_id" dropped as an identifier: every value is distinct text; name it in --features to keep it/);
  assert.deepEqual(data.classes, fixture.classes.map(String));
  assert.equal(data.labelType, 'integer');
  assert.ok(data.columns.every((column) => column.missing > 0), 'every feature column has missing cells');
});

test('imputer statistics equal SimpleImputer(median / mean / most_frequent) on the same training rows', () => {
  for (const strategy of ['median', 'mean', 'most_frequent'] as const) {
    const inputs = fitColumnTransformer(trainX, planColumns(data, { numericImpute: strategy }));
    const values = inputs.filter((input) => input.type === 'numeric').map((input) => input.impute!.value!);
    values.forEach((value, j) => assert.ok(Math.abs(value - fixture.imputer_statistics[strategy][j]) <= 1e-9 * Math.abs(value), `${strategy} of ${fixture.numeric[j]}: ${value} vs ${fixture.imputer_statistics[strategy][j]}`));
  }
  const inputs = fitColumnTransformer(trainX, planColumns(data));
  assert.deepEqual(
    inputs.filter((input) => input.type === 'categorical').map((input) => input.impute!.category),
    fixture.categorical_most_frequent,
  );
});

test('one-hot categories, rare-category grouping and column names equal OneHotEncoder(handle_unknown="ignore", max_categories)', () => {
  for (const [maxCategories, expected] of [[20, fixture.encoders.None], [5, fixture.encoders['5']]] as const) {
    const inputs = fitColumnTransformer(trainX, planColumns(data, { maxCategories }));
    const categorical = inputs.filter((input) => input.type === 'categorical');
    categorical.forEach((input, k) => {
      const rare = expected.infrequent[k] ?? [];
      assert.deepEqual([...input.categories!, ...(input.infrequent ?? [])].sort(), [...expected.categories[k]].sort());
      assert.deepEqual(input.infrequent ?? [], rare, `max_categories=${maxCategories}: rare categories of ${input.name}`);
    });
    assert.deepEqual(encodedNames(inputs).slice(fixture.numeric.length), expected.feature_names);
  }
});

function servingModel(): ServingModel {
  const plan = planColumns(data);
  const params = { ...LOGISTIC_REGRESSION_DEFAULTS, C: 1, tol: 1e-10, max_iter: 10000 };
  const { model } = fitClassifierPipeline(trainX, takeLabels(data.y, trainRows), data.classes.length, { family: 'logistic_regression', scaler: 'standard', params }, plan, 0);
  return parseServingModel(
    {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      task: 'classification',
      modelVersion: '0123456789abcdef',
      target: data.targetName,
      features: data.featureNames,
      classes: data.classes,
      labelType: data.labelType,
      ...model,
      ignoredColumns: ['patient_id', 'outcome'],
      cells: data.cells,
      summary: { family: 'logistic_regression', scaler: 'standard', params: '{}', scoring: 'accuracy', testRows: 0, trainRows: fixture.train_rows },
    },
    'mixed model',
  );
}

const service = createPredictionService(servingModel(), readConfig({}), () => {});
const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const response = service.handle({ method: 'POST', path: '/', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: JSON.parse(response.body) };
};

// The fixture is scikit-learn 1.2.1's lbfgs with the same settings; the kit's L-BFGS follows
// scipy's iterates and stops where it stops.
const TOLERANCE = 1e-10;

test("the function's probabilities equal the scikit-learn pipeline's within 1e-10: held-out rows, nulls, unseen categories", () => {
  const answer = post({ instances: fixture.records });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  let worst = 0;
  answer.json.predictions.forEach((prediction: { label: number; probabilities: Record<string, number> }, i: number) => {
    const expected = fixture.probabilities[i];
    fixture.classes.forEach((label, k) => (worst = Math.max(worst, Math.abs(prediction.probabilities[String(label)] - expected[k]))));
    assert.equal(prediction.label, fixture.classes[expected.indexOf(Math.max(...expected))], `row ${i}: the label itself, a number`);
  });
  assert.ok(worst <= TOLERANCE, `max |Δp| = ${worst}`);
});

test('null is imputed and flagged; an unseen category predicts and warns; integer labels answer as numbers', () => {
  const [allMissing, unseen] = fixture.records.slice(-3);
  const missing = post(allMissing).json;
  assert.equal(typeof missing.label, 'number');
  assert.equal(missing.warnings.length, 5);
  assert.match(missing.warnings[0], /^age is missing; imputed with the training median value \d+(\.\d+)?$/);
  assert.match(missing.warnings[3], /^color is missing; imputed with the training most frequent value "\w+"$/);
  const strange = post(unseen).json;
  assert.deepEqual(strange.warnings, [
    'color = "purple" is not a category seen in training; encoded as none of them',
    'city = "city_z" is not a category seen in training; encoded as none of them',
  ]);
});

test('the request schema follows the inputs: a string for a number, a number for a category, a missing key are each a 400 naming the field', () => {
  const good = fixture.records[0];
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...good, age: '45' }, 'age', /expected a number, got the string "45"/],
    [{ ...good, color: 7 }, 'color', /expected a string, got a number/],
    [Object.fromEntries(Object.entries(good).filter(([key]) => key !== 'city')), 'city', /is required/],
  ];
  for (const [body, path, message] of cases) {
    const answer = post(body);
    assert.equal(answer.status, 400);
    assert.equal(answer.json.error.issues[0].path, path);
    assert.match(answer.json.error.issues[0].message, message);
  }
});

test('text/csv and MLflow "inputs" bodies give the same answers as records', () => {
  const rows = fixture.records.slice(0, 5);
  const expected = post({ instances: rows }).json.predictions;
  const names = Object.keys(rows[0]);
  const csv = [names.join(','), ...rows.map((row) => names.map((name) => (row[name] === null ? '' : String(row[name]))).join(','))].join('\r\n');
  assert.deepEqual(post(csv, { 'content-type': 'text/csv' }).json.predictions, expected);
  assert.deepEqual(post({ inputs: rows }).json.predictions, expected);
  assert.deepEqual(post({ inputs: Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name])])) }).json.predictions, expected);
  assert.deepEqual(post({ dataframe_split: { columns: [...names].reverse(), data: rows.map((row) => [...names].reverse().map((name) => row[name])) } }).json.predictions, expected);
  const bad = post(`${names.join(',')}\n45,abc,26,red,city_a\n`, { 'content-type': 'text/csv' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json.error.issues, [{ path: 'row 1.income', message: 'expected a number, got the string "abc"' }]);
});

test('GET / describes each feature: type, range or categories, how missing values are handled; its example request works as sent', () => {
  const response = service.handle({ method: 'GET', path: '/', headers: {}, body: undefined });
  const description = JSON.parse(response.body);
  assert.deepEqual(description.classes, fixture.classes);
  const age = description.features[0];
  assert.equal(age.type, 'number');
  assert.equal(age.missing.accepted, true);
  assert.equal(age.missing.strategy, 'median');
  const color = description.features[3];
  assert.equal(color.type, 'string');
  assert.deepEqual(color.categories, ['black', 'blue', 'green', 'red', 'white']);
  assert.equal(post(description.example_request).status, 200);
});

test("whole rows of the training CSV are answered: its id, label and dropped columns are ignored, an unknown key is still refused", () => {
  const row = fixture.records[0];
  const expected = post(row).json.probabilities;
  assert.deepEqual(post({ patient_id: 'P12345', ...row, outcome: 10 }).json.probabilities, expected);
  const names = ['patient_id', ...Object.keys(row), 'outcome'];
  const csv = `${names.join(',')}\nP1,${Object.values(row).map((value) => (value === null ? '' : String(value))).join(',')},2\n`;
  assert.deepEqual(post(csv, { 'content-type': 'text/csv' }).json.predictions[0].probabilities, expected);
  assert.deepEqual(post({ dataframe_split: { columns: names, data: [['P1', ...Object.values(row), 2]] } }).json.predictions[0].probabilities, expected);
  const typo = post({ ...row, Colour_: 'red' });
  assert.equal(typo.status, 400);
  assert.deepEqual(typo.json.error.issues, [{ path: 'Colour_', message: 'is not a feature of this model (features: age, income, bmi, color, city)' }]);
});
