// The warehouse and workflow contracts through the built archives, as each engine calls
// them: BigQuery POSTs to functions-framework serving the GCP archive; Snowflake reaches
// the Lambda archive through API Gateway (a REST proxy event); Redshift and Step Functions
// invoke the Lambda handler directly. Each engine's documented sample request
// (tests/fixtures/warehouses, see PROVENANCE.md) goes to a model whose features match it;
// 10 000 iris-like rows go through each contract in the batches its engine sends and
// must predict exactly what npm run predict writes for the same rows.
import assert from 'node:assert/strict';
import fs, { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { trainAndBuild } from './helpers/built-archives.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { awsEvent } from './helpers/lambda-events.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

type Handler = (event: unknown, context: object) => Promise<any>;
const work = tempDir('kit-warehouse-');
const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/warehouses', name), 'utf8'));
const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }] };

// The handlers' log lines (fd 1) are kept out of the test runner's output.
const logLines: string[] = [];
const writeSync = fs.writeSync;
(fs as { writeSync: unknown }).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd !== 1) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  logLines.push(String(data));
  return Buffer.byteLength(String(data));
};

function lambdaOf(dir: string): Handler {
  const unpacked = join(dir, 'aws');
  unpackZip(readFileSync(join(dir, 'aws-lambda.zip')), unpacked);
  return (createRequire(`${unpacked}/`)('./index.js') as { handler: Handler }).handler;
}
async function gcpOf(dir: string) {
  const unpacked = join(dir, 'gcp');
  unpackZip(readFileSync(join(dir, 'gcp-function.zip')), unpacked);
  const server = await startServer(process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${unpacked}`, '--port=0']);
  return async (body: unknown) => {
    const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
}
/** Snowflake's call as API Gateway's REST proxy integration hands it to Lambda. */
async function viaApiGateway(handler: Handler, body: unknown, output?: string) {
  const headers: Record<string, string> = { 'sf-external-function-format': 'json', 'sf-external-function-format-version': '1.0' };
  if (output) headers['sf-custom-output'] = output;
  const result = await handler(awsEvent('rest', { method: 'POST', path: '/predict', contentType: 'application/json', headers, body: JSON.stringify(body) }), { awsRequestId: 'snowflake' });
  return { status: result.statusCode as number, body: JSON.parse(result.body) };
}

// --- iris: the archives, and 10 000 rows scored offline by npm run predict ------------------
const irisDir = join(work, 'iris');
mkdirSync(irisDir);
const iris = await trainIrisArtifact();
writeArtifactFile(join(irisDir, 'model.json'), iris);
const built = runScript('scripts/build.ts', ['--artifact', join(irisDir, 'model.json'), '--out-dir', irisDir]);
assert.equal(built.status, 0, built.stderr);
const irisLambda = lambdaOf(irisDir);
const irisGcp = await gcpOf(irisDir);
const features = iris.features;

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const ranges = iris.inputs.map((input) => [input.min!, input.max!]);
// A few rows past the training range: their warnings must not change the answers.
const cells = Array.from({ length: 10_000 }, () => ranges.map(([min, max]) => (min - 0.3 + random() * (max - min + 0.6)).toFixed(1)));
const numbers = cells.map((row) => row.map(Number));
writeFileSync(join(work, 'rows.csv'), `${features.join(',')}\n${cells.map((row) => row.join(',')).join('\n')}\n`);
const predicted = runScript('scripts/predict.ts', ['--data', join(work, 'rows.csv'), '--out', join(work, 'scored.csv'), '--artifact', join(irisDir, 'model.json')]);
assert.equal(predicted.status, 0, predicted.stderr);
const scored = parse(readFileSync(join(work, 'scored.csv')), { columns: true }) as Record<string, string>[];
const expectedLabels = scored.map((row) => row.label);
const expectedProbability = scored.map((row) => row[`probability_${row.label}`]);
const batchesOf = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, b) => rows.slice(b * size, (b + 1) * size));

test('10 000 rows through BigQuery (GCP archive, batches of 1000): labels, probabilities and json replies as npm run predict has them', async () => {
  for (const output of ['label', 'probability', 'json'] as const) {
    const replies: unknown[] = [];
    for (const [b, calls] of batchesOf(numbers, 1000).entries()) {
      const answer = await irisGcp({ requestId: `r${b}`, caller: '//bigquery.googleapis.com/projects/p/jobs/j', sessionUser: 'u@example.com', userDefinedContext: { output }, calls });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(Object.keys(answer.body), ['replies']);
      assert.equal(answer.body.replies.length, calls.length);
      replies.push(...answer.body.replies);
    }
    if (output === 'label') assert.deepEqual(replies, expectedLabels);
    if (output === 'probability') assert.deepEqual(replies.map(String), expectedProbability);
    if (output === 'json') {
      replies.forEach((reply, i) => {
        assert.equal(typeof reply, 'string', 'a JSON reply is a STRING to BigQuery');
        const prediction = JSON.parse(reply as string);
        assert.equal(prediction.label, expectedLabels[i]);
        for (const label of iris.classes) assert.equal(String(prediction.probabilities[label]), scored[i][`probability_${label}`]);
        assert.equal(prediction.model_version, iris.modelVersion);
      });
    }
  }
});

test('BigQuery: a retried request gets the same replies, byte for byte', async () => {
  const request = { requestId: 'again', caller: 'c', sessionUser: 'u', calls: numbers.slice(0, 50) };
  assert.deepEqual(await irisGcp(request), await irisGcp(request));
});

test('BigQuery: a wrong argument count, a bad cell, too many rows and an unknown output are an errorMessage with a status BigQuery does not retry', async () => {
  const wrongCount = await irisGcp({ requestId: 'x', caller: 'c', sessionUser: 'u', calls: [numbers[0], numbers[1].slice(0, 3)] });
  assert.equal(wrongCount.status, 400);
  assert.deepEqual(Object.keys(wrongCount.body), ['errorMessage']);
  assert.match(wrongCount.body.errorMessage, /calls\[1\] has 3 arguments; expected 4, one per feature in order \(sepal_length, sepal_width, petal_length, petal_width\)/);
  const badCell = await irisGcp({ requestId: 'x', caller: 'c', sessionUser: 'u', calls: [[5.1, 3.5, 'wide', 0.2]] });
  assert.equal(badCell.status, 400);
  assert.match(badCell.body.errorMessage, /calls\[0\]\[2\] expected a number, got the string "wide"/);
  // INT64 past 2^53 and NUMERIC arrive as strings: read as their numbers.
  assert.equal((await irisGcp({ requestId: 'x', caller: 'c', sessionUser: 'u', calls: [['5.1', 3.5, '1.4', 0.2]] })).status, 200);
  const tooMany = await irisGcp({ requestId: 'x', caller: 'c', sessionUser: 'u', calls: numbers.slice(0, 1001) });
  assert.equal(tooMany.status, 413);
  assert.match(tooMany.body.errorMessage, /calls has 1001 rows; at most 1000 are accepted per request \(MAX_BATCH\): set max_batching_rows to at most 1000/);
  const unknownOutput = await irisGcp({ requestId: 'x', caller: 'c', sessionUser: 'u', userDefinedContext: { output: 'proba' }, calls: [numbers[0]] });
  assert.equal(unknownOutput.status, 400);
  assert.match(unknownOutput.body.errorMessage, /userDefinedContext\.output must be one of "label", "probability", "json", got "proba"/);
  assert.ok(badCell.body.errorMessage.length < 1024);
});

test('10 000 rows through Snowflake (Lambda archive behind API Gateway, batches of 1000): the row numbers sent, labels and probabilities as npm run predict has them', async () => {
  for (const output of [undefined, 'probability'] as const) {
    const values: unknown[] = [];
    for (const [b, batch] of batchesOf(numbers, 1000).entries()) {
      const answer = await viaApiGateway(irisLambda, { data: batch.map((row, i) => [i, ...row]) }, output);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.data.map((row: unknown[]) => row[0]), batch.map((_, i) => i), `batch ${b}: the row numbers, in order`);
      values.push(...answer.body.data.map((row: unknown[]) => row[1]));
    }
    assert.deepEqual(output === 'probability' ? values.map(String) : values, output === 'probability' ? expectedProbability : expectedLabels);
  }
  const json = await viaApiGateway(irisLambda, { data: [[0, ...numbers[0]]] }, 'json');
  assert.equal(json.body.data[0][1].label, expectedLabels[0], 'a json value is an OBJECT to Snowflake (RETURNS VARIANT)');
});

test('Snowflake: a wrong argument count, a bad cell, an unknown output header are an HTTP error with the message', async () => {
  const wrongCount = await viaApiGateway(irisLambda, { data: [[0, 5.1, 3.5, 1.4]] });
  assert.equal(wrongCount.status, 400);
  assert.match(wrongCount.body.error.issues[0].message, /has 3 arguments after the row number; expected 4/);
  const badCell = await viaApiGateway(irisLambda, { data: [[0, 5.1, 3.5, 1.4, 0.2], [1, 5.1, null, 1.4, 0.2]] });
  assert.equal(badCell.status, 400);
  assert.deepEqual(badCell.body.error.issues.map((issue: { path: string }) => issue.path), ['data[1][1]']);
  const unknownOutput = await viaApiGateway(irisLambda, { data: [[0, ...numbers[0]]] }, 'labels');
  assert.equal(unknownOutput.status, 400);
  assert.match(unknownOutput.body.error.issues[0].message, /must be one of "label", "probability", "json", got "labels"/);
});

test('10 000 rows through Redshift (direct invocation, batches of 1000): results by the function name\'s suffix, as npm run predict has them', async () => {
  for (const name of ['public.f_iris', 'public.f_iris_probability']) {
    const results: unknown[] = [];
    for (const [b, batch] of batchesOf(numbers, 1000).entries()) {
      const answer = await irisLambda({ request_id: `r${b}`, cluster: 'arn:aws:redshift:eu-west-1:123456789012:cluster:c', user: 'u', database: 'd', external_function: name, query_id: b, num_records: batch.length, arguments: batch }, { awsRequestId: `redshift-${b}` });
      assert.equal(answer.success, true, JSON.stringify(answer));
      assert.equal(answer.num_records, batch.length);
      results.push(...answer.results);
    }
    assert.deepEqual(name.endsWith('_probability') ? results.map(String) : results, name.endsWith('_probability') ? expectedProbability : expectedLabels);
  }
  const json = await irisLambda({ external_function: 'public.f_iris_json', num_records: 1, arguments: [numbers[0]] }, {});
  assert.equal(JSON.parse(json.results[0]).label, expectedLabels[0], 'a _json result is VARCHAR text');
});

test('Redshift: a wrong argument count, a bad cell, num_records that does not match are {"success": false, "error_msg"}', async () => {
  const call = (args: unknown[], count = args.length) => irisLambda({ request_id: 'r', cluster: 'c', user: 'u', database: 'd', external_function: 'public.f_iris', query_id: 1, num_records: count, arguments: args }, {});
  const wrongCount = await call([numbers[0], null, [1, 2, 3]]);
  assert.deepEqual(Object.keys(wrongCount), ['success', 'error_msg']);
  assert.equal(wrongCount.success, false);
  assert.match(wrongCount.error_msg, /arguments\[2\] has 3 arguments; expected 4/, 'the row keeps its own number past a null row');
  assert.match((await call([[5.1, 3.5, 'wide', 0.2]])).error_msg, /arguments\[0\]\[2\] expected a number, got the string "wide"/);
  assert.match((await call([numbers[0]], 2)).error_msg, /num_records is 2, but arguments has 1 rows/);
});

test('10 000 rows through Step Functions (direct invocation, ItemBatcher batches of 500, CSV cells as strings): each item with its prediction, as npm run predict has it', async () => {
  const items = cells.map((row, i) => ({ id: String(i), ...Object.fromEntries(features.map((name, j) => [name, row[j]])) }));
  const answered: any[] = [];
  for (const batch of batchesOf(items, 500)) {
    const answer = await irisLambda({ Items: batch, BatchInput: { run: 'test' } }, { awsRequestId: 'sfn' });
    assert.ok(Array.isArray(answer));
    answered.push(...answer);
  }
  assert.equal(answered.length, 10_000);
  answered.forEach((item, i) => {
    const { prediction, ...columns } = item;
    assert.deepEqual(columns, items[i], 'the item as read, its other columns included');
    assert.equal(prediction.label, expectedLabels[i]);
    for (const label of iris.classes) assert.equal(String(prediction.probabilities[label]), scored[i][`probability_${label}`]);
  });
});

test('Step Functions: a batch that cannot be read throws InvalidItems or BatchTooLarge, with the message and no stack frames', async () => {
  const item = Object.fromEntries(features.map((name, j) => [name, cells[0][j]]));
  const thrown = async (event: unknown) => {
    try {
      await irisLambda(event, {});
    } catch (error) {
      return error as Error;
    }
    assert.fail('expected the invocation to throw');
  };
  const badCell = await thrown({ Items: [item, { ...item, petal_length: 'wide' }] });
  assert.equal(badCell.name, 'InvalidItems');
  assert.match(badCell.message, /Items\[1\]\.petal_length expected a number, got the string "wide"/);
  assert.equal(badCell.stack, `InvalidItems: ${badCell.message}`);
  const { petal_width: _, ...missing } = item;
  assert.match((await thrown({ Items: [missing] })).message, /Items\[0\]\.petal_width is required/);
  // Cells the training file would read as missing, with a model that does not impute them.
  assert.match((await thrown({ Items: [{ ...item, sepal_width: 'NA' }] })).message, /Items\[0\]\.sepal_width expected a number, got null/);
  assert.equal((await thrown({ Items: Array.from({ length: 1001 }, () => item) })).name, 'BatchTooLarge');
  const wide = await thrown({ Items: Array.from({ length: 1000 }, (_, i) => ({ ...item, note: `${i}`.padEnd(300, '.') })) });
  assert.equal(wide.name, 'BatchTooLarge');
  assert.match(wide.message, /at most 262144 are sent \(what a Step Functions state may pass on\): lower the ItemBatcher's MaxItemsPerBatch/);
});

test('each archive carries only its cloud\'s contracts: a Snowflake body is one bad record to GCP, a Redshift event over HTTP is to Lambda', async () => {
  const snowflakeOnGcp = await irisGcp({ data: [[0, ...numbers[0]]] });
  assert.equal(snowflakeOnGcp.status, 400);
  assert.match(JSON.stringify(snowflakeOnGcp.body.error.issues), /"data".*is not a feature of this model/);
  const redshiftOverHttp = await irisLambda(awsEvent('http-v2', { method: 'POST', path: '/', contentType: 'application/json', body: JSON.stringify({ external_function: 'f', num_records: 1, arguments: [numbers[0]] }) }), {});
  assert.equal(redshiftOverHttp.statusCode, 400);
  const gcpIndex = readFileSync(join(irisDir, 'gcp', 'index.js'), 'utf8');
  const awsIndex = readFileSync(join(irisDir, 'aws', 'index.js'), 'utf8');
  for (const engine of ['Snowflake', 'Redshift', 'Step Functions']) assert.doesNotMatch(gcpIndex, new RegExp(engine));
  assert.doesNotMatch(awsIndex, /BigQuery/);
});

// --- each engine's documented sample, to a model whose features match its arguments -----------
const pick = <T>(options: T[], i: number) => options[(i * 7 + (i >> 2)) % options.length];
const rowsCsv = (header: string[], rows: (string | number)[][]) => Buffer.from(`${header.join(',')}\n${rows.map((row) => row.join(',')).join('\n')}\n`);
const fixtureModel = async (name: string, csv: Buffer, load = {}) => {
  const dir = join(work, name);
  mkdirSync(dir);
  return trainAndBuild(csv, dir, { grid, load });
};

test('BigQuery\'s documented request (null, a string for INT64, an empty string) answers one reply per call', async () => {
  // Features as the sample's four arguments: text, a number, text, text; the text ones with gaps, so null is imputed.
  const rows = Array.from({ length: 60 }, (_, i) => [i % 9 === 0 ? '' : pick(['abc', 'def', 'ghi'], i), i % 13, i % 11 === 0 ? '' : pick(['x', 'y'], i), i % 7 === 0 ? '' : pick(['abc', 'q'], i), i % 2 === 0 ? 'yes' : 'no']);
  const model = await fixtureModel('bigquery', rowsCsv(['w', 'x', 'y', 'z', 'answer'], rows));
  assert.deepEqual(model.artifact.features, ['w', 'x', 'y', 'z']);
  const answer = await (await gcpOf(model.dir))(fixture('bigquery-request.json'));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.replies.length, 2);
  for (const reply of answer.body.replies) assert.ok(['yes', 'no'].includes(reply));
});

test('Redshift\'s documented payload (a null argument, a null row) answers num_records results, null for the null row', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i % 10, i % 8 === 0 ? '' : (i * 3) % 7, i % 10 > 4 ? 'high' : 'low']);
  const model = await fixtureModel('redshift', rowsCsv(['a', 'b', 'level'], rows));
  const answer = await lambdaOf(model.dir)(fixture('redshift-event.json'), { awsRequestId: 'redshift-sample' });
  assert.equal(answer.success, true, JSON.stringify(answer));
  assert.equal(answer.num_records, 4);
  assert.equal(answer.results.length, 4);
  assert.equal(answer.results[2], null);
  for (const k of [0, 1, 3]) assert.ok(['high', 'low'].includes(answer.results[k]));
});

test('Snowflake\'s documented body f(integer, varchar, timestamp) answers each row number with its value', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => [(i * 7) % 23, pick(['Alex', 'Steve', 'Maria'], i), `20${10 + (i % 9)}-0${1 + (i % 9)}-1${i % 10} 1${i % 10}:00:00`, i % 3 === 0 ? 'a' : 'b']);
  const model = await fixtureModel('snowflake', rowsCsv(['n', 'name', 'ts', 'group'], rows));
  assert.deepEqual(model.artifact.inputs.map((input) => input.type), ['numeric', 'categorical', 'date']);
  const answer = await viaApiGateway(lambdaOf(model.dir), fixture('snowflake-request.json'));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body.data.map((row: unknown[]) => row[0]), [0, 1, 2, 3]);
  for (const [, value] of answer.body.data) assert.ok(['a', 'b'].includes(value));
});

test('Step Functions\' documented batch (CSV items, BatchInput) answers each item with its prediction', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => [pick(['true', 'false'], i), `${1 + (i % 12)}/${1 + (i % 28)}/20${10 + (i % 12)}`, pick(['speech', 'news', 'television'], i), i % 4 === 0 ? 'checked' : 'open']);
  const model = await fixtureModel('step-functions', rowsCsv(['verdict', 'statement_date', 'statement_source', 'status'], rows), { drop: ['statement_date'] });
  assert.deepEqual(model.artifact.features, ['verdict', 'statement_source']);
  const event = fixture('step-functions-batch.json');
  const answer = await lambdaOf(model.dir)(event, { awsRequestId: 'sfn-sample' });
  assert.equal(answer.length, 3);
  answer.forEach((item: any, i: number) => {
    const { prediction, ...columns } = item;
    assert.deepEqual(columns, event.Items[i]);
    assert.ok(['checked', 'open'].includes(prediction.label));
    assert.deepEqual(Object.keys(prediction.probabilities).sort(), ['checked', 'open']);
  });
});

test('the log lines name the contract that read each request, refused ones included', () => {
  const entries = logLines.map((line) => JSON.parse(line) as { contract?: string; status: number });
  const seen = new Set(entries.map((entry) => `${entry.contract} ${entry.status}`));
  for (const expected of ['snowflake 200', 'snowflake 400', 'redshift 200', 'redshift 400', 'step-functions 200', 'step-functions 400', 'step-functions 413', 'record 400']) assert.ok(seen.has(expected), expected);
});
