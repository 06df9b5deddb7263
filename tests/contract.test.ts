// One contract on every deployment path: the same request table, with the same answers
// (status and JSON error code), from functions-framework serving the built GCP archive,
// the built Lambda archive's handler under each AWS event kind, and npm run serve:aws.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { awsEvent, type AwsEventName } from './helpers/lambda-events.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const work = tempDir('kit-contract-');
const artifact = await trainIrisArtifact();
writeArtifactFile(join(work, 'model.json'), artifact);
const built = runScript('scripts/build.ts', ['--artifact', join(work, 'model.json'), '--out-dir', work]);
assert.equal(built.status, 0, built.stderr);
const settings = { API_KEY: 'contract-key', MAX_BODY_BYTES: '4096', MAX_BATCH: '10', NODE_ENV: '' };

const unzip = (zip: string, name: string) => {
  const dir = join(work, name);
  mkdirSync(dir);
  execFileSync('unzip', ['-q', join(work, zip), '-d', dir]);
  return dir;
};
const gcp = await startServer(
  process.execPath,
  ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${unzip('gcp-function.zip', 'gcp')}`, '--port=0'],
  { env: settings },
);
const serveAws = await startServer(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/serve-aws.ts'), '--port', '0'], { cwd: ROOT, env: { ...settings, KIT_ARTIFACTS_DIR: work } });
// The handler reads its settings from the environment when it loads, as Lambda's runtime has them.
Object.assign(process.env, settings);
// Its log lines go straight to fd 1: kept here, so that each answer can be checked to leave one.
const logLines: string[] = [];
const writeSync = fs.writeSync;
(fs as { writeSync: unknown }).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd !== 1) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  logLines.push(String(data));
  return Buffer.byteLength(String(data));
};
const { handler } = createRequire(`${unzip('aws-lambda.zip', 'aws')}/`)('./index.js') as { handler: (event: unknown, context: object) => Promise<{ statusCode: number; body?: string; isBase64Encoded?: boolean }> };

const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const key = { 'x-api-key': 'contract-key' };
const json = { 'content-type': 'application/json', ...key };
interface Row {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  status: number;
  code?: string;
}
const table: Row[] = [
  { name: 'one record', method: 'POST', path: '/', headers: json, body: JSON.stringify(setosa), status: 200 },
  { name: 'a batch on /predict', method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ instances: [setosa, setosa] }), status: 200 },
  { name: 'MLflow on /invocations', method: 'POST', path: '/invocations', headers: json, body: JSON.stringify({ dataframe_records: [setosa] }), status: 200 },
  { name: 'MLflow inputs, as columns', method: 'POST', path: '/invocations', headers: json, body: JSON.stringify({ inputs: { sepal_length: [5.1], sepal_width: [3.5], petal_length: [1.4], petal_width: [0.2] } }), status: 200 },
  { name: 'a text/csv body', method: 'POST', path: '/', headers: { ...key, 'content-type': 'text/csv' }, body: 'petal_width,petal_length,sepal_width,sepal_length\r\n0.2,1.4,3.5,5.1\r\n2.1,5.4,3.1,6.9\r\n', status: 200 },
  { name: 'a text/csv body with a bad cell', method: 'POST', path: '/', headers: { ...key, 'content-type': 'text/csv; charset=utf-8' }, body: 'petal_width,petal_length,sepal_width,sepal_length\n0.2,wide,3.5,5.1\n', status: 400, code: 'invalid_request' },
  { name: 'a text/csv body with a quote never closed', method: 'POST', path: '/', headers: { ...key, 'content-type': 'text/csv' }, body: 'petal_width,petal_length,sepal_width,sepal_length\n"0.2,1.4,3.5,5.1\n', status: 400, code: 'invalid_csv' },
  { name: 'KServe V1', method: 'POST', path: '/v1/models/iris:predict', headers: json, body: JSON.stringify({ instances: [setosa] }), status: 200 },
  { name: 'the model description', method: 'GET', path: '/', headers: key, status: 200 },
  { name: 'health', method: 'GET', path: '/health', headers: {}, status: 200 },
  { name: 'ping', method: 'GET', path: '/ping', headers: {}, status: 200 },
  { name: 'CORS preflight', method: 'OPTIONS', path: '/', headers: {}, status: 204 },
  { name: 'no key', method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: JSON.stringify(setosa), status: 401, code: 'unauthorized' },
  { name: 'wrong key', method: 'GET', path: '/', headers: { 'x-api-key': 'nope' }, status: 401, code: 'unauthorized' },
  { name: 'an unknown path', method: 'GET', path: '/nope', headers: key, status: 404, code: 'not_found' },
  { name: 'favicon.ico', method: 'GET', path: '/favicon.ico', headers: {}, status: 404, code: 'not_found' },
  { name: 'a wrong method', method: 'PUT', path: '/', headers: key, status: 405, code: 'method_not_allowed' },
  { name: 'GET on a predict-only path', method: 'GET', path: '/predict', headers: key, status: 405, code: 'method_not_allowed' },
  { name: 'malformed JSON', method: 'POST', path: '/', headers: json, body: '{"sepal_length": 5.1,', status: 400, code: 'invalid_json' },
  { name: 'an empty body', method: 'POST', path: '/', headers: json, body: '', status: 400, code: 'invalid_json' },
  { name: 'a missing feature', method: 'POST', path: '/', headers: json, body: '{"sepal_length": 5.1}', status: 400, code: 'invalid_request' },
  { name: 'a JSON string', method: 'POST', path: '/', headers: json, body: '"text"', status: 400, code: 'invalid_request' },
  { name: 'too many rows', method: 'POST', path: '/', headers: json, body: JSON.stringify({ instances: Array.from({ length: 11 }, () => setosa) }), status: 413, code: 'too_large' },
  { name: 'too large a body', method: 'POST', path: '/', headers: json, body: JSON.stringify({ instances: Array.from({ length: 60 }, () => setosa) }), status: 413, code: 'too_large' },
  { name: 'text/plain', method: 'POST', path: '/', headers: { ...key, 'content-type': 'text/plain' }, body: 'hello', status: 415, code: 'unsupported_media_type' },
  { name: 'latin1', method: 'POST', path: '/', headers: { ...key, 'content-type': 'application/json; charset=latin1' }, body: JSON.stringify(setosa), status: 415, code: 'unsupported_media_type' },
  { name: 'gzip', method: 'POST', path: '/', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(setosa)), status: 415, code: 'unsupported_media_type' },
  { name: 'JSON that is not UTF-8', method: 'POST', path: '/', headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), status: 400, code: 'invalid_json' },
  { name: 'CSV that is not UTF-8', method: 'POST', path: '/', headers: { ...key, 'content-type': 'text/csv' }, body: Buffer.concat([Buffer.from('petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,'), Buffer.from([0xe9, 0x0a])]), status: 400, code: 'invalid_csv' },
  { name: 'a doubled slash', method: 'GET', path: '//health', headers: key, status: 404, code: 'not_found' },
];

const codeOf = (text: string) => (text === '' ? undefined : (JSON.parse(text) as { error?: { code: string } }).error?.code);

async function overHttp(base: string, row: Row): Promise<[number, string | undefined]> {
  const response = await fetch(`${base}${row.path}`, { method: row.method, headers: row.headers, body: row.body });
  return [response.status, codeOf(await response.text())];
}

async function asLambdaEvent(kind: AwsEventName, row: Row): Promise<[number, string | undefined]> {
  const binary = Buffer.isBuffer(row.body);
  const { 'content-type': contentType, ...headers } = row.headers;
  const event = awsEvent(kind, {
    method: row.method,
    path: row.path,
    contentType,
    headers,
    body: row.body === undefined ? undefined : binary ? (row.body as Buffer).toString('base64') : (row.body as string),
    base64: binary,
  });
  const logged = logLines.length;
  const result = await handler(event, { awsRequestId: 'contract' });
  const lines = logLines.slice(logged);
  assert.equal(lines.length, 1, `one log line for ${kind}`);
  assert.equal((JSON.parse(lines[0]) as { status: number }).status, result.statusCode);
  return [result.statusCode, codeOf(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? ''))];
}

for (const row of table) {
  test(`${row.method} ${row.path}, ${row.name}: ${row.status}${row.code ? ` ${row.code}` : ''} on every path`, async () => {
    const answers: Record<string, [number, string | undefined]> = {
      'GCP archive, functions-framework': await overHttp(gcp.url, row),
      'npm run serve:aws': await overHttp(serveAws.url, row),
      'Lambda archive, API Gateway REST': await asLambdaEvent('rest', row),
      'Lambda archive, HTTP API': await asLambdaEvent('http-v2', row),
      'Lambda archive, ALB': await asLambdaEvent('alb', row),
    };
    for (const [path, answer] of Object.entries(answers)) assert.deepEqual(answer, [row.status, row.code], path);
  });
}
