import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import type { CoreRequest } from '../functions/core/http.ts';
import type { RequestLogEntry } from '../functions/core/log.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { parseArtifact } from '../pipeline/artifact/artifact.ts';
import { serializeArtifact } from '../pipeline/artifact/artifact-file.ts';
import { parseServingModel, servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { irisRows, refitTrainingPipeline, trainIrisArtifact } from './helpers/iris-artifact.ts';

const artifact = await trainIrisArtifact();
const model = servingModelOf(artifact);
const logs: RequestLogEntry[] = [];
const serviceWith = (env: Record<string, string> = {}) => createPredictionService(model, readConfig(env), (entry) => logs.push(entry));
const service = serviceWith();

const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const virginica = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
const json = { 'content-type': 'application/json' };

function call(request: Partial<CoreRequest> & { json?: unknown }, target = service) {
  const response = target.handle({
    method: request.method ?? 'POST',
    path: request.path ?? '/',
    headers: request.headers ?? json,
    body: request.json !== undefined ? JSON.stringify(request.json) : request.body,
    platformRequestId: request.platformRequestId,
  });
  return { ...response, json: response.body === '' ? undefined : JSON.parse(response.body) };
}

function assertContractHeaders(headers: Record<string, string>) {
  assert.equal(headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(headers['cache-control'], 'no-store');
  assert.equal(headers['x-model-version'], artifact.modelVersion);
  assert.match(headers['x-request-id'], /^[\x21-\x7e]+$/);
}

function assertError(response: ReturnType<typeof call>, status: number, code: string, issues?: [string, RegExp][]) {
  assert.equal(response.status, status, response.body);
  assertContractHeaders(response.headers);
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
  if (issues) {
    for (const [path, message] of issues) {
      const found = response.json.error.issues.some((issue: { path: string; message: string }) => issue.path === path && message.test(issue.message));
      assert.ok(found, `no issue for ${path} matching ${message} in ${response.body}`);
    }
  }
}

test('one record keyed by feature name gets the original function\'s answer plus probabilities', () => {
  const response = call({ json: setosa });
  assert.equal(response.status, 200);
  assertContractHeaders(response.headers);
  assert.deepEqual(Object.keys(response.json), ['predicted_class', 'label', 'probabilities', 'model_version']);
  assert.equal(response.json.predicted_class, 0);
  assert.equal(response.json.label, 'setosa');
  assert.deepEqual(Object.keys(response.json.probabilities), ['setosa', 'versicolor', 'virginica']);
  assert.equal(response.json.model_version, artifact.modelVersion);
});

test('instances (records or arrays in feature order) and both MLflow bodies give the same predictions', () => {
  const asArray = (record: typeof setosa) => artifact.features.map((name) => record[name as keyof typeof setosa]);
  const bodies = [
    { instances: [setosa, virginica] },
    { instances: [asArray(setosa), virginica] },
    { dataframe_records: [setosa, virginica] },
    { dataframe_split: { columns: ['petal_width', 'sepal_length', 'sepal_width', 'petal_length'], data: [[0.2, 5.1, 3.5, 1.4], [2.1, 6.9, 3.1, 5.4]] } },
    { dataframe_split: { index: [0, 1], columns: artifact.features, data: [asArray(setosa), asArray(virginica)] } },
  ];
  const answers = bodies.map((body) => call({ json: body }));
  for (const answer of answers) {
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(Object.keys(answer.json), ['predictions', 'model_version']);
    assert.deepEqual(answer.json, answers[0].json);
  }
  assert.deepEqual(answers[0].json.predictions.map((p: { label: string }) => p.label), ['setosa', 'virginica']);
  const { model_version: _version, ...single } = call({ json: setosa }).json;
  assert.deepEqual(answers[0].json.predictions[0], single);
});

test('the KServe and MLflow routes answer like POST /', () => {
  for (const path of ['/predict', '/invocations', '/v1/models/iris:predict', '/predict/']) {
    const response = call({ path, json: { instances: [setosa] } });
    assert.equal(response.status, 200, path);
    assert.equal(response.json.predictions[0].label, 'setosa');
  }
});

test('parity: every iris row scores as the training pipeline scores it, through a serialized artifact', () => {
  const pipeline = refitTrainingPipeline(artifact);
  const expected = pipeline.predictProba(irisRows);
  const predicted = pipeline.predict(irisRows);
  const reloaded = parseServingModel(JSON.parse(JSON.stringify(servingModelOf(parseArtifact(JSON.parse(serializeArtifact(artifact)), 'model.json')))), 'embedded');
  const response = call({ json: { instances: irisRows } }, createPredictionService(reloaded, readConfig({}), () => {}));
  assert.equal(response.status, 200);
  assert.equal(response.json.predictions.length, 150);
  response.json.predictions.forEach((prediction: { predicted_class: number; probabilities: Record<string, number> }, i: number) => {
    assert.equal(prediction.predicted_class, predicted[i], `row ${i}`);
    artifact.classes.forEach((label, k) => {
      assert.ok(Math.abs(prediction.probabilities[label] - expected[i][k]) <= 1e-12, `row ${i} ${label}: ${prediction.probabilities[label]} vs ${expected[i][k]}`);
    });
  });
});

test('a value outside its training range adds a warning for that row and still predicts', () => {
  const response = call({ json: { instances: [setosa, { ...setosa, petal_width: 9.5 }] } });
  assert.equal(response.status, 200);
  assert.equal(response.json.predictions[0].warnings, undefined);
  assert.deepEqual(response.json.predictions[1].warnings, [`petal_width = 9.5 is outside the training range [${artifact.inputs[3].min}, ${artifact.inputs[3].max}]`]);
  assert.ok(['setosa', 'versicolor', 'virginica'].includes(response.json.predictions[1].label));
  assert.equal(call({ json: { ...setosa, sepal_length: -1 } }).json.warnings.length, 1);
});

test('400: a missing feature, an unknown key, strings, null, NaN and Infinity are each named by path', () => {
  assertError(call({ json: { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4 } }), 400, 'invalid_request', [['petal_width', /is required \(a number\)/]]);
  assertError(call({ json: { ...setosa, Sepal_Length: 5.1 } }), 400, 'invalid_request', [['Sepal_Length', /did you mean "sepal_length"/]]);
  assertError(call({ json: { instances: [setosa, setosa, setosa, { ...setosa, petal_width: '0.2' }] } }), 400, 'invalid_request', [
    ['instances[3].petal_width', /expected a number, got the string "0\.2"/],
  ]);
  assertError(call({ json: { instances: [{ ...setosa, petal_width: null }] } }), 400, 'invalid_request', [['instances[0].petal_width', /got null/]]);
  const nan = call({ body: '{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": NaN}, [1, 2, -Infinity, 4]]}' });
  assertError(nan, 400, 'invalid_request', [
    ['instances[0].petal_width', /NaN, which JSON cannot carry/],
    ['instances[1][2]', /-Infinity, which JSON cannot carry/],
  ]);
  assertError(call({ json: { instances: [[1, 2, 3]] } }), 400, 'invalid_request', [['instances[0]', /4/]]);
  assertError(call({ json: { instances: [] } }), 400, 'invalid_request', [['instances', /at least 1/]]);
  assertError(call({ json: { dataframe_split: { columns: ['sepal_length', 'bogus'], data: [[1, 2]] } } }), 400, 'invalid_request', [
    ['dataframe_split.columns[1]', /"bogus" is not a feature/],
    ['dataframe_split.columns', /missing the feature "petal_width"/],
  ]);
  assertError(call({ json: { instances: [setosa], extra: 1 } }), 400, 'invalid_request', [['(top level)', /must be the only field/]]);
  assertError(call({ json: [setosa] }), 400, 'invalid_request', [['(top level)', /expected a JSON object, got an array/]]);
});

test('400: malformed JSON, an empty body and invalid UTF-8 are refused with a reason', () => {
  assertError(call({ body: '{"sepal_length": 5.1,' }), 400, 'invalid_json');
  assertError(call({ body: '' }), 400, 'invalid_json');
  assertError(call({ body: undefined }), 400, 'invalid_json');
  assertError(call({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 400, 'invalid_json');
  assert.match(call({ body: Buffer.from([0x7b, 0xff, 0x7d]) }).json.error.message, /not valid UTF-8/);
  assert.equal(call({ body: `\uFEFF${JSON.stringify(setosa)}` }).status, 200, 'a leading BOM is tolerated');
});

test('an empty API_KEY, or one with surrounding whitespace, stops the instance at cold start without showing the key', () => {
  assert.throws(() => readConfig({ API_KEY: '' }), /^ConfigError: API_KEY is set but empty; unset it to serve without a key, or give it a value$/);
  for (const key of ['s3cret\n', ' s3cret', 's3cret\t']) {
    assert.throws(() => readConfig({ API_KEY: key }), (error: Error) => /API_KEY begins or ends with whitespace/.test(error.message) && !error.message.includes('s3cret'));
  }
  assert.equal(readConfig({}).apiKey, undefined);
});

test('a compressed body or a declared length over the limit is refused before the body is read', () => {
  const head = { method: 'POST', path: '/', body: undefined };
  const gzip = service.admit({ ...head, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })!;
  assert.equal(gzip.status, 415);
  assert.match(JSON.parse(gzip.body).error.message, /content-encoding "gzip" is not accepted/);
  const long = service.admit({ ...head, headers: { 'content-length': String(2 * 1024 * 1024) } })!;
  assert.equal(long.status, 413);
  assert.equal(service.admit({ ...head, headers: { 'content-encoding': 'identity', 'content-length': '80' } }), undefined, 'a prediction: read the body');
  assert.equal(service.admit({ method: 'GET', path: '/health', headers: {}, body: undefined })!.status, 200);
  const locked = serviceWith({ API_KEY: 'k' });
  assert.equal(locked.admit({ ...head, headers: { 'content-encoding': 'gzip' } })!.status, 401, 'the key before anything about the body');
  assert.equal(locked.rejectTooLarge({ ...head, headers: {} }).status, 413);
});

test('401 when API_KEY is set, unless x-api-key or a Bearer token matches', () => {
  const locked = serviceWith({ API_KEY: 's3cret-key' });
  const denied = call({ json: setosa }, locked);
  assertError(denied, 401, 'unauthorized');
  assert.equal(denied.headers['www-authenticate'], 'Bearer');
  assertError(call({ json: setosa, headers: { ...json, 'x-api-key': 's3cret-kez' } }, locked), 401, 'unauthorized');
  assertError(call({ json: setosa, headers: { ...json, authorization: 'Basic s3cret-key' } }, locked), 401, 'unauthorized');
  assertError(call({ method: 'GET', headers: {} }, locked), 401, 'unauthorized');
  assert.equal(call({ json: setosa, headers: { ...json, 'x-api-key': 's3cret-key' } }, locked).status, 200);
  assert.equal(call({ json: setosa, headers: { ...json, authorization: 'Bearer s3cret-key' } }, locked).status, 200);
  assert.equal(call({ method: 'GET', path: '/health', headers: {} }, locked).status, 200, 'health checks need no key');
  assert.equal(call({ json: setosa }).status, 200, 'no API_KEY, no check');
});

test('404 unknown path, 405 other methods with Allow, 415 non-JSON content types', () => {
  assertError(call({ path: '/nope', json: setosa }), 404, 'not_found');
  const put = call({ method: 'PUT', json: setosa });
  assertError(put, 405, 'method_not_allowed');
  assert.equal(put.headers.allow, 'GET, POST, OPTIONS');
  assert.equal(call({ method: 'POST', path: '/health', json: setosa }).headers.allow, 'GET, OPTIONS');
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x']) {
    assertError(call({ json: setosa, headers: { 'content-type': type } }), 415, 'unsupported_media_type');
  }
  for (const type of ['application/json; charset=UTF-8', 'application/vnd.api+json']) {
    assert.equal(call({ json: setosa, headers: { 'content-type': type } }).status, 200, type);
  }
  assert.equal(call({ json: setosa, headers: {} }).status, 200, 'no content type is read as JSON');
});

test('413: a body over MAX_BODY_BYTES or more rows than MAX_BATCH', () => {
  const small = serviceWith({ MAX_BODY_BYTES: '200', MAX_BATCH: '3' });
  const body = JSON.stringify(setosa).padEnd(201, ' ');
  assertError(call({ body }, small), 413, 'too_large');
  assert.equal(call({ body: body.slice(0, 200) }, small).status, 200, 'exactly at the limit is fine');
  const fewRows = serviceWith({ MAX_BATCH: '3' });
  const tooMany = call({ json: { instances: [setosa, setosa, setosa, setosa] } }, fewRows);
  assertError(tooMany, 413, 'too_large');
  assert.match(tooMany.json.error.message, /instances has 4 rows; at most 3 are accepted per request \(MAX_BATCH\)/);
  assert.equal(call({ json: { instances: [setosa, setosa, setosa] } }, fewRows).status, 200);
  assertError(call({ json: { dataframe_split: { columns: artifact.features, data: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]] } } }, fewRows), 413, 'too_large');
});

test('GET / describes the model; GET /health answers ok', () => {
  const metadata = call({ method: 'GET', headers: {} });
  assert.equal(metadata.status, 200);
  assertContractHeaders(metadata.headers);
  assert.equal(metadata.json.model_version, artifact.modelVersion);
  assert.deepEqual(metadata.json.classes, artifact.classes);
  assert.deepEqual(metadata.json.features.map((f: { name: string }) => f.name), artifact.features);
  assert.equal(metadata.json.features[3].max, artifact.inputs[3].max);
  assert.equal(metadata.json.metrics.test.accuracy, artifact.metrics.test!.accuracy);
  assert.equal(call({ json: metadata.json.example_request }).status, 200, 'the example request works as sent');
  const health = call({ method: 'GET', path: '/health', headers: {} });
  assert.deepEqual(health.json, { status: 'ok', model_version: artifact.modelVersion });
});

test('CORS: off by default; CORS_ORIGINS enables the headers and answers preflight', () => {
  const plain = call({ method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
  assert.equal(plain.status, 204);
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
  const cors = serviceWith({ CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' });
  const preflight = call({ method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } }, cors);
  assert.equal(preflight.status, 204);
  assert.equal(preflight.body, '');
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.match(preflight.headers['access-control-allow-methods'], /POST/);
  assert.match(preflight.headers['access-control-allow-headers'], /x-api-key/);
  assert.equal(preflight.headers.vary, 'Origin');
  const actual = call({ json: setosa, headers: { ...json, origin: 'https://admin.example.com' } }, cors);
  assert.equal(actual.headers['access-control-allow-origin'], 'https://admin.example.com');
  assert.match(actual.headers['access-control-expose-headers'], /x-model-version/);
  const stranger = call({ json: setosa, headers: { ...json, origin: 'https://evil.example' } }, cors);
  assert.equal(stranger.headers['access-control-allow-origin'], undefined);
  const anyOrigin = serviceWith({ CORS_ORIGINS: '*' });
  assert.equal(call({ json: setosa, headers: { ...json, origin: 'https://x.test' } }, anyOrigin).headers['access-control-allow-origin'], '*');
  const lockedCors = serviceWith({ CORS_ORIGINS: '*', API_KEY: 'k' });
  assert.equal(call({ method: 'OPTIONS', headers: { origin: 'https://x.test' } }, lockedCors).status, 204, 'preflight needs no key');
});

test('the request id comes from x-request-id, else the platform, else is generated; it is echoed and logged', () => {
  logs.length = 0;
  assert.equal(call({ json: setosa, headers: { ...json, 'x-request-id': 'client-123' }, platformRequestId: 'platform-1' }).headers['x-request-id'], 'client-123');
  assert.equal(call({ json: setosa, platformRequestId: 'platform-1' }).headers['x-request-id'], 'platform-1');
  assert.match(call({ json: setosa, headers: { ...json, 'x-request-id': 'bad\r\nheader' } }).headers['x-request-id'], /^[0-9a-f-]{36}$/);
  assert.deepEqual(logs.map((entry) => entry.requestId).slice(0, 2), ['client-123', 'platform-1']);
});

test('one structured log line per request, without the body', () => {
  logs.length = 0;
  call({ json: { instances: [setosa, virginica] } });
  call({ json: { ...setosa, petal_width: 'secret-value' } });
  assert.equal(logs.length, 2);
  const [ok, bad] = logs;
  assert.equal(ok.severity, 'INFO');
  assert.equal(ok.status, 200);
  assert.equal(ok.rows, 2);
  assert.equal(ok.modelVersion, artifact.modelVersion);
  assert.ok(ok.latencyMs >= 0);
  assert.equal(bad.severity, 'WARNING');
  assert.equal(bad.status, 400);
  assert.ok(!JSON.stringify(logs).includes('secret-value'), 'request bodies never reach the log');
});

test('a crash inside the service is a 500 without a stack trace, logged with it', () => {
  logs.length = 0;
  const broken = createPredictionService({ ...model, classifier: { ...model.classifier, weights: null } as never }, readConfig({}), (entry) => logs.push(entry));
  const response = call({ json: setosa }, broken);
  assertError(response, 500, 'internal');
  assert.doesNotMatch(response.body, /at |\.ts|TypeError/);
  assert.equal(logs[0].severity, 'ERROR');
  assert.match(logs[0].error ?? '', /TypeError/);
});

test('a misconfigured environment fails at load, naming the variable', () => {
  assert.throws(() => readConfig({ MAX_BATCH: 'lots' }), /MAX_BATCH must be a positive whole number, got "lots"/);
  assert.throws(() => readConfig({ MAX_BODY_BYTES: '0' }), /MAX_BODY_BYTES/);
  assert.throws(() => readConfig({ CORS_ORIGINS: 'app.example.com/path' }), /CORS_ORIGINS: "app\.example\.com\/path" is not an origin/);
  assert.deepEqual(readConfig({}), { apiKey: undefined, corsOrigins: undefined, maxBodyBytes: 1048576, maxBatch: 1000, maxAnswerBytes: 5242880, allowDirectInvocation: false });
  assert.throws(() => readConfig({ MAX_ANSWER_BYTES: "0" }), /MAX_ANSWER_BYTES must be a positive whole number, got "0"/);
});
