// Every family, every input the validation accepts: finite probabilities that sum to 1,
// or a 400. Probed with extreme finite values (1e80 to a polynomial kernel's 4th power
// overflowed to NaN before) and with arbitrary doubles, through the prediction service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { iris, TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';

const one = (family: string, settings: Record<string, unknown>, scaler = 'standard') => ({ [family]: [{ scaler: [scaler], ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [`classifier__${key}`, [value]])) }] });
const MODELS: [string, Record<string, unknown>][] = [
  ['svc poly 4 (standard)', one('svc', { kernel: 'poly', degree: 4, C: 1 })],
  ['svc poly 5 (minmax, C 100)', one('svc', { kernel: 'poly', degree: 5, C: 100 }, 'minmax')],
  ['svc poly 3', one('svc', { kernel: 'poly', degree: 3, C: 10 })],
  ['svc rbf', one('svc', { kernel: 'rbf', C: 1 })],
  ['svc linear', one('svc', { kernel: 'linear', C: 1 })],
  ['svc sigmoid', one('svc', { kernel: 'sigmoid', C: 1 })],
  ['knn p=3', one('knn', { n_neighbors: 5, p: 3 })],
  ['knn p=1.5', one('knn', { n_neighbors: 3, p: 1.5 })],
  ['logistic regression, multinomial', one('logistic_regression', { C: 1 })],
  ['logistic regression, ovr', one('logistic_regression', { C: 10, multi_class: 'ovr' }, 'minmax')],
  ['decision tree', one('decision_tree', { max_depth: 5 })],
  ['random forest', one('random_forest', { n_estimators: 10 })],
  ['naive Bayes', one('naive_bayes', {})],
  ['naive Bayes, var_smoothing 0', one('naive_bayes', { var_smoothing: 0 })],
];
const EXTREMES = [1e80, -1e80, 1e308, -1.7976931348623157e308, 5e-324, -5e-324, 0, 1e15, 3.4e38, -1e200, 1e-300];
const features = iris.featureNames;

async function serviceOf(grid: Record<string, unknown>, data = iris) {
  const { artifact } = await trainModel(data, { ...DEFAULT_TRAIN_OPTIONS, grid: grid as never, jobs: 1, environment: TEST_ENVIRONMENT });
  return createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
}

function checkAnswer(service: Awaited<ReturnType<typeof serviceOf>>, rows: number[][]): void {
  const body = JSON.stringify({ instances: rows.map((row) => Object.fromEntries(features.map((name, j) => [name, row[j]]))) });
  const response = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body });
  if (response.status === 400) return;
  assert.equal(response.status, 200, response.body);
  const answer = JSON.parse(response.body) as { predictions: { probabilities: Record<string, number> }[] };
  answer.predictions.forEach((prediction, i) => {
    const values = Object.values(prediction.probabilities);
    assert.ok(values.every((value) => Number.isFinite(value) && value >= 0 && value <= 1), `row ${JSON.stringify(rows[i])}: ${JSON.stringify(prediction.probabilities)}`);
    assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) <= 1e-9, `row ${JSON.stringify(rows[i])}: sums to ${values.reduce((a, b) => a + b, 0)}`);
  });
}

for (const [name, grid] of MODELS) {
  test(`${name}: extreme and arbitrary finite inputs give finite probabilities summing to 1`, async () => {
    const service = await serviceOf(grid);
    const rows: number[][] = [];
    for (const a of EXTREMES) for (const b of [1, a, -a]) rows.push([a, b, 1.4, 0.2], [a, a, a, a], [5.1, 3.5, a, b], [b, -a, a, 0]);
    checkAnswer(service, rows);
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 20 }), (batch) => checkAnswer(service, batch)),
      { numRuns: 60, seed: 17 },
    );
  });
}

test('a naive Bayes model whose variances are tiny: every class too far away still gives the nearest class all the probability', async () => {
  const { artifact } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid: one('naive_bayes', {}) as never, jobs: 1, environment: TEST_ENVIRONMENT });
  const model = servingModelOf(artifact);
  const classifier = model.classifier as { var: number[][] };
  // Tiny variances, the widest in the last class: it is the nearest in the limit.
  classifier.var = classifier.var.map((row, k) => row.map(() => 10 ** (k - 200)));
  const service = createPredictionService(model, readConfig({}), () => {});
  const response = service.handle({ method: 'POST', path: '/', headers: {}, body: JSON.stringify({ sepal_length: 1e80, sepal_width: 1, petal_length: 1.4, petal_width: 0.2 }) });
  assert.equal(response.status, 200, response.body);
  const values = Object.values((JSON.parse(response.body) as { probabilities: Record<string, number> }).probabilities);
  assert.deepEqual(values, [0, 0, 1]);
});

test('binary models (one sigmoid, one SVC pair) stay finite too', async () => {
  const binary = parseCsvDataset(Buffer.from(`x,y,label\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 ? 'yes' : 'no'}`).join('\n')}\n`), 'binary.csv');
  for (const grid of [one('logistic_regression', { C: 1 }), one('svc', { kernel: 'poly', degree: 5, C: 1 })]) {
    const { artifact } = await trainModel(binary, { ...DEFAULT_TRAIN_OPTIONS, grid: grid as never, jobs: 1, environment: TEST_ENVIRONMENT });
    const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
    for (const a of EXTREMES) {
      const response = service.handle({ method: 'POST', path: '/', headers: {}, body: JSON.stringify({ x: a, y: -a }) });
      assert.equal(response.status, 200);
      const values = Object.values((JSON.parse(response.body) as { probabilities: Record<string, number> }).probabilities);
      assert.ok(values.every(Number.isFinite) && Math.abs(values[0] + values[1] - 1) <= 1e-12, `${a}: ${values}`);
    }
  }
});
