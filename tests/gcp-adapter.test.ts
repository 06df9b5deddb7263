import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { ROOT } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

// The adapter served by the real functions-framework CLI over real HTTP on 127.0.0.1.
const artifact = await trainIrisArtifact();
const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const artifactPath = join(tempDir(), 'model.json');
writeFileSync(artifactPath, JSON.stringify(servingModelOf(artifact)));
const server = await startServer(
    process.execPath,
    [
      '--import', 'tsx',
      '-r', join(ROOT, 'scripts/loopback-only.cjs'),
      join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
      '--target=predict', '--source=tests/helpers/gcp-test-function.ts', '--port=0',
    ],
  { cwd: ROOT, env: { TEST_ARTIFACT: artifactPath, API_KEY: undefined, MAX_BODY_BYTES: '4096', NODE_ENV: '' } },
);

// fetch types its JSON as unknown; these tests check the shape themselves.
const jsonOf = (response: Response): Promise<any> => response.json();

const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }, path = '/') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers, body });

test('every request shape is answered over HTTP with the contract headers', async () => {
  const bodies = [
    setosa,
    { instances: [setosa, [6.9, 3.1, 5.4, 2.1]] },
    { dataframe_split: { columns: artifact.features, data: [[5.1, 3.5, 1.4, 0.2]] } },
    { dataframe_records: [setosa] },
  ];
  for (const body of bodies) {
    const response = await post(JSON.stringify(body), { 'content-type': 'application/json', 'x-request-id': 'gcp-test-1' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-model-version'), artifact.modelVersion);
    assert.equal(response.headers.get('x-request-id'), 'gcp-test-1');
    const json = await jsonOf(response);
    const first = json.predictions ? json.predictions[0] : json;
    assert.equal(first.label, 'setosa');
  }
});

test('GET /, GET /health, 404, 405 and 415 over HTTP', async () => {
  const metadata = await jsonOf(await fetch(`${server.url}/`));
  assert.deepEqual(metadata.classes, artifact.classes);
  assert.deepEqual(await jsonOf(await fetch(`${server.url}/health`)), { status: 'ok', model_version: artifact.modelVersion });
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  const put = await fetch(`${server.url}/`, { method: 'PUT' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get('allow'), 'GET, POST, OPTIONS');
  const text = await post('hello', { 'content-type': 'text/plain' });
  assert.equal(text.status, 415);
  assert.equal((await jsonOf(text)).error.code, 'unsupported_media_type');
});

test('schema errors name their path; a body without content type is read and validated', async () => {
  const bad = await post(JSON.stringify({ instances: [setosa, { ...setosa, Petal_Width: 1 }] }));
  assert.equal(bad.status, 400);
  const issues = (await jsonOf(bad)).error.issues.map((issue: { path: string }) => issue.path);
  assert.ok(issues.includes('instances[1].Petal_Width'));
  const untyped = await post(Buffer.from(JSON.stringify(setosa)), {});
  assert.equal(untyped.status, 200, 'no content type');
  assert.equal((await jsonOf(untyped)).label, 'setosa');
});

test('413 for a body over MAX_BODY_BYTES, with or without a content type', async () => {
  const big = JSON.stringify({ instances: Array.from({ length: 100 }, () => setosa) });
  const typed = await post(big);
  assert.equal(typed.status, 413);
  assert.equal((await jsonOf(typed)).error.code, 'too_large');
  const untyped = await post(Buffer.from(big), {});
  assert.equal(untyped.status, 413);
});

test('malformed JSON is answered as JSON by the function, with a log line that quotes nothing of the body', async () => {
  const secret = 'hunter2-password-field';
  const response = await post(`{"sepal_length": 5.1, "password": "${secret}",`);
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal((await jsonOf(response)).error.code, 'invalid_json');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.doesNotMatch(server.output(), new RegExp(secret), 'the body never reaches a log');
  assert.doesNotMatch(server.output(), /SyntaxError|node_modules|<html|<pre>/i);
  const lines = server.output().split('\n').filter((line) => line.startsWith('{') && line.includes('"status":400'));
  assert.ok(lines.some((line) => JSON.parse(line).message === 'POST / 400'), 'one structured line for it');
});

test('a compressed body is refused unread (415 JSON), a bomb included; so is an unsupported charset', async () => {
  // 64 MB of spaces in 64 KB of gzip: inflating it is what the framework used to do.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  const refused = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  assert.equal(refused.status, 415);
  assert.match((await jsonOf(refused)).error.message, /content-encoding "gzip" is not accepted; send the body uncompressed/);
  const latin1 = await post(JSON.stringify(setosa), { 'content-type': 'application/json; charset=latin1' });
  assert.equal(latin1.status, 415);
  assert.equal((await jsonOf(latin1)).error.code, 'unsupported_media_type');
});

test('a body streamed past MAX_BODY_BYTES without a length is refused as soon as it passes the limit', async () => {
  const { status, body } = await rawRequest({ method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (req) => {
    // 4096 is the test server's limit; a client that keeps sending is cut off after the answer.
    for (let i = 0; i < 64; i++) req.write(Buffer.alloc(1024, 0x20));
    req.end();
  });
  assert.equal(status, 413);
  assert.equal(JSON.parse(body).error.code, 'too_large');
});

test('paths the framework used to answer itself (favicon.ico, OPTIONS *) get the JSON contract', async () => {
  const favicon = await fetch(`${server.url}/favicon.ico`);
  assert.equal(favicon.status, 404);
  assert.equal((await jsonOf(favicon)).error.code, 'not_found');
  const star = await rawRequest({ method: 'OPTIONS', path: '*', headers: {} });
  assert.equal(star.status, 404);
  assert.equal(JSON.parse(star.body).error.code, 'not_found');
});

/** One request through node:http, for what fetch cannot send (OPTIONS *, a chunked body written by hand). */
function rawRequest(options: { method: string; path: string; headers: Record<string, string> }, write: (req: ClientRequest) => void = (req) => req.end()) {
  const { hostname, port } = new URL(server.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ hostname, port, ...options }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    write(req);
  });
}
