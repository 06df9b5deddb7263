// artifacts/model.mjs: the build's ES module of predict(record), predictBatch(records) and
// describe(), imported in Node and in headless Chromium (as tests/report-browser.test.ts
// runs it), against the Lambda archive's answers to the same records (a fresh node, no
// node_modules): in Node and in Chromium, exactly those.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { irisRows, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { unpackZip } from '../scripts/unzip.ts';

const artifact = await trainIrisArtifact();
const dir = tempDir('kit-module-');
writeArtifactFile(join(dir, 'model.json'), artifact);
const built = runScript('scripts/build.ts', ['--artifact', join(dir, 'model.json'), '--out-dir', dir]);
assert.equal(built.status, 0, built.stderr);
const modulePath = join(dir, 'model.mjs');

const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
const records = irisRows.map((row) => Object.fromEntries(artifact.features.map((name, j) => [name, row[j]])));
// And one outside the training range, answered with warnings.
records.push({ sepal_length: 12, sepal_width: 0.1, petal_length: 9, petal_width: 4 });
// The Lambda archive's answer to each record (a direct invocation: what POST / answers).
unpackZip(readFileSync(join(dir, 'aws-lambda.zip')), join(dir, 'aws'));
const lambda = spawnSync(
  process.execPath,
  ['-e', `const { handler } = require(process.cwd() + '/index.js'); (async () => { const out = []; for (const r of JSON.parse(process.argv[1])) out.push(await handler(r, { awsRequestId: 't' })); process.stderr.write(JSON.stringify(out)); })()`, JSON.stringify(records)],
  { cwd: join(dir, 'aws'), encoding: 'utf8', env: { PATH: process.env.PATH } },
);
assert.equal(lambda.status, 0, lambda.stderr);
const served = JSON.parse(lambda.stderr) as unknown[];
assert.deepEqual(served[0], JSON.parse(service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records[0]) }).body));
assert.ok((served.at(-1) as { warnings?: string[] }).warnings, 'the last record is answered with warnings');

type Module = { predict(record: unknown): unknown; predictBatch(records: unknown[]): unknown[]; describe(): Record<string, unknown>; modelVersion: string; ModelInputError: new () => Error };

test('the build prints model.mjs with its size; in Node, predict and predictBatch answer what the Lambda archive answers, describe() what GET / says, and a bad record throws naming the field', async () => {
  assert.match(built.stdout, /model\.mjs {2}predict\(record\), predictBatch\(records\), describe\(\) as an ES module for Node and browsers, [\d.]+ KB \([\d.]+ KB gzipped\)/);
  const source = readFileSync(modulePath, 'utf8');
  assert.doesNotMatch(source, /\brequire\(|\bprocess\.|\bBuffer\b|from"node:/, 'nothing of Node in it');
  const module = (await import(pathToFileURL(modulePath).href)) as Module;
  assert.equal(module.modelVersion, artifact.modelVersion);
  assert.deepEqual(records.map((record) => module.predict(record)), served);
  assert.deepEqual(module.predictBatch(records), served);
  assert.deepEqual(module.predictBatch([]), []);
  const { limits, request_shapes: shapes, ...described } = JSON.parse(service.handle({ method: 'GET', path: '/', headers: {}, body: undefined }).body) as Record<string, unknown>;
  assert.ok(limits && shapes);
  assert.deepEqual(module.describe(), described);
  assert.throws(() => module.predict({ ...records[0], sepal_length: 'long' }), (error: Error) => error instanceof module.ModelInputError && /^the request does not match the model's input schema: sepal_length expected a number, got the string "long"$/.test(error.message));
  assert.throws(() => module.predictBatch([records[0], { ...records[0], petal_width: null }]), (error: Error) => error instanceof module.ModelInputError && /: \[1\]\.petal_width /.test(error.message));
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', process.env.CHROMIUM_PATH].find((path) => path !== undefined && existsSync(path));

test('in Chromium, the same module answers exactly what the Lambda archive answers', { skip: chromium || process.env.CI ? false : 'chromium is not installed (apt-get install chromium); CI installs it' }, async () => {
  assert.ok(chromium, 'CI must have chromium: .ci/run installs it');
  const server = createServer((request, response) => {
    if (request.url === '/model.mjs') response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(modulePath));
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>model</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  // A string, not a function: evaluated as it is in the page.
  const [answers, batch] = (await page.evaluate(`import('${origin}/model.mjs').then((module) => [${JSON.stringify(records)}.map((record) => module.predict(record)), module.predictBatch(${JSON.stringify(records)})])`)) as [unknown[], unknown[]];
  assert.deepEqual(batch, answers);
  // Bit for bit: the linear model's probabilities go through the kit's own exp
  // (pipeline/models/exp.ts), not Math.exp, which Chromium's V8 rounds differently from Node 20's.
  assert.deepEqual(answers, served);
});
