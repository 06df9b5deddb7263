// artifacts/model.mjs: the build's ES module of predict(record), imported in Node and in
// headless Chromium (as tests/report-browser.test.ts runs it): in Node, exactly what the
// service answers POST / for each record; in Chromium, the same up to a probability's last bits.
import assert from 'node:assert/strict';
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
const served = records.map((record) => {
  const response = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) });
  assert.equal(response.status, 200, response.body);
  return JSON.parse(response.body) as unknown;
});
assert.ok((served.at(-1) as { warnings?: string[] }).warnings, 'the last record is answered with warnings');

test('the build prints model.mjs with its size; in Node, predict(record) answers what POST / answers, and a bad record throws naming the field', async () => {
  assert.match(built.stdout, /model\.mjs {2}predict\(record\) as an ES module for Node and browsers, [\d.]+ KB/);
  const source = readFileSync(modulePath, 'utf8');
  assert.doesNotMatch(source, /\brequire\(|\bprocess\.|\bBuffer\b|from"node:/, 'nothing of Node in it');
  const module = (await import(pathToFileURL(modulePath).href)) as { predict(record: unknown): unknown; modelVersion: string; ModelInputError: new () => Error };
  assert.equal(module.modelVersion, artifact.modelVersion);
  assert.deepEqual(records.map((record) => module.predict(record)), served);
  assert.throws(() => module.predict({ ...records[0], sepal_length: 'long' }), (error: Error) => error instanceof module.ModelInputError && /^the request does not match the model's input schema: sepal_length expected a number, got the string "long"$/.test(error.message));
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', process.env.CHROMIUM_PATH].find((path) => path !== undefined && existsSync(path));

test('in Chromium, the same module gives the same classes, and probabilities within a few ulps of Node\'s', { skip: chromium || process.env.CI ? false : 'chromium is not installed (apt-get install chromium); CI installs it' }, async () => {
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
  const answers = await page.evaluate(`import('${origin}/model.mjs').then((module) => ${JSON.stringify(records)}.map((record) => module.predict(record)))`);
  // The same classes and fields; a probability can differ from Node's in its last bits
  // (Chromium's V8 is not Node's, and Math.exp is not correctly rounded): a few ulps at most.
  type Answer = { probabilities: Record<string, number> };
  const strip = (answer: unknown) => ({ ...(answer as Answer), probabilities: Object.keys((answer as Answer).probabilities) });
  assert.deepEqual((answers as unknown[]).map(strip), served.map(strip));
  let worst = 0;
  (answers as Answer[]).forEach((answer, i) => {
    for (const [label, probability] of Object.entries(answer.probabilities)) {
      const expected = (served[i] as Answer).probabilities[label];
      worst = Math.max(worst, Math.abs(probability - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE));
    }
  });
  assert.ok(worst <= 8 * Number.EPSILON, `a probability differs by ${worst} (relative) from Node's`);
  console.log(`largest relative difference from Node's: ${worst} (${(worst / Number.EPSILON).toFixed(1)} × 2^-52)`);
});
