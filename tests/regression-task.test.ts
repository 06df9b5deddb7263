// What makes a target a regression, the regressor's quality gate, and its report in a
// real browser: integer class codes stay classes, a price or a count with many distinct
// whole numbers is a quantity, --task decides either way; a target shuffled against its
// rows is refused as no better than the training mean while the real one passes; the
// report's predicted-against-actual and residual plots are drawn with their points.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import puppeteer from 'puppeteer-core';
import { parseCsvDataset, type LoadOptions } from '../pipeline/data/csv.ts';
import { renderReport } from '../pipeline/report/html.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainResult } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir('kit-regression-task-');
const load = (text: string, options: LoadOptions = {}) => parseCsvDataset(Buffer.from(text), 'data.csv', options);
/** `rows` lines of "x,<target>": x a row number's small pattern, the target from `value(i)`. */
const table = (rows: number, value: (i: number) => string) => `x,y\n${Array.from({ length: rows }, (_, i) => `${i % 7},${value(i)}`).join('\n')}\n`;

test('integer-coded classes stay classification: 0/1, a few codes, 21 distinct codes in 1000 rows (under 5 % of them), codes written 0.0, 1.0', () => {
  for (const [text, classes] of [
    [table(100, (i) => String(i % 2)), 2],
    [table(300, (i) => String((i * 7) % 10)), 10],
    [table(1000, (i) => String(i % 21)), 21],
    // As pandas writes integer codes of a column that had gaps: 0.0, 1.0, 2.0.
    [table(90, (i) => `${i % 3}.0`), 3],
  ] as const) {
    const data = load(text);
    assert.equal(data.task, 'classification', data.taskReason);
    assert.equal(data.classes.length, classes);
    assert.equal(data.taskReason, `${classes} distinct labels`);
    assert.equal(data.values, null);
  }
});

test('a price with decimals and a count of many distinct whole numbers are regression, with the reason', () => {
  const price = load(table(60, (i) => (100 + i * 1.25).toFixed(2)));
  assert.equal(price.task, 'regression');
  assert.match(price.taskReason, /^the target holds numbers with decimals \(60 distinct values\)/);
  assert.deepEqual(Array.from(price.values!.subarray(0, 3)), [100, 101.25, 102.5]);
  assert.deepEqual(price.classes, []);
  // Even a price whose only decimal is on one row: the cells are numbers, not codes.
  assert.equal(load(table(30, (i) => (i === 29 ? '4.5' : String(i % 3)))).task, 'regression');
  const count = load(table(400, (i) => String((i * 37) % 150)));
  assert.equal(count.task, 'regression');
  assert.equal(count.taskReason, 'the target holds 150 distinct whole numbers in 400 rows, a quantity rather than classes; --task classification reads them as classes');
  assert.equal(count.values![1], 37);
  // The public tables as they are: Boston's medv and mtcars' mpg (decimals), diabetes' progression
  // (214 whole numbers in 442 rows), airquality's Ozone (whole numbers; its 37 rows without one left out).
  for (const [name, target, why] of [['boston', 'medv', /decimals/], ['mtcars', 'mpg', /decimals/], ['diabetes', 'target', /^the target holds 214 distinct whole numbers in 442 rows/], ['airquality', 'Ozone', /^the target holds 67 distinct whole numbers in 116 rows/]] as const) {
    const data = parseCsvDataset(readFileSync(join(ROOT, `tests/fixtures/tables/regression/${name}.csv`)), `${name}.csv`, { target });
    assert.equal(data.task, 'regression', name);
    assert.match(data.taskReason, why, name);
  }
});

test('--task regression and --task classification decide either way; regression refuses a constant target, and one that is not numbers naming the line', () => {
  const codes = table(100, (i) => String(i % 3));
  const forced = load(codes, { task: 'regression' });
  assert.equal(forced.task, 'regression');
  assert.equal(forced.taskReason, '--task regression');
  assert.deepEqual(Array.from(forced.values!.subarray(0, 4)), [0, 1, 2, 0]);
  const price = table(60, (i) => (100 + i * 1.25).toFixed(2));
  const asClasses = load(price, { task: 'classification' });
  assert.equal(asClasses.task, 'classification');
  assert.equal(asClasses.taskReason, '--task classification: 60 classes');
  assert.equal(asClasses.classes.length, 60);
  // A target of one value leaves nothing to explain: refused as it is read, not after training.
  assert.throws(() => load(table(60, () => '2.5')), /^DatasetError: data\.csv: column "y" holds one value \(2\.5\) on every labelled row; a regressor needs a target that varies$/);
  assert.throws(() => load(table(60, () => '7'), { task: 'regression' }), /column "y" holds one value \(7\) on every labelled row/);
  assert.throws(() => load(table(10, (i) => (i === 4 ? 'n/a?' : String(i))), { task: 'regression' }), /^DatasetError: data\.csv: --task regression: column "y" is not numbers only \(the first other value is "n\/a\?" on line 6\)/);
});

test('npm run train -- --task: an unknown task is refused naming the flag; --task regression trains whole-number codes as a quantity and the summary says so', () => {
  const data = join(dir, 'codes.csv');
  // y = 2x + 1 in 7 distinct whole numbers: classes unless told otherwise.
  writeFileSync(data, `x,z,y\n${Array.from({ length: 100 }, (_, i) => `${i % 7},${(i * 3) % 5},${2 * (i % 7) + 1}`).join('\n')}\n`);
  assert.equal(load(readFileSync(data, 'utf8')).task, 'classification');
  const bad = runScript('scripts/train.ts', ['--data', data, '--task', 'numbers', '--out', join(dir, 'bad.json')]);
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(bad.stderr.split('\n')[0], '--task must be one of classification, regression, got "numbers"');
  const gridPath = join(dir, 'linear.json');
  writeFileSync(gridPath, JSON.stringify({ linear_regression: [{ scaler: ['standard'] }] }));
  const out = join(dir, 'codes-model.json');
  const run = runScript('scripts/train.ts', ['--data', data, '--task', 'regression', '--grid', gridPath, '--jobs', '1', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /a numeric target: regression \(--task regression\)/);
  const artifact = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(artifact.task, 'regression');
  assert.equal(artifact.data.taskReason, '--task regression');
});

// --- the gate: the real target against the same values shuffled across the rows ----------
const bostonText = readFileSync(join(ROOT, 'tests/fixtures/tables/regression/boston.csv'), 'utf8');
const ridge = { ridge: [{ scaler: ['standard'], regressor__alpha: [1] }] };
function shuffledBoston(seed: number): string {
  const [header, ...lines] = bostonText.trim().split('\n');
  const cells = lines.map((line) => line.split(','));
  const target = cells.map((row) => row[row.length - 1]);
  // Fisher–Yates with a fixed linear congruential stream: the same permutation every run.
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = target.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [target[i], target[j]] = [target[j], target[i]];
  }
  return `${header}\n${cells.map((row, i) => [...row.slice(0, -1), target[i]].join(',')).join('\n')}\n`;
}

test('the regressor gate: Boston\'s medv passes; the same values shuffled across the rows are refused as no better than the training mean', async () => {
  const train = (text: string) => trainModel(parseCsvDataset(Buffer.from(text), 'boston.csv', { target: 'medv' }), { ...DEFAULT_TRAIN_OPTIONS, grid: ridge, jobs: 1, environment: TEST_ENVIRONMENT });
  const real = await train(bostonText);
  assert.equal(real.gate.passed, true, real.gate.reason);
  assert.ok(real.gate.score > 0.5 && real.gate.baselineScore <= 0, `R² ${real.gate.score} against the mean's ${real.gate.baselineScore}`);
  assert.equal(real.artifact.metrics.gate.baseline, 'mean');
  const shuffledText = shuffledBoston(20261203);
  assert.notEqual(shuffledText, bostonText);
  assert.deepEqual(shuffledText.trim().split('\n').map((line) => line.split(',').at(-1)).sort(), bostonText.trim().split('\n').map((line) => line.split(',').at(-1)).sort(), 'the same values');
  const shuffled = await train(shuffledText);
  assert.equal(shuffled.gate.passed, false);
  assert.match(shuffled.gate.reason!, /^R² -?\d\.\d{3} on the test part does not clearly beat predicting the training mean \(R² -?\d\.\d{3}\)/);
  assert.ok(shuffled.gate.score < 0.05, `R² ${shuffled.gate.score}`);
  // With --test-size 0 the gate judges the out-of-fold predictions, and refuses it as well.
  const cvOnly = await trainModel(parseCsvDataset(Buffer.from(shuffledText), 'boston.csv', { target: 'medv' }), { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid: ridge, jobs: 1, environment: TEST_ENVIRONMENT });
  assert.equal(cvOnly.gate.passed, false);
  assert.match(cvOnly.gate.reason!, /^R² -?\d\.\d{3} out of fold does not clearly beat predicting the training mean/);
});

test('npm run train refuses the shuffled target: exit 1, the reason on stderr, no model written', () => {
  const data = join(dir, 'shuffled.csv');
  writeFileSync(data, shuffledBoston(20261203));
  const gridPath = join(dir, 'ridge.json');
  writeFileSync(gridPath, JSON.stringify(ridge));
  const out = join(dir, 'shuffled-model.json');
  const run = runScript('scripts/train.ts', ['--data', data, '--target', 'medv', '--grid', gridPath, '--jobs', '1', '--out', out]);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /Refusing to write the model: R² .* does not clearly beat predicting the training mean/);
  assert.equal(existsSync(out), false);
});

// --- the report in Chromium ---------------------------------------------------------------
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
const inChromium = { skip: chromium || process.env.CI ? false : 'chromium is not installed' };

/** Opens the report of `outcome` in Chromium: no console error; each chart's label, size, points inside it and share of inked pixels. */
async function chartsOf(name: string, outcome: { artifact: TrainResult['artifact']; evaluation: TrainResult['evaluation'] }) {
  assert.ok(chromium, 'CI must have chromium');
  const path = join(dir, `${name}.report.html`);
  writeFileSync(path, renderReport({ artifact: outcome.artifact, evaluation: outcome.evaluation, run: { id: 'r', startedAt: '2026-12-03T00:00:00.000Z', durationSeconds: 1, command: 'npm run train --', status: 'succeeded' } }));
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    assert.deepEqual(problems, []);
    const charts = [];
    for (const chart of await page.$$('svg.chart')) {
      const facts = await chart.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const inside = [...element.querySelectorAll('circle')].filter((point) => {
          const p = point.getBoundingClientRect();
          return p.width > 0 && p.left >= box.left && p.right <= box.right && p.top >= box.top && p.bottom <= box.bottom;
        });
        return { label: element.getAttribute('aria-label'), width: box.width, height: box.height, points: inside.length };
      });
      const png = PNG.sync.read(Buffer.from(await chart.screenshot()));
      let inked = 0;
      for (let p = 0; p < png.data.length; p += 4) if (png.data[p] < 200 || png.data[p + 1] < 200 || png.data[p + 2] < 200) inked++;
      charts.push({ ...facts, inked: inked / (png.width * png.height) });
    }
    return { charts, text: (await page.evaluate('document.body.innerText')) as string };
  } finally {
    await browser.close();
  }
}

function assertScatters(charts: Awaited<ReturnType<typeof chartsOf>>['charts'], testRows: number) {
  for (const chart of charts) {
    assert.ok(chart.width > 150 && chart.height > 60, `${chart.label}: drawn at ${chart.width}×${chart.height}`);
    assert.ok(chart.inked > 0.01, `${chart.label}: ${(chart.inked * 100).toFixed(2)} % of its pixels drawn`);
  }
  for (const label of ['predicted against actual', 'residuals against predicted']) assert.equal(charts.find((chart) => chart.label === label)!.points, testRows, `${label}: a point per test row, inside the chart`);
}

test('the ridge report in Chromium: the target, predicted against actual, residuals (a point per test row), their histogram and the coefficients, all drawn', inChromium, async () => {
  const trained = await trainModel(parseCsvDataset(Buffer.from(bostonText), 'boston.csv', { target: 'medv' }), { ...DEFAULT_TRAIN_OPTIONS, grid: ridge, jobs: 1, environment: TEST_ENVIRONMENT });
  assert.equal(trained.evaluation!.outputs.length, 102);
  const { charts, text } = await chartsOf('ridge', trained);
  assert.deepEqual(charts.map((chart) => chart.label), ['target distribution', 'predicted against actual', 'residuals against predicted', 'residual histogram', 'coefficients']);
  assertScatters(charts, 102);
  for (const words of ['The winner on the test part', 'RMSE', 'training mean as the prediction (R²)']) assert.ok(text.includes(words), words);
});

test('forest and KNN regression reports in Chromium: the families compared, the scatter and residual plots, feature importance instead of coefficients', inChromium, async () => {
  const families = { random_forest: [{ scaler: ['standard'], regressor__n_estimators: [10] }], knn: [{ scaler: ['standard'], regressor__n_neighbors: [5, 7] }] };
  // Every family's report, as --keep-all writes them.
  const trained = await trainModel(parseCsvDataset(Buffer.from(bostonText), 'boston.csv', { target: 'medv' }), { ...DEFAULT_TRAIN_OPTIONS, grid: families, jobs: 1, environment: TEST_ENVIRONMENT, everyFamily: true });
  for (const outcome of trained.families) {
    const { charts } = await chartsOf(outcome.family, outcome);
    assert.deepEqual(charts.map((chart) => chart.label), ['target distribution', 'cross-validation R² of each family', `cross-validation R² of every ${outcome.family} setting`, 'predicted against actual', 'residuals against predicted', 'residual histogram', 'feature importance']);
    assertScatters(charts, 102);
  }
});
