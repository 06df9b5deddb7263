import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { parseVerifiedArtifact, serializeArtifact } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { matrixFromRows, rowsOf } from '../pipeline/data/matrix.ts';
import { seededRandom } from '../pipeline/data/split.ts';
import { fitLogisticRegression } from '../pipeline/models/logistic_regression/fit.ts';
import { createLossProblem, lossAndGradient } from '../pipeline/models/logistic_regression/loss.ts';
import { LOGISTIC_REGRESSION_DEFAULTS } from '../pipeline/models/logistic_regression/params.ts';
import { trainModel } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';

const random = seededRandom(3);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function randomProblem(rows: number, cols: number, classes: number) {
  const X = matrixFromRows(Array.from({ length: rows }, () => Array.from({ length: cols }, gaussian)));
  const y = Int32Array.from({ length: rows }, (_, i) => i % classes);
  return { X, y };
}

test('the loss gradient equals central finite differences (binary and multinomial, with and without intercept)', () => {
  for (const [scoreRows, classes, fitIntercept, l2] of [
    [1, 2, true, 0.7],
    [1, 2, false, 0],
    [4, 4, true, 0.3],
    [3, 3, false, 1.5],
  ] as const) {
    const { X, y } = randomProblem(40, 5, classes);
    const problem = createLossProblem(X, y, scoreRows, 1, fitIntercept, l2);
    const w = Float64Array.from({ length: scoreRows * problem.stride }, () => gaussian() * 0.5);
    const gradient = new Float64Array(w.length);
    lossAndGradient(problem, w, gradient);
    const scratch = new Float64Array(w.length);
    for (let p = 0; p < w.length; p++) {
      const h = 1e-6;
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[p] += h;
      minus[p] -= h;
      const numeric = (lossAndGradient(problem, plus, scratch) - lossAndGradient(problem, minus, scratch)) / (2 * h);
      assert.ok(Math.abs(numeric - gradient[p]) < 1e-6 * Math.max(1, Math.abs(numeric)), `rows ${scoreRows}, parameter ${p}: analytic ${gradient[p]}, numeric ${numeric}`);
    }
  }
});

test('separable data: l2 keeps the weights finite and converges; no penalty reports non-convergence instead of stopping silently', () => {
  const X = matrixFromRows([[-2], [-1], [-0.5], [0.5], [1], [2]]);
  const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
  const l2 = fitLogisticRegression(X, y, 2, { ...LOGISTIC_REGRESSION_DEFAULTS, C: 1 });
  assert.equal(l2.converged, true);
  assert.ok(l2.classifier.weights[0].every(Number.isFinite) && Math.abs(l2.classifier.weights[0][0]) < 10, `weights ${l2.classifier.weights}`);
  // The unpenalized optimum is at infinity: a capped fit says it did not converge.
  const none = fitLogisticRegression(X, y, 2, { ...LOGISTIC_REGRESSION_DEFAULTS, penalty: 'none', max_iter: 5 });
  assert.equal(none.converged, false);
  assert.deepEqual(none.iterations, [5]);
  assert.ok(none.classifier.weights[0][0] > l2.classifier.weights[0][0]);
  // Uncapped, it stops where the loss no longer falls measurably (scipy's relative-f rule), still finite.
  const uncapped = fitLogisticRegression(X, y, 2, { ...LOGISTIC_REGRESSION_DEFAULTS, penalty: 'none', max_iter: 10000 });
  assert.ok(uncapped.classifier.weights[0].every(Number.isFinite) && uncapped.classifier.weights[0][0] > none.classifier.weights[0][0]);
});

test('l1 gives exact zeros; a strong penalty removes every weight but keeps the intercept', () => {
  const { X } = randomProblem(200, 6, 2);
  // Only feature 0 carries the signal.
  const y = Int32Array.from({ length: 200 }, (_, i) => (X.data[i * 6] + 0.3 * gaussian() > 0 ? 1 : 0));
  const fit = fitLogisticRegression(X, y, 2, { ...LOGISTIC_REGRESSION_DEFAULTS, penalty: 'l1', C: 0.05, max_iter: 1000 });
  assert.equal(fit.converged, true);
  const [weights] = fit.classifier.weights;
  assert.ok(weights[0] > 0.5, `the informative weight ${weights[0]}`);
  assert.ok(weights.slice(1).filter((w) => w === 0).length >= 4, `noise weights ${weights.slice(1)}`);
  const strong = fitLogisticRegression(X, y, 2, { ...LOGISTIC_REGRESSION_DEFAULTS, penalty: 'l1', C: 1e-4, max_iter: 1000 });
  assert.deepEqual(strong.classifier.weights[0], [0, 0, 0, 0, 0, 0]);
  const positives = y.reduce((sum, label) => sum + label, 0);
  assert.ok(Math.abs(strong.classifier.intercepts[0] - Math.log(positives / (200 - positives))) < 1e-4, 'the intercept is the log-odds of the class balance');
});

test('a warm start from a nearby solution reaches the same optimum in fewer iterations', () => {
  const { X, y } = randomProblem(300, 8, 3);
  const params = { ...LOGISTIC_REGRESSION_DEFAULTS, tol: 1e-8, max_iter: 1000 };
  const previous = fitLogisticRegression(X, y, 3, { ...params, C: 1 });
  const cold = fitLogisticRegression(X, y, 3, { ...params, C: 2 });
  const warm = fitLogisticRegression(X, y, 3, { ...params, C: 2 }, previous.solution);
  assert.ok(warm.iterations[0] < cold.iterations[0], `warm ${warm.iterations} vs cold ${cold.iterations}`);
  warm.classifier.weights.flat().forEach((w, i) => assert.ok(Math.abs(w - cold.classifier.weights.flat()[i]) < 1e-5));
});

// Committed fixtures from tests/fixtures/sklearn/generate.py (scikit-learn 1.2.1, fitted to
// convergence on every row). Each case is trained the way a user would (--test-size 0, a
// one-setting grid with a tight tol) and served by the prediction service.
const parity = JSON.parse(readFileSync(new URL('./fixtures/sklearn/logistic-parity.json', import.meta.url), 'utf8')) as {
  cases: { data: string; config: string; params: Record<string, string | number>; probabilities: number[][] }[];
};
// scikit-learn's own lbfgs with the tol and max_iter the test gives the kit (generate_lbfgs.py):
// scipy's default ftol ends most of those fits before tol is met, short of the optimum.
const lbfgs = JSON.parse(readFileSync(new URL('./fixtures/sklearn/logistic-lbfgs.json', import.meta.url), 'utf8')) as {
  cases: { data: string; config: string; nIter: number[]; probabilities: number[][] }[];
};
// Measured: the kit's lbfgs ends where scikit-learn's does, within 2.4e-10 in probability.
const LBFGS_TOLERANCE = 2e-9;
const datasets = new Map<string, ReturnType<typeof loadCsvFile>>();
const load = (name: string) => {
  if (!datasets.has(name)) datasets.set(name, loadCsvFile(name === 'iris' ? IRIS_CSV_PATH : new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname));
  return datasets.get(name)!;
};

for (const parityCase of parity.cases) {
  const sameSolver = lbfgs.cases.find((entry) => entry.data === parityCase.data && entry.config === parityCase.config);
  // Over a hundred iterations, the last bits of a sum (BLAS's order; digits' constant
  // columns, which scikit-learn keeps and the kit drops) can move an ftol stop by a few
  // iterations: the same path is asserted where the iterations agree (all but digits one-vs-rest).
  const samePath = sameSolver && !(parityCase.data === 'digits' && parityCase.config === 'l2-ovr');
  const largestDifference = (a: number[][], b: number[][]) => a.reduce((worst, row, i) => row.reduce((w, p, k) => Math.max(w, Math.abs(p - b[i][k])), worst), 0);
  // Where scikit-learn's own lbfgs stops short of the optimum by more than 1e-4 (digits,
  // one-vs-rest: 2.2e-4), the kit is held to that distance, with 10 % to spare.
  const tolerance = Math.max(1e-4, sameSolver ? 1.1 * largestDifference(sameSolver.probabilities, parityCase.probabilities) : 0);
  test(`parity with scikit-learn: ${parityCase.data}, ${parityCase.config}: the function's probabilities within ${tolerance.toPrecision(2)} of the converged fit, same class on every row${samePath ? `, scikit-learn's lbfgs path, iteration for iteration, within ${LBFGS_TOLERANCE}` : ''}`, async (t) => {
    const data = load(parityCase.data);
    const { solver: _solver, ...params } = parityCase.params;
    const grid = { logistic_regression: [{ ...Object.fromEntries(Object.entries(params).map(([key, value]) => [key, [value]])), classifier__tol: [1e-8], classifier__max_iter: [10000] }] };
    const { artifact } = await trainModel(data, { seed: 0, folds: 2, testSize: 0, grid, jobs: 1, environment: TEST_ENVIRONMENT });
    assert.equal(artifact.selection.refit.converged, true);
    const served = servingModelOf(parseVerifiedArtifact(JSON.parse(serializeArtifact(artifact)), 'model.json'));
    const service = createPredictionService(served, readConfig({ MAX_BATCH: '5000', MAX_BODY_BYTES: String(8 << 20) }), () => {});
    const response = service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: rowsOf(data.X) }) });
    assert.equal(response.status, 200, response.body);
    const { predictions } = JSON.parse(response.body) as { predictions: { predicted_class: number; probabilities: Record<string, number> }[] };
    let worst = 0;
    predictions.forEach((prediction, i) => {
      const expected = parityCase.probabilities[i];
      const ours = data.classes.map((label) => prediction.probabilities[label]);
      ours.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - expected[k]))));
      assert.equal(prediction.predicted_class, expected.indexOf(Math.max(...expected)), `row ${i}: ${ours} vs ${expected}`);
    });
    assert.ok(worst <= tolerance, `largest difference ${worst}`);
    if (sameSolver) {
      const ours = predictions.map((prediction) => data.classes.map((label) => prediction.probabilities[label]));
      const difference = largestDifference(ours, sameSolver.probabilities);
      t.diagnostic(`converged fit: ${worst.toExponential(2)}; scikit-learn's lbfgs: ${difference.toExponential(2)}, iterations ${artifact.selection.refit.iterations.join(', ')} (scikit-learn ${sameSolver.nIter.join(', ')})`);
      if (samePath) {
        assert.deepEqual(artifact.selection.refit.iterations, sameSolver.nIter, "scikit-learn's n_iter_");
        assert.ok(difference <= LBFGS_TOLERANCE, `scikit-learn's lbfgs: largest difference ${difference}`);
      }
    }
  });
}
