// GET / from a browser: the try-it page. Its headers and bytes here; in headless Chromium
// (as tests/report-browser.test.ts runs it): the key typed in, the form of the features
// built, a value changed, Predict clicked, and the service's answer shown, with no
// console error (a CSP violation is one) and no request to anywhere but the service.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { readConfig } from '../functions/core/config.ts';
import { normalizeHeaders } from '../functions/core/http.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { SCRIPT_HASH } from '../functions/core/try-page.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { TEST_ENVIRONMENT, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Evaluated in the page, where the DOM is; the kit's tsconfig has no DOM types.
declare const document: { querySelector(selector: string): { textContent: string } | null; querySelectorAll(selector: string): ArrayLike<{ name?: string; value: string }> };

const KEY = 'try-key-1';
const artifact = await trainIrisArtifact();
const service = createPredictionService(servingModelOf(artifact), readConfig({ API_KEY: KEY }), () => {});
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const page = () => service.handle({ method: 'GET', path: '/', headers: { accept: BROWSER_ACCEPT }, body: undefined });

test('a browser gets the page without the key, under a CSP that allows only its own script, by hash, and its own origin', () => {
  const response = page();
  assert.equal(response.status, 200);
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  const csp = response.headers['content-security-policy'];
  assert.equal(csp, `default-src 'none'; script-src '${SCRIPT_HASH}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`);
  const inline = (tag: string) => [...response.body.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]);
  assert.deepEqual(inline('script').map((text) => `sha256-${createHash('sha256').update(text).digest('base64')}`), [SCRIPT_HASH]);
  assert.doesNotMatch(response.body, /src=|href=|style|setosa|sepal/, 'nothing external, and nothing of the model without the key');
  assert.ok(Buffer.byteLength(response.body) < 2048, `${Buffer.byteLength(response.body)} bytes`);
  // Any other client still gets the JSON description, and it still needs the key.
  for (const accept of [undefined, '*/*', 'application/json']) {
    const json = service.handle({ method: 'GET', path: '/', headers: accept ? { accept } : {}, body: undefined });
    assert.equal(json.status, 401, `accept ${accept}`);
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  }
});

function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => path !== undefined && existsSync(path));
}
const chromium = findChromium();

/** The service on 127.0.0.1 and a headless Chromium tab on it, recording its requests and its console's errors. */
async function openTab(served: ReturnType<typeof createPredictionService>, allowed: RegExp = /^$/) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = served.handle({ method: request.method ?? 'GET', path: request.url ?? '/', headers: normalizeHeaders(request.headers), body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  const tab = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  tab.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  tab.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warn') && !allowed.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
  });
  tab.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
  tab.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
  await tab.goto(url, { waitUntil: 'networkidle0' });
  const text = (selector: string) => tab.evaluate((s) => document.querySelector(s)!.textContent, selector);
  return { tab, url, requests, problems, text };
}
const skip = { skip: chromium || process.env.CI ? false : 'chromium is not installed (apt-get install chromium); CI installs it' };

test('in Chromium, with an API key: type the key, load the form, change a feature, Predict, and see the model, the answer and its probabilities', skip, async () => {
  assert.ok(chromium, 'CI must have chromium: .ci/run installs it');
  // The first description fetch, without the key, is answered 401: the page says so in its output.
  const { tab, url, requests, problems, text } = await openTab(service, /status of 401/);
  // Without the key, Load says why it cannot.
  await tab.click('#b');
  await tab.waitForFunction(() => /missing or wrong API key/.test(document.querySelector('#o')!.textContent));
  await tab.type('#k', KEY);
  await tab.click('#b');
  await tab.waitForFunction(() => document.querySelector('#b')!.textContent === 'Predict');
  const fields = await tab.evaluate(() => Array.from(document.querySelectorAll('#x input'), (input) => input.name));
  assert.deepEqual(fields, artifact.features);
  const model = await text('#m');
  assert.ok(model.startsWith(`${artifact.target} ${artifact.modelVersion} `), model);
  assert.match(model, /"scoring":"accuracy".*"test":\{"accuracy":0\.\d+/);

  // A virginica-like flower, then one far outside the training range.
  const virginica: Record<string, number> = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
  for (const flower of [virginica, { ...virginica, sepal_length: 40 }]) {
    for (const [name, value] of Object.entries(flower)) {
      const selector = `#x input[name="${name}"]`;
      await tab.click(selector, { count: 3 });
      await tab.type(selector, String(value));
    }
    await tab.evaluate(() => (document.querySelector('#o')!.textContent = ''));
    await tab.click('#b');
    await tab.waitForFunction(() => /"label"/.test(document.querySelector('#o')!.textContent));
    const shown = JSON.parse(await text('#o'));
    const expected = JSON.parse(service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify(flower) }).body);
    assert.deepEqual(shown, expected);
    assert.equal(shown.label, 'virginica');
    const summary = (await text('#p')).split('\n');
    assert.deepEqual(summary, ['virginica', ...Object.entries(expected.probabilities).map(([label, p]) => `${label}: ${p}`), ...(expected.warnings ?? []).map((w: string) => `warning: ${w}`)]);
  }
  assert.match(await text('#p'), /warning: .*sepal_length/);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [`GET ${url}`, `GET ${url}`, `GET ${url}`, `POST ${url}`, `POST ${url}`], 'the page, the description without and with the key, the predictions');
});

test('in Chromium, without an API key: a feature named <script> is shown as text, a category with missing values offers "missing", and the number is answered', skip, async () => {
  assert.ok(chromium, 'CI must have chromium: .ci/run installs it');
  const csv = `<script>,"<img src=x onerror=alert(1)>",y\n${Array.from({ length: 40 }, (_, i) => `${(i * 0.37) % 5},${i % 5 === 0 ? '' : ['red', 'blue'][i % 2]},${(i * 1.3) % 7}`).join('\n')}\n`;
  const trained = await trainModel(parseCsvDataset(Buffer.from(csv), 'odd.csv'), { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid: { linear_regression: [{ scaler: ['standard'] }] } as never, jobs: 1, environment: TEST_ENVIRONMENT });
  const open = createPredictionService(servingModelOf(trained.artifact), readConfig({}), () => {});
  const { tab, problems, text } = await openTab(open);
  await tab.click('#b');
  await tab.waitForFunction(() => document.querySelector('#b')!.textContent === 'Predict');
  const labels = await tab.evaluate(() => Array.from(document.querySelectorAll('#x label'), (label) => (label as unknown as { firstChild: { textContent: string } }).firstChild.textContent));
  assert.deepEqual(labels, ['<script>', '<img src=x onerror=alert(1)>']);
  assert.equal(await tab.evaluate(() => document.querySelectorAll('script, img').length), 1, 'only the page\'s own script');
  const options = await tab.evaluate(() => Array.from(document.querySelectorAll('#x option'), (option) => option.value));
  assert.equal(options[0], '', 'the first option is "missing"');
  await tab.select('#x select', '');
  await tab.click('#b');
  await tab.waitForFunction(() => /"prediction"/.test(document.querySelector('#o')!.textContent));
  const shown = JSON.parse(await text('#o'));
  assert.equal(typeof shown.prediction, 'number');
  assert.equal((await text('#p')).split('\n')[0], String(shown.prediction));
  assert.deepEqual(problems, []);
});

test('the archives carry the page with npm run build -- --try-page only: without it, a browser gets the JSON', async () => {
  const dir = tempDir('kit-try-page-');
  writeArtifactFile(join(dir, 'model.json'), artifact);
  const get = async (flags: string[]) => {
    const out = join(dir, flags.length > 0 ? 'with' : 'without');
    const run = runScript('scripts/build.ts', ['--artifact', join(dir, 'model.json'), '--out-dir', out, ...flags]);
    assert.equal(run.status, 0, run.stderr);
    unpackZip(readFileSync(join(out, 'aws-lambda.zip')), join(out, 'aws'));
    const { handler } = createRequire(join(out, 'aws/'))('./index.js') as { handler: (event: unknown, context: object) => Promise<{ statusCode: number; headers: Record<string, string> }> };
    return handler({ version: '2.0', rawPath: '/', headers: { accept: BROWSER_ACCEPT }, requestContext: { http: { method: 'GET' } }, isBase64Encoded: false }, { awsRequestId: 'page' });
  };
  const withPage = await get(['--try-page']);
  assert.equal(withPage.statusCode, 200);
  assert.equal(withPage.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(withPage.headers['content-security-policy'], page().headers['content-security-policy']);
  const without = await get([]);
  assert.equal(without.headers['content-type'], 'application/json; charset=utf-8');
});
