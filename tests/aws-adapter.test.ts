import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLambdaHandler } from '../functions/adapters/aws.ts';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { awsEvent, type AwsEventName } from './helpers/lambda-events.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';

const artifact = await trainIrisArtifact();
const model = servingModelOf(artifact);
const quiet = () => {};
const handler = createLambdaHandler(createPredictionService(model, readConfig({}), quiet));
const lockedHandler = createLambdaHandler(createPredictionService(model, readConfig({ API_KEY: 'k3y' }), quiet));
const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const virginica = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };

type Result = { statusCode: number; statusDescription?: string; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body: string; isBase64Encoded: boolean };
const invoke = async (event: unknown, h = handler) => (await h(event, { awsRequestId: 'lambda-request-1' })) as Result;
const header = (result: Result, name: string) => result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

const kinds: AwsEventName[] = ['rest', 'http-v2', 'alb'];

for (const kind of kinds) {
  test(`${kind}: a prediction body in the real AWS sample event is answered in that event's response shape`, async () => {
    const result = await invoke(awsEvent(kind, { method: 'POST', path: '/', body: JSON.stringify({ instances: [setosa, virginica] }), contentType: 'application/json' }));
    assert.equal(result.statusCode, 200, result.body);
    assert.equal(result.isBase64Encoded, false);
    assert.equal(header(result, 'content-type'), 'application/json; charset=utf-8');
    assert.equal(header(result, 'cache-control'), 'no-store');
    assert.equal(header(result, 'x-model-version'), artifact.modelVersion);
    const body = JSON.parse(result.body);
    assert.deepEqual(body.predictions.map((p: { label: string }) => p.label), ['setosa', 'virginica']);
    if (kind === 'alb') assert.equal(result.statusDescription, '200 OK');
    else assert.equal(result.statusDescription, undefined);
    // REST events carry multiValueHeaders, so the answer does too; the others answer with plain headers.
    assert.equal(result.multiValueHeaders !== undefined, kind === 'rest');
  });

  test(`${kind}: GET /health, GET / and an unknown path`, async () => {
    const health = await invoke(awsEvent(kind, { method: 'GET', path: '/health' }));
    assert.deepEqual(JSON.parse(health.body), { status: 'ok', model_version: artifact.modelVersion });
    const metadata = JSON.parse((await invoke(awsEvent(kind, { method: 'GET', path: '/' }))).body);
    assert.deepEqual(metadata.classes, artifact.classes);
    const missing = await invoke(awsEvent(kind, { method: 'GET', path: '/hello/world' }));
    assert.equal(missing.statusCode, 404);
    assert.equal(JSON.parse(missing.body).error.code, 'not_found');
    if (kind === 'alb') assert.equal(missing.statusDescription, '404 Not Found');
  });

  test(`${kind}: bad requests get the contract's 4xx answers`, async () => {
    const bad = await invoke(awsEvent(kind, { method: 'POST', path: '/', body: '{"sepal_length": "x"}', contentType: 'application/json' }));
    assert.equal(bad.statusCode, 400);
    assert.ok(JSON.parse(bad.body).error.issues.some((issue: { path: string }) => issue.path === 'sepal_length'));
    const form = await invoke(awsEvent(kind, { method: 'POST', path: '/', body: 'a=1', contentType: 'application/x-www-form-urlencoded' }));
    assert.equal(form.statusCode, 415);
    const del = await invoke(awsEvent(kind, { method: 'DELETE', path: '/' }));
    assert.equal(del.statusCode, 405);
    assert.equal(header(del, 'allow'), 'GET, POST, OPTIONS');
  });
}

test('a base64-encoded body is decoded; bad base64 is a 400', async () => {
  const encoded = Buffer.from(JSON.stringify(setosa)).toString('base64');
  for (const kind of kinds) {
    const result = await invoke(awsEvent(kind, { method: 'POST', path: '/', body: encoded, contentType: 'application/json', base64: true }));
    assert.equal(result.statusCode, 200, `${kind}: ${result.body}`);
    assert.equal(JSON.parse(result.body).label, 'setosa');
  }
  const broken = await invoke(awsEvent('http-v2', { method: 'POST', path: '/', body: 'not*base64!', contentType: 'application/json', base64: true }));
  assert.equal(broken.statusCode, 400);
  assert.equal(JSON.parse(broken.body).error.code, 'invalid_event');
});

test('ALB with multi-value headers enabled gets multiValueHeaders back', async () => {
  const event = awsEvent('alb', { method: 'POST', path: '/', body: JSON.stringify(setosa), contentType: 'application/json' }) as Record<string, any>;
  event.multiValueHeaders = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name, [value]]));
  delete event.headers;
  const result = await invoke(event);
  assert.equal(result.statusCode, 200);
  assert.equal(result.headers, undefined);
  assert.deepEqual(result.multiValueHeaders?.['x-model-version'], [artifact.modelVersion]);
  assert.equal(result.statusDescription, '200 OK');
});

test('headers are case-insensitive: the API key works in any case, in single or multi-value headers', async () => {
  const denied = await invoke(awsEvent('rest', { method: 'POST', path: '/', body: JSON.stringify(setosa), contentType: 'application/json' }), lockedHandler);
  assert.equal(denied.statusCode, 401);
  const rest = awsEvent('rest', { method: 'POST', path: '/', body: JSON.stringify(setosa), contentType: 'application/json' }) as Record<string, any>;
  rest.multiValueHeaders['X-Api-Key'] = ['k3y'];
  assert.equal((await invoke(rest, lockedHandler)).statusCode, 200);
  const v2 = awsEvent('http-v2', { method: 'POST', path: '/', body: JSON.stringify(setosa), contentType: 'application/json' }) as Record<string, any>;
  v2.headers.authorization = 'Bearer k3y';
  assert.equal((await invoke(v2, lockedHandler)).statusCode, 200);
});

test('the request id comes from the event, and an HTTP API stage prefix is not part of the route', async () => {
  const v2 = awsEvent('http-v2', { method: 'GET', path: '/prod/health' }) as Record<string, any>;
  v2.requestContext.stage = 'prod';
  const result = await invoke(v2);
  assert.equal(result.statusCode, 200);
  assert.equal(header(result, 'x-request-id'), 'LV7fzho-PHcEJPw=');
  const rest = await invoke(awsEvent('rest', { method: 'GET', path: '/health' }));
  assert.equal(header(rest, 'x-request-id'), 'deef4878-7910-11e6-8f14-25afc3e9ae33');
  const alb = await invoke(awsEvent('alb', { method: 'GET', path: '/health' }));
  assert.equal(header(alb, 'x-request-id'), 'lambda-request-1', 'ALB events carry no id: the invocation\'s is used');
});

test('a direct invocation whose event is the body returns the prediction object itself', async () => {
  const single = (await handler(setosa, { awsRequestId: 'x' })) as Record<string, unknown>;
  assert.equal(single.label, 'setosa');
  assert.equal(single.model_version, artifact.modelVersion);
  const batch = (await handler({ instances: [setosa, virginica] })) as { predictions: { label: string }[] };
  assert.deepEqual(batch.predictions.map((p) => p.label), ['setosa', 'virginica']);
  const invalid = (await handler({ sepal_length: 1 })) as { error: { code: string; issues: unknown[] } };
  assert.equal(invalid.error.code, 'invalid_request');
  assert.equal(invalid.error.issues.length, 3);
  assert.equal(((await handler(null)) as { error: { code: string } }).error.code, 'invalid_request');
});

test('with API_KEY set, a direct invocation (no headers, so no key) is refused unless ALLOW_DIRECT_INVOCATION=true', async () => {
  const refused = (await lockedHandler(setosa, { awsRequestId: 'x' })) as { error: { code: string; message: string } };
  assert.equal(refused.error.code, 'unauthorized');
  assert.match(refused.error.message, /ALLOW_DIRECT_INVOCATION=true/);
  const iamOnly = createLambdaHandler(createPredictionService(model, readConfig({ API_KEY: 'k3y', ALLOW_DIRECT_INVOCATION: 'true' }), quiet));
  assert.equal(((await iamOnly(setosa, { awsRequestId: 'x' })) as { label: string }).label, 'setosa');
  assert.throws(() => readConfig({ ALLOW_DIRECT_INVOCATION: 'yes' }), /ALLOW_DIRECT_INVOCATION must be true or false, got "yes"/);
});

test('an HTTP event without a method is a 400, not a crash', async () => {
  const event = awsEvent('http-v2', { method: 'GET', path: '/' }) as Record<string, any>;
  delete event.requestContext.http;
  delete event.version;
  const result = await invoke(event);
  assert.equal(result.statusCode, 400);
  assert.match(JSON.parse(result.body).error.message, /without an HTTP method/);
});
