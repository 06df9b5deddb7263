// Date columns: read from ISO 8601 text, encoded into year, month, day, weekday and the
// season inside the pipeline, so the function takes the date as the CSV has it. Against
// an independent reference (tests/fixtures/sklearn/generate_dates.py: the same numbers
// derived by hand in pandas, StandardScaler + LogisticRegression on the first 1200 rows
// of the Seattle weather table) through both archives; then the checks at the edges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { parseIsoDate } from '../pipeline/data/dates.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { encodedNames } from '../pipeline/preprocess/encode.ts';
import { askBothArchives, trainAndBuild } from './helpers/built-archives.ts';
import { ROOT } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sklearn/dates-parity.json'), 'utf8')) as {
  train_rows: number;
  feature_names: string[];
  classes: string[];
  records: Record<string, string | number>[];
  probabilities: number[][];
};
const table = readFileSync(join(ROOT, 'tests/fixtures/tables/seattle_weather.csv'), 'utf8').split('\n');
const training = Buffer.from(`${table.slice(0, fixture.train_rows + 1).join('\n')}\n`);
const dir = tempDir('kit-dates-');
const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1], classifier__tol: [1e-10], classifier__max_iter: [100000] }] };
const built = await trainAndBuild(training, dir, { grid });

test('a column of ISO dates becomes a date input, and its numbers are the ones pandas derives', () => {
  const data = parseCsvDataset(training, 'seattle.csv');
  assert.equal(data.columns[0].kind, 'date');
  assert.match(data.notices.join('\n'), /column "date" read as dates \(ISO 8601\): the model takes year, month, day, weekday and the season from it/);
  assert.deepEqual(encodedNames(built.artifact.inputs), fixture.feature_names);
  assert.deepEqual(built.artifact.inputs[0], { name: 'date', type: 'date', min: Date.UTC(2012, 0, 1), max: parseIsoDate(table[fixture.train_rows].split(',')[0])!.epoch, time: false });
});

test("both archives answer scikit-learn's probabilities for the dates as sent, as text", async (t) => {
  const { lambda, gcp } = await askBothArchives(built, JSON.stringify({ instances: fixture.records }));
  for (const [name, answer] of [['Lambda', lambda], ['GCP', gcp]] as const) {
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    let worst = 0;
    answer.body.predictions.forEach((prediction: { probabilities: Record<string, number> }, i: number) => fixture.classes.forEach((label, k) => (worst = Math.max(worst, Math.abs(prediction.probabilities[label] - fixture.probabilities[i][k])))));
    t.diagnostic(`${name} archive: largest difference ${worst.toExponential(2)}`);
    // Measured 5.8e-11 (scikit-learn's lbfgs, the same settings).
    assert.ok(worst <= 1e-10, `${name}: ${worst}`);
  }
});

test('GET / describes a date; a date outside the training range is answered with a warning; one that is not a date is a 400 naming it', () => {
  const service = createPredictionService(servingModelOf(built.artifact), readConfig({}), () => {});
  const described = JSON.parse(service.handle({ method: 'GET', path: '/', headers: {}, body: undefined }).body);
  assert.deepEqual(described.features[0], { name: 'date', type: 'date', format: 'ISO 8601 date (2015-06-01)', min: '2012-01-01', max: '2015-04-14', missing: { accepted: false } });
  const post = (date: unknown) => service.handle({ method: 'POST', path: '/', headers: {}, body: JSON.stringify({ date, precipitation: 0, temp_max: 12, temp_min: 4, wind: 3 }) });
  const later = post('2030-06-01');
  assert.equal(later.status, 200);
  assert.deepEqual(JSON.parse(later.body).warnings, ['date = 2030-06-01 is outside the training range [2012-01-01, 2015-04-14]']);
  assert.equal(post('2014-06-01T13:45:00Z').status, 200, 'a date-time is a date too');
  for (const [bad, message] of [['2015-02-30', 'the string "2015-02-30"'], ['June 1st', 'the string "June 1st"'], [20150601, 'a number'], [null, 'null']] as const) {
    const answer = post(bad);
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body).error.issues, [{ path: 'date', message: `expected a date as ISO 8601 text (2015-06-01, 2015-06-01T13:45 or 2015-06-01 13:45:00Z), got ${message}` }]);
  }
  const csv = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'text/csv' }, body: 'date,precipitation,temp_max,temp_min,wind\n2013-07-04,0,30,15,2\n' });
  assert.equal(csv.status, 200, csv.body);
});

test('date-times get the hour; --dates none reads them as text; a column of dates with a stray word is text', () => {
  const rows = Array.from({ length: 40 }, (_, i) => `2020-03-${String((i % 28) + 1).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:30,${i % 3},${i % 2 ? 'a' : 'b'}`);
  const timed = parseCsvDataset(Buffer.from(`when,x,label\n${rows.join('\n')}\n`), 't.csv');
  assert.equal(timed.columns[0].kind, 'date');
  assert.equal(timed.columns[0].hasTime, true);
  assert.equal(parseCsvDataset(Buffer.from(`when,x,label\n${rows.join('\n')}\n`), 't.csv', { dates: false }).columns.find((column) => column.name === 'when')?.kind ?? 'dropped', 'dropped', 'as text, mostly distinct: not a category');
  const stray = parseCsvDataset(Buffer.from(`when,x,label\n${rows.slice(0, 39).join('\n')}\nsoon,1,a\n`), 't.csv', { dates: true });
  assert.notEqual(stray.columns.find((column) => column.name === 'when')?.kind, 'date');
});
