// A regressor end to end: trained on Boston housing (medv) with one Ridge setting on every
// row, built, and asked through both archives in every request shape each cloud receives;
// the numbers must be scikit-learn's (Pipeline(StandardScaler, Ridge(alpha=1)),
// tests/fixtures/sklearn/generate_boston_ridge.py). npm run predict and invoke --file
// write them as a prediction column.
import assert from 'node:assert/strict';
import fs, { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { openBothArchives, trainAndBuild } from './helpers/built-archives.ts';
import { awsEvent } from './helpers/lambda-events.ts';
import { ROOT, runScript, runScriptAsync } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

interface Reference {
  alpha: number;
  features: string[];
  rows: number[];
  records: Record<string, number>[];
  predictions: number[];
}
const reference = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sklearn/boston-ridge.json'), 'utf8')) as Reference;
const { features, records, predictions: expected } = reference;
const rowsOf = records.map((record) => features.map((name) => record[name]));

// The handlers' log lines (fd 1) are kept out of the test runner's output.
const writeSync = fs.writeSync;
(fs as { writeSync: unknown }).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => (fd === 1 ? Buffer.byteLength(String(data)) : (writeSync as (...args: unknown[]) => number)(fd, data, ...rest));

const dir = tempDir('kit-regression-e2e-');
const csvPath = join(ROOT, 'tests/fixtures/tables/regression/boston.csv');
const grid = { ridge: [{ scaler: ['standard'], regressor__alpha: [reference.alpha] }] };
const built = await trainAndBuild(readFileSync(csvPath), dir, { grid, load: { target: 'medv' } });
const archives = await openBothArchives(built);
after(() => archives.stop());

/** Within 1e-9 of scikit-learn's number, relatively. */
function assertNear(actual: unknown, wanted: number, what: string) {
  assert.equal(typeof actual, 'number', `${what}: ${JSON.stringify(actual)} is not a number`);
  assert.ok(Math.abs((actual as number) - wanted) <= 1e-9 * Math.abs(wanted), `${what}: ${actual} differs from scikit-learn's ${wanted}`);
}
function assertBatch(body: any, what: string) {
  assert.deepEqual(Object.keys(body), ['predictions', 'model_version'], what);
  assert.equal(body.predictions.length, expected.length, what);
  body.predictions.forEach((row: any, i: number) => {
    assert.deepEqual(Object.keys(row), ['prediction'], `${what} row ${i}: only the prediction (every cell is inside the training range)`);
    assertNear(row.prediction, expected[i], `${what} row ${i}`);
  });
}
async function both(body: unknown, what: string, contentType?: string) {
  const answers = await archives.ask(typeof body === 'string' ? body : JSON.stringify(body), contentType);
  for (const [cloud, answer] of Object.entries(answers)) assert.equal(answer.status, 200, `${what} (${cloud}): ${JSON.stringify(answer.body)}`);
  assert.deepEqual(answers.lambda.body, answers.gcp.body, `${what}: both archives answer the same`);
  return answers.lambda.body;
}

test('the artifact is the one-setting ridge regressor trained on every Boston row', () => {
  assert.equal(built.artifact.task, 'regression');
  assert.equal(built.artifact.selection.family, 'ridge');
  assert.equal(built.artifact.provenance.trainRows, 506);
  assert.deepEqual(built.artifact.features, features);
});

test('one record, from both archives: {"prediction"} equal to scikit-learn\'s', async () => {
  for (const [i, record] of records.entries()) {
    const body = await both(record, `record ${i}`);
    assert.deepEqual(Object.keys(body), ['prediction', 'model_version']);
    assertNear(body.prediction, expected[i], `record ${i}`);
    assert.equal(body.model_version, built.artifact.modelVersion);
  }
});

test('batches from both archives: KServe V1 instances (records and arrays), MLflow dataframe_split, dataframe_records, inputs (records and columns), text/csv', async () => {
  assertBatch(await both({ instances: records }, 'instances of records'), 'instances of records');
  assertBatch(await both({ instances: rowsOf }, 'instances of arrays'), 'instances of arrays');
  assertBatch(await both({ dataframe_split: { columns: features, data: rowsOf } }, 'dataframe_split'), 'dataframe_split');
  assertBatch(await both({ dataframe_records: records }, 'dataframe_records'), 'dataframe_records');
  assertBatch(await both({ inputs: records }, 'inputs of records'), 'inputs of records');
  assertBatch(await both({ inputs: Object.fromEntries(features.map((name, j) => [name, rowsOf.map((row) => row[j])])) }, 'inputs of columns'), 'inputs of columns');
  const csv = `${features.join(',')}\n${rowsOf.map((row) => row.join(',')).join('\n')}\n`;
  assertBatch(await both(csv, 'text/csv', 'text/csv'), 'text/csv');
});

test('both archives: a record outside the training range is answered with a warning, not refused; a missing feature is refused naming it', async () => {
  const outside = await both({ ...records[0], crim: 1000 }, 'crim = 1000');
  assert.equal(typeof outside.prediction, 'number');
  assert.deepEqual(outside.warnings, ['crim = 1000 is outside the training range [0.00632, 88.9762]']);
  const { lstat: _, ...partial } = records[0];
  const answers = await archives.ask(JSON.stringify(partial));
  for (const answer of [answers.lambda, answers.gcp]) {
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.error.issues, [{ path: 'lstat', message: 'is required (a number)' }]);
  }
});

test('BigQuery (GCP archive): {"calls"} → {"replies"}, each the prediction; output json is the one-record answer as a string', async () => {
  const ask = async (context?: object) => {
    const response = await fetch(archives.gcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestId: 'r', caller: '//bigquery.googleapis.com/projects/p/jobs/j', sessionUser: 'u@example.com', ...(context && { userDefinedContext: context }), calls: rowsOf }) });
    const body = (await response.json()) as any;
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body), ['replies']);
    return body.replies as unknown[];
  };
  (await ask()).forEach((reply, i) => assertNear(reply, expected[i], `reply ${i}`));
  (await ask({ output: 'json' })).forEach((reply, i) => {
    assert.equal(typeof reply, 'string');
    assertNear(JSON.parse(reply as string).prediction, expected[i], `json reply ${i}`);
  });
});

test('Snowflake (Lambda archive behind API Gateway): {"data": [[row number, …]]} → each row number with its prediction', async () => {
  for (const output of [undefined, 'json']) {
    const headers: Record<string, string> = { 'sf-external-function-format': 'json', 'sf-external-function-format-version': '1.0', ...(output && { 'sf-custom-output': output }) };
    const event = awsEvent('rest', { method: 'POST', path: '/predict', contentType: 'application/json', headers, body: JSON.stringify({ data: rowsOf.map((row, i) => [i, ...row]) }) });
    const result = await archives.handler(event, { awsRequestId: 'snowflake' });
    assert.equal(result.statusCode, 200, result.body);
    const { data } = JSON.parse(result.body) as { data: [number, any][] };
    assert.deepEqual(data.map((row) => row[0]), expected.map((_, i) => i));
    data.forEach(([, value], i) => assertNear(output === 'json' ? value.prediction : value, expected[i], `row ${i} (${output ?? 'default'})`));
  }
});

test('Redshift (Lambda archive, direct invocation): {"arguments"} → {"success": true, "results"}, a null row answered null', async () => {
  const answer = await archives.handler({ request_id: 'r', cluster: 'c', user: 'u', database: 'd', external_function: 'public.f_medv', query_id: 1, num_records: rowsOf.length + 1, arguments: [...rowsOf, null] }, { awsRequestId: 'redshift' });
  assert.equal(answer.success, true, JSON.stringify(answer));
  assert.equal(answer.num_records, rowsOf.length + 1);
  expected.forEach((value, i) => assertNear(answer.results[i], value, `result ${i}`));
  assert.equal(answer.results[rowsOf.length], null);
  const json = await archives.handler({ external_function: 'public.f_medv_json', num_records: 1, arguments: [rowsOf[0]] }, {});
  assertNear(JSON.parse(json.results[0]).prediction, expected[0], 'a _json result');
});

test('Step Functions (Lambda archive, direct invocation): CSV cells as strings → each item with {"prediction": n}', async () => {
  const items = records.map((record, i) => ({ id: `house-${i}`, ...Object.fromEntries(features.map((name) => [name, String(record[name])])) }));
  const answer = await archives.handler({ Items: items, BatchInput: { run: 'test' } }, { awsRequestId: 'sfn' });
  assert.ok(Array.isArray(answer), JSON.stringify(answer));
  answer.forEach((item: any, i: number) => {
    const { prediction, ...columns } = item;
    assert.deepEqual(columns, items[i], 'the item as read');
    assert.deepEqual(Object.keys(prediction), ['prediction']);
    assertNear(prediction.prediction, expected[i], `item ${i}`);
  });
});

const scoringCsv = join(dir, 'houses.csv');
writeFileSync(scoringCsv, `id,${features.join(',')}\n${rowsOf.map((row, i) => `${reference.rows[i]},${row.join(',')}`).join('\n')}\n`);
function assertScoredCsv(file: string) {
  const [header, ...rows] = parse(readFileSync(file)) as string[][];
  assert.deepEqual(header, ['id', ...features, 'prediction', 'warnings']);
  assert.equal(rows.length, expected.length);
  rows.forEach((row, i) => {
    assert.equal(row[0], String(reference.rows[i]), 'input order');
    assertNear(Number(row[header.indexOf('prediction')]), expected[i], `scored row ${i}`);
    assert.equal(row[header.indexOf('warnings')], '');
  });
}

test('npm run predict on the regressor writes a prediction column', () => {
  const artifactPath = join(dir, 'scoring-model.json');
  writeArtifactFile(artifactPath, built.artifact);
  const out = join(dir, 'predicted.csv');
  const run = runScript('scripts/predict.ts', ['--data', scoringCsv, '--out', out, '--artifact', artifactPath]);
  assert.equal(run.status, 0, run.stderr);
  assertScoredCsv(out);
});

test('npm run invoke -- <GCP archive> --file writes a prediction column; without --out it prints the predicted numbers', async () => {
  const out = join(dir, 'invoked.csv');
  const run = await runScriptAsync('scripts/invoke.ts', [archives.gcpUrl, '--file', scoringCsv, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assertScoredCsv(out);
  const printed = await runScriptAsync('scripts/invoke.ts', [archives.gcpUrl, '--file', scoringCsv]);
  assert.equal(printed.status, 0, printed.stderr);
  const lines = printed.stdout.split('\n');
  assert.match(lines[0], /\bpredicted\b/);
  const at = lines[0].split(/\s+/).indexOf('predicted');
  expected.forEach((value, i) => assertNear(Number(lines[i + 2].trim().split(/\s+/)[at]), value, `printed row ${i}`));
});
