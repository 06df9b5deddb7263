// The training report in a real browser (headless Chromium, Debian's `chromium`, which
// .ci/run installs): no console error, no request but the file itself, every plot drawn
// and not blank, no sideways scrolling on a phone, and it prints.
import { asClassifier } from '../pipeline/artifact/artifact.ts';
import assert from 'node:assert/strict';
import type { LinearClassifier } from '../pipeline/models/linear/classifier.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import puppeteer, { type Page } from 'puppeteer-core';
import { renderReport } from '../pipeline/report/html.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { iris, TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { gaussianBlobs } from './helpers/synthetic.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { runScript } from './helpers/run.ts';

// Evaluated in the page, where the DOM is; the kit's tsconfig has no DOM types.
declare const document: { body: { innerText: string }; documentElement: { scrollWidth: number; clientWidth: number } };

function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const chromium = findChromium();
const dir = tempDir();
const grid = { logistic_regression: [{ scaler: ['standard', 'minmax'], classifier__C: [0.1, 1, 10] }] };
const trainedIris = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 1, environment: TEST_ENVIRONMENT });
const artifact = asClassifier(trainedIris.artifact);
const { evaluation } = trainedIris;
const reportPath = join(dir, 'model.report.html');
writeFileSync(reportPath, renderReport({ artifact, evaluation, run: { id: '20261124-000000-abcd', startedAt: '2026-11-24T00:00:00.000Z', durationSeconds: 1.2, command: 'npm run train --', status: 'succeeded' } }));

test('the iris report is one self-contained file under 200 KB: no script, no external reference', () => {
  const html = readFileSync(reportPath, 'utf8');
  assert.ok(statSync(reportPath).size <= 200 * 1024, `${statSync(reportPath).size} bytes`);
  assert.doesNotMatch(html, /<script|<link|@import|url\(|src=|href=/i);
});

test('the report renders in headless Chromium: no console error, no network request, every plot present and not blank', { skip: chromium || process.env.CI ? false : 'chromium is not installed (apt-get install chromium); CI installs it' }, async () => {
  assert.ok(chromium, 'CI must have chromium: .ci/run installs it');
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
  await page.setViewport({ width: 1000, height: 800 });
  await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(reportPath).href], 'the page itself and nothing else');

  const screenshot = join(dir, 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.ok(statSync(screenshot).size > 50_000, 'a full-page screenshot with content');

  await assertChartsDrawn(page, ['class balance', 'cross-validation accuracy of every logistic_regression setting', 'confusion matrix', 'ROC curves', 'calibration', 'coefficients']);
  const text = await page.evaluate(() => document.body.innerText);
  for (const heading of ['The data', 'The search', 'The winner on the test part', 'What drives it', 'Provenance']) assert.ok(text.includes(heading), heading);
  assert.match(text, new RegExp(artifact.modelVersion));

  // On a phone: nothing wider than the screen (tables scroll inside their own box).
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow} px on a 390 px screen`);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 20_000, 'it prints');
});

/** The page's charts are the expected ones, each drawn at a real size with more than 1 % of its pixels inked. */
async function assertChartsDrawn(page: Page, expected: string[]): Promise<void> {
  const charts = await page.$$('svg.chart');
  const labels = await Promise.all(charts.map((chart) => chart.evaluate((element) => element.getAttribute('aria-label'))));
  assert.deepEqual(labels, expected);
  for (const [i, chart] of charts.entries()) {
    const box = (await chart.boundingBox())!;
    assert.ok(box.width > 150 && box.height > 60, `${labels[i]}: drawn at ${box.width}×${box.height}`);
    const png = PNG.sync.read(Buffer.from(await chart.screenshot()));
    let inked = 0;
    for (let p = 0; p < png.data.length; p += 4) if (png.data[p] < 200 || png.data[p + 1] < 200 || png.data[p + 2] < 200) inked++;
    const share = inked / (png.width * png.height);
    assert.ok(share > 0.01, `${labels[i]}: ${(share * 100).toFixed(2)} % of its pixels drawn`);
  }
}

test('reports of other families in Chromium: the families compared, and impurity (forest) or permutation (KNN) importance instead of coefficients', { skip: chromium || process.env.CI ? false : 'chromium is not installed' }, async () => {
  const families = { knn: [{ scaler: ['standard'], classifier__n_neighbors: [5, 9] }], random_forest: [{ scaler: ['standard'], classifier__n_estimators: [50] }], naive_bayes: [{ scaler: ['standard'] }] };
  // Every family's report, as --keep-all writes them.
  const trained = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid: families, jobs: 1, environment: TEST_ENVIRONMENT, everyFamily: true });
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  for (const [family, method] of [['random_forest', 'Impurity'], ['knn', 'Permutation']] as const) {
    const outcome = trained.families.find((entry) => entry.family === family)!;
    const path = join(dir, `${family}.report.html`);
    writeFileSync(path, renderReport({ artifact: outcome.artifact, evaluation: outcome.evaluation, run: { id: 'r', startedAt: '2026-11-24T00:00:00.000Z', durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } }));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    assert.deepEqual(problems, []);
    await assertChartsDrawn(page, ['class balance', 'cross-validation accuracy of each family', `cross-validation accuracy of every ${family} setting`, 'confusion matrix', 'ROC curves', 'calibration', 'feature importance']);
    const text = await page.evaluate(() => document.body.innerText);
    assert.match(text, new RegExp(`${method} importance`));
    assert.match(text, new RegExp(`the search chose ${trained.family}|the search chose it`));
    for (const name of ['knn', 'random_forest', 'naive_bayes']) assert.ok(text.includes(name), `the families table lists ${name}`);
  }
});

test('with --test-size 0 the report shows the cross-validation scores and says there is no test part', async () => {
  const { artifact: cvOnly, evaluation: none } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid, jobs: 1, environment: TEST_ENVIRONMENT });
  assert.equal(none, null);
  const html = renderReport({ artifact: cvOnly, evaluation: none, run: { id: 'r', startedAt: '2026-11-24T00:00:00.000Z', durationSeconds: 1, command: 'npm run train -- --test-size 0', status: 'succeeded' } });
  assert.match(html, /No test part \(--test-size 0\): the scores are cross-validation's\./);
  assert.match(html, new RegExp(`<td>log-loss</td><td class="n">—</td><td class="n">${(-cvOnly.metrics.cv!.neg_log_loss!.mean).toFixed(4)} ± `));
  assert.doesNotMatch(html, /aria-label="ROC curves"/);
});

test('a wide model and a large test part keep the page small: the 40 strongest coefficient columns, 400 points per ROC curve', () => {
  const inputs = Array.from({ length: 50 }, (_, j) => ({ ...artifact.inputs[0], name: `x${j}` }));
  const linear = artifact.classifier as LinearClassifier;
  const weights = linear.weights.map((_, k) => Array.from({ length: 50 }, (_, j) => (j === 7 ? 9 : ((j * 7 + k) % 11) / 10)));
  const columns = inputs.map((input) => ({ name: input.name, type: 'numeric' as const, missing: 0 }));
  const wide = { ...artifact, inputs, data: { ...artifact.data, columns }, features: inputs.map((input) => input.name), classifier: { ...linear, weights }, scaler: { kind: 'standard' as const, center: new Array(50).fill(0), scale: new Array(50).fill(1) } };
  const rows = 6000;
  const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
  const probabilities = Float64Array.from({ length: rows * 3 }, (_, i) => ((i * 7919) % 1000) / 1000 / 1.5);
  const html = renderReport({ artifact: wide, evaluation: { y, outputs: probabilities }, run: { id: 'r', startedAt: '2026-11-24T00:00:00.000Z', durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } });
  assert.match(html, /of the 40 strongest of 50 encoded columns/);
  assert.match(html, />x7</, 'the strongest column is among them');
  const points = [...html.matchAll(/<polyline points="([^"]*)"/g)].map((match) => match[1].split(' ').length);
  assert.ok(points.length >= 3 && points.every((count) => count <= 400), `points per curve: ${points.join(', ')}`);
  assert.ok(html.length < 200 * 1024, `${html.length} bytes`);
});

test('no label is cut off: 24 long setting labels ("21." stays "21.") and the legend of 14 classes all lie inside their charts', { skip: chromium || process.env.CI ? false : 'chromium is not installed' }, async () => {
  const blobs = gaussianBlobs({ classes: 14, features: 3, rowsPerClass: 20, separation: 3, seed: 3 });
  const data = parseCsvDataset(Buffer.from(blobs.csv), 'blobs.csv');
  const knn = { knn: [{ scaler: ['standard', 'minmax'], classifier__n_neighbors: [3, 5, 7, 9, 11, 13], classifier__p: [1, 2], classifier__algorithm: ['kd_tree'], classifier__leaf_size: [30], classifier__metric: ['minkowski'], classifier__weights: ['uniform'] }] };
  const trained = await trainModel(data, { ...DEFAULT_TRAIN_OPTIONS, grid: knn, jobs: 1, environment: TEST_ENVIRONMENT });
  const path = join(dir, 'labels.report.html');
  writeFileSync(path, renderReport({ artifact: trained.artifact, evaluation: trained.evaluation, run: { id: 'r', startedAt: '2026-11-24T00:00:00.000Z', durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } }));
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 800 });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  const outside = await page.$$eval('svg.chart', (charts) =>
    charts.flatMap((chart) => {
      const frame = chart.getBoundingClientRect();
      return [...chart.querySelectorAll('text')]
        .filter((label) => {
          const box = label.getBoundingClientRect();
          return box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1;
        })
        .map((label) => `${chart.getAttribute('aria-label')}: ${label.textContent}`);
    }),
  );
  assert.deepEqual(outside, []);
  const text = await page.evaluate(() => document.body.innerText);
  assert.match(text, /21\. algorithm=kd_tree/);
});

test('the drift report in Chromium: no console error, no request but the page, every chart drawn, no label cut off', { skip: chromium || process.env.CI ? false : 'chromium is not installed' }, async () => {
  const artifactPath = join(dir, 'drift-model.json');
  writeFileSync(artifactPath, `${JSON.stringify(artifact, null, 2)}\n`);
  const lines = readFileSync(iris.source, 'utf8').trim().split('\n');
  const shifted = join(dir, 'drift-rows.csv');
  writeFileSync(shifted, `${lines[0]}\n${lines.slice(1).map((line) => line.replace(/^[\d.]+/, (value) => String(Number(value) + 1))).join('\n')}\n`);
  const report = join(dir, 'drift.html');
  const run = runScript('scripts/drift.ts', ['--data', shifted, '--artifact', artifactPath, '--out', report, '--runs-dir', join(dir, 'drift-runs')]);
  assert.equal(run.status, 3, run.stderr);
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  after(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
  await page.setViewport({ width: 1000, height: 800 });
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [pathToFileURL(report).href]);
  await assertChartsDrawn(page, [...artifact.features.map((name) => `${name}: reference and current shares`), 'predictions: reference and current shares']);
  const outside = await page.$$eval('svg.chart', (charts) =>
    charts.flatMap((chart) => {
      const frame = chart.getBoundingClientRect();
      return [...chart.querySelectorAll('text')].filter((label) => label.getBoundingClientRect().left < frame.left - 1 || label.getBoundingClientRect().right > frame.right + 1).map((label) => label.textContent);
    }),
  );
  assert.deepEqual(outside, []);
  assert.match(await page.evaluate(() => document.body.innerText), /drift found/);
});
