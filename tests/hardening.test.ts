// The function attacked the way the internet will: property-based fuzzing of the core
// and both adapters, named nasty inputs, and faults around the artifact.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { createGcpHttpFunction } from '../functions/adapters/gcp.ts';
import { createLambdaHandler } from '../functions/adapters/aws.ts';
import { readConfig } from '../functions/core/config.ts';
import type { CoreResponse } from '../functions/core/http.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { loadAwsEvent, type AwsEventName } from './helpers/lambda-events.ts';
import { ROOT } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const artifact = await trainIrisArtifact();
const model = servingModelOf(artifact);
const config = readConfig({ MAX_BODY_BYTES: '65536', MAX_BATCH: '50', CORS_ORIGINS: 'https://app.example.com' });
const service = createPredictionService(model, config, () => {});
const lambda = createLambdaHandler(service);
const gcp = createGcpHttpFunction(service, config.maxBodyBytes);
const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const FUZZ_RUNS = 2500;

function assertWellFormed(status: number, headers: Record<string, string | string[]>, body: string) {
  assert.ok((status >= 200 && status < 300) || (status >= 400 && status < 500), `status ${status}: ${body}`);
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  assert.equal(header('cache-control'), 'no-store');
  assert.equal(header('x-model-version'), model.modelVersion);
  assert.ok(header('x-request-id'));
  if (status === 204) {
    assert.equal(body, '');
    return;
  }
  assert.equal(header('content-type'), 'application/json; charset=utf-8');
  const json = JSON.parse(body);
  if (status >= 400) {
    assert.equal(typeof json.error.code, 'string');
    assert.equal(typeof json.error.message, 'string');
  }
}

const contentTypes = fc.oneof(
  fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/problem+json', ''),
  fc.string(),
);
const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
  fc.record({ instances: fc.array(fc.jsonValue(), { maxLength: 60 }) }).map((value) => JSON.stringify(value)),
  fc.dictionary(fc.constantFrom('sepal_length', 'sepal_width', 'petal_length', 'petal_width', '__proto__', 'constructor', 'Sepal_Length'), fc.jsonValue()).map((value) => JSON.stringify(value)),
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
);
const headerSets = fc.dictionary(fc.constantFrom('x-request-id', 'x-api-key', 'authorization', 'origin', 'accept', 'content-length', 'x-forwarded-for', 'cookie'), fc.string());
const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD', 'post', 'BREW');
const paths = fc.oneof(fc.constantFrom('/', '/health', '/predict', '/invocations', '/v1/models/iris:predict', '/nope', '/?x=1', ''), fc.string());

test(`fuzz: the core answers ${FUZZ_RUNS} random requests with well-formed 2xx/4xx JSON and never throws`, () => {
  fc.assert(
    fc.property(methods, paths, headerSets, contentTypes, bodies, (method, path, headers, contentType, body) => {
      const response = service.handle({ method, path, headers: { ...headers, ...(contentType === undefined ? {} : { 'content-type': contentType }) }, body });
      assertWellFormed(response.status, response.headers, response.body);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

const eventNames: AwsEventName[] = ['rest', 'http-v2', 'alb'];
/** A real AWS event with random damage: fields removed or replaced by anything. */
const mutatedEvents = fc
  .tuple(
    fc.constantFrom(...eventNames),
    fc.array(fc.tuple(fc.constantFrom('httpMethod', 'path', 'rawPath', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'requestContext', 'version', 'queryStringParameters'), fc.option(fc.anything(), { nil: undefined })), { maxLength: 4 }),
    methods,
    bodies,
    fc.boolean(),
  )
  .map(([name, damage, method, body, base64]) => {
    const event = loadAwsEvent(name);
    if (name === 'http-v2') event.requestContext.http.method = method;
    else event.httpMethod = method;
    event.body = typeof body === 'string' ? body : body.toString(base64 ? 'base64' : 'latin1');
    event.isBase64Encoded = base64;
    for (const [field, value] of damage) {
      if (value === undefined) delete event[field];
      else event[field] = value;
    }
    return event;
  });

test(`fuzz: the Lambda adapter survives ${FUZZ_RUNS} mutated AWS events and direct invocations`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutatedEvents, fc.anything()), async (event) => {
      const result = (await lambda(event, { awsRequestId: 'fuzz' })) as Record<string, any>;
      assert.ok(result !== null && typeof result === 'object');
      if ('statusCode' in result) {
        assertWellFormed(result.statusCode, result.headers ?? result.multiValueHeaders, result.body);
      } else {
        // a direct invocation: the answer or the error object itself
        assert.ok('error' in result || 'predicted_class' in result || 'predictions' in result, JSON.stringify(result));
      }
    }),
    { numRuns: FUZZ_RUNS },
  );
});

/** Just enough of Express's req/res for the adapter: what functions-framework hands it. */
function gcpCall(method: string, path: string, headers: Record<string, string>, rawBody: Buffer | undefined, stream?: Readable) {
  const req = Object.assign(stream ?? Readable.from([]), { method, path, headers, rawBody, executionId: 'fuzz-1' });
  if (!stream) (req as Readable).read();
  let status = 0;
  let sentHeaders: Record<string, string> = {};
  let sent = '';
  const res = {
    writeHead(code: number, values: Record<string, string>) {
      status = code;
      sentHeaders = values;
      return res;
    },
    end(body: string) {
      sent = body;
    },
  };
  return Promise.resolve(gcp(req as never, res as never)).then(() => ({ status, headers: sentHeaders, body: sent }));
}

test(`fuzz: the GCP adapter answers ${FUZZ_RUNS} random requests with well-formed JSON`, async () => {
  await fc.assert(
    fc.asyncProperty(methods, paths, headerSets, contentTypes, bodies, async (method, path, headers, contentType, body) => {
      const allHeaders = contentType === undefined ? headers : { ...headers, 'content-type': contentType };
      const response = await gcpCall(method, path, allHeaders, Buffer.isBuffer(body) ? body : Buffer.from(body));
      assertWellFormed(response.status, response.headers, response.body);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

function post(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): CoreResponse & { json: any } {
  const response = service.handle({ method: 'POST', path: '/', headers, body });
  assertWellFormed(response.status, response.headers, response.body);
  return { ...response, json: JSON.parse(response.body) };
}

test('__proto__, constructor and prototype keys are refused by name and pollute nothing', () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const attacks = [
    `{"__proto__": {"polluted": true}, ${JSON.stringify(setosa).slice(1)}`,
    `{"constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(setosa).slice(1)}`,
    `{"instances": [{"__proto__": {"polluted": true}, "sepal_length": 1, "sepal_width": 1, "petal_length": 1, "petal_width": 1}]}`,
    `{"dataframe_split": {"columns": ["__proto__", "sepal_width", "petal_length", "petal_width"], "data": [[1, 2, 3, 4]]}}`,
    `{"dataframe_records": [{"prototype": 1, "sepal_length": 1, "sepal_width": 1, "petal_length": 1, "petal_width": 1}]}`,
  ];
  const paths = ['__proto__', 'constructor', 'instances[0].__proto__', 'dataframe_split.columns[0]', 'dataframe_records[0].prototype'];
  attacks.forEach((body, i) => {
    const response = post(body);
    assert.equal(response.status, 400, body);
    assert.ok(response.json.error.issues.some((issue: { path: string }) => issue.path === paths[i]), `${paths[i]} in ${response.body}`);
  });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
});

test('100 000-deep nesting is a 400, not a stack overflow', () => {
  const depth = 100_000;
  const defaults = createPredictionService(model, readConfig({}), () => {});
  for (const body of ['['.repeat(depth) + ']'.repeat(depth), `{"instances": ${'['.repeat(depth)}${']'.repeat(depth)}}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`]) {
    const response = defaults.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body });
    assertWellFormed(response.status, response.headers, response.body);
    assert.equal(response.status, 400);
  }
});

test('1e308 and -0 are numbers: answered, with finite probabilities and a range warning', () => {
  const huge = post(JSON.stringify({ ...setosa, sepal_length: 1e308, petal_width: -1e308 }));
  assert.equal(huge.status, 200);
  assert.ok(Object.values(huge.json.probabilities).every((p) => Number.isFinite(p as number)));
  assert.equal(huge.json.warnings.length, 2);
  const zero = post(`{"sepal_length": -0, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}`);
  assert.equal(zero.status, 200);
});

test('duplicate keys: the last one wins, as in JSON.parse and Python', () => {
  const response = post(`{"petal_length": 99, "sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}`);
  assert.equal(response.status, 200);
  assert.equal(response.json.label, 'setosa');
  assert.equal(response.json.warnings, undefined);
});

test('a BOM is tolerated; invalid UTF-8 and an empty body are 400s', () => {
  assert.equal(post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(setosa))])).status, 200);
  const invalid = post(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]));
  assert.equal(invalid.status, 400);
  assert.match(invalid.json.error.message, /UTF-8/);
  assert.equal(post('').status, 400);
  assert.equal(post(Buffer.alloc(0)).status, 400);
});

test('limits: one byte over MAX_BODY_BYTES and MAX_BATCH + 1 rows are 413s; at the limit they are not', () => {
  const atLimit = JSON.stringify(setosa).padEnd(config.maxBodyBytes, ' ');
  assert.equal(post(atLimit).status, 200);
  assert.equal(post(`${atLimit} `).status, 413);
  const rows = (count: number) => JSON.stringify({ instances: Array.from({ length: count }, () => setosa) });
  assert.equal(post(rows(config.maxBatch)).status, 200);
  const over = post(rows(config.maxBatch + 1));
  assert.equal(over.status, 413);
  assert.equal(over.json.error.code, 'too_large');
});

test('a 50 MB body is refused before it is parsed, and an unparsed stream is not kept in memory', async () => {
  const fifty = Buffer.alloc(50 * 1024 * 1024, 0x5b); // "[[[[…": would be slow to parse, if it were parsed
  const refused = post(fifty);
  assert.equal(refused.status, 413);
  assert.match(refused.json.error.message, /52428800 bytes; at most 65536/);
  // The GCP adapter reads a body that arrived without a content type itself: 50 MB in
  // 64 KB chunks, generated as they are read, must not be held.
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sentChunks = 0;
  const stream = new Readable({
    read() {
      this.push(sentChunks++ < 800 ? chunk : null);
    },
  });
  const before = process.memoryUsage().arrayBuffers;
  const response = await gcpCall('POST', '/', {}, undefined, stream);
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.equal(response.status, 413);
  assert.equal(sentChunks, 801, 'the whole body was drained');
  assert.ok(grown < 8 * 1024 * 1024, `kept ${grown} bytes`);
});

test('a training run killed mid-way leaves the previous artifact exactly as it was', async () => {
  const dir = tempDir();
  const out = join(dir, 'model.json');
  writeArtifactFile(out, artifact);
  const previous = readFileSync(out);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/train.ts'), '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
  // Killed once it is cross-validating, i.e. between reading the data and writing anything.
  await new Promise<void>((resolve) => child.stderr!.on('data', (data: Buffer) => data.includes('cross-validating') && resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  assert.ok(readFileSync(out).equals(previous));
  assert.deepEqual(readdirSync(dir), ['model.json'], 'no temp file left behind');
});

test('a training run that fails on bad data leaves the previous artifact intact', () => {
  const dir = tempDir();
  const out = join(dir, 'model.json');
  writeArtifactFile(out, artifact);
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'a,b,label\n1,2,x\n');
  const previous = readFileSync(out);
  const run = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/train.ts'), '--data', csv, '--out', out], { cwd: ROOT, stdio: 'ignore' });
  return new Promise<void>((resolve) =>
    run.once('exit', (code) => {
      assert.equal(code, 1);
      assert.ok(readFileSync(out).equals(previous));
      resolve();
    }),
  );
});
