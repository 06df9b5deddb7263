// SVR against scikit-learn 1.2.1's libsvm on Boston housing and diabetes, fitted and
// predicted on every row after the kit's StandardScaler (fixture from
// tests/fixtures/sklearn/generate_svr.py): the same iterations (n_iter_), support vectors,
// dual coefficients and intercept, and every prediction through the served kind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as z from 'zod/mini';
import type { ShapeChecks } from '../pipeline/artifact/model-parts.ts';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import type { Params } from '../pipeline/models/families.ts';
import { REGRESSION_FAMILIES } from '../pipeline/models/regression-families.ts';
import { REGRESSION_KINDS } from '../pipeline/models/regression-kinds.ts';
import type { SvrFit } from '../pipeline/models/svr/fit.ts';
import type { SvrRegressor } from '../pipeline/models/svr/inference.ts';
import { fitScaler, transform } from '../pipeline/preprocess/scalers.ts';
import { numericTable } from './helpers/regression-tables.ts';

interface Case {
  params: Params;
  n_iter: number;
  gamma: number;
  intercept: number;
  support: number[];
  dual_coef: number[];
  predictions: number[];
  converged: boolean;
  /** scikit-learn fed pandas' column-major array, as a notebook is: other last bits in the scaler. */
  column_major?: { n_iter: number; intercept: number; predictions: number[] };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/svr-parity.json', import.meta.url), 'utf8')) as { datasets: Record<string, { target: string; cases: Case[] }> };

// Measured: dual coefficients and intercepts equal to the bit; predictions equal for linear
// and poly kernels, within 5.7e-14 relative for rbf and sigmoid (exp's last bit, times
// dual coefficients up to C = 100), and within 4.6e-12 against the column-major path.
const COEF_TOLERANCE = 1e-14;
const PREDICTION_TOLERANCE = 5e-13;
const COLUMN_MAJOR_TOLERANCE = 4.5e-11;

/** Largest |a − b| / max(1, |b|). */
function largestDifference(ours: ArrayLike<number>, theirs: readonly number[]): number {
  assert.equal(ours.length, theirs.length);
  let largest = 0;
  theirs.forEach((b, i) => (largest = Math.max(largest, Math.abs(ours[i] - b) / Math.max(1, Math.abs(b)))));
  return largest;
}

function fitTable(name: string, target: string, given: Params) {
  const { X, y } = numericTable(name, target);
  const scaler = fitScaler.standard(X, X.cols);
  const family = REGRESSION_FAMILIES.svr;
  const params = { ...family.defaults, ...given };
  for (const [key, value] of Object.entries(params)) assert.equal(family.rules[key]?.(value), undefined, `svr.${key} = ${JSON.stringify(value)}`);
  const fit = family.fit(transform(scaler, X), y, params, { seed: 0 }) as SvrFit;
  const predictions = REGRESSION_KINDS.svr.predict({ scaler, regressor: fit.regressor }, X);
  return { X, fit, predictions, scaler };
}

for (const [name, dataset] of Object.entries(fixture.datasets)) {
  for (const expected of dataset.cases) {
    test(`${name} ${JSON.stringify(expected.params)}: libsvm's iterations, support vectors, dual coefficients, intercept and every prediction`, (t) => {
      const { fit, predictions } = fitTable(name, dataset.target, expected.params);
      const regressor = fit.regressor;
      assert.deepEqual(fit.iterations, [expected.n_iter], 'n_iter_');
      assert.equal(fit.converged, expected.converged, 'converged');
      assert.equal(regressor.gamma, expected.gamma, 'gamma');
      assert.deepEqual(fit.supportRows, expected.support, 'support_');
      const coefDifference = largestDifference(regressor.dual_coef, expected.dual_coef);
      const interceptDifference = largestDifference([regressor.intercept], [expected.intercept]);
      const predictionDifference = largestDifference(predictions, expected.predictions);
      let figures = `n_iter_ ${fit.iterations[0]}; largest relative differences: dual coefficients ${coefDifference.toExponential(1)}, intercept ${interceptDifference.toExponential(1)}, predictions ${predictionDifference.toExponential(1)}`;
      const notebook = expected.column_major;
      if (notebook) {
        assert.equal(fit.iterations[0], notebook.n_iter, 'n_iter_ (column-major input)');
        const difference = largestDifference(predictions, notebook.predictions);
        figures += `, against the column-major path ${difference.toExponential(1)}`;
        assert.ok(difference <= COLUMN_MAJOR_TOLERANCE, `predictions (column-major input): ${difference}`);
      }
      t.diagnostic(figures);
      assert.ok(coefDifference <= COEF_TOLERANCE, `dual coefficients: ${coefDifference}`);
      assert.ok(interceptDifference <= COEF_TOLERANCE, `intercept: ${interceptDifference}`);
      assert.ok(predictionDifference <= PREDICTION_TOLERANCE, `predictions: ${predictionDifference}`);
    });
  }
}

function shapeProblems(regressor: SvrRegressor, width: number): string[] {
  const problems: string[] = [];
  const checks: ShapeChecks = {
    expect: (ok, path, message) => void (ok || problems.push(`${path}: ${message}`)),
    expectLength: (path, actual, expected, what) => void (actual === expected || problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`)),
  };
  REGRESSION_KINDS.svr.check(regressor, { width }, checks);
  return problems;
}

test('the served SVR: its schema and checks pass a fit, and refuse a regressor that does not fit its shape, with the path of the problem', () => {
  const { X, fit } = fitTable('diabetes', 'target', {});
  const parsed = z.safeParse(REGRESSION_KINDS.svr.schema, JSON.parse(JSON.stringify(fit.regressor)));
  assert.ok(parsed.success, parsed.error?.message);
  const regressor = parsed.data as SvrRegressor;
  assert.deepEqual(shapeProblems(regressor, X.cols), []);
  const count = regressor.support_vectors.length;
  assert.deepEqual(shapeProblems({ ...regressor, dual_coef: regressor.dual_coef.slice(1) }, X.cols), [`regressor.dual_coef: has ${count - 1} entries, expected ${count} (one per support vector)`]);
  assert.deepEqual(shapeProblems({ ...regressor, support_vectors: [regressor.support_vectors[0].slice(1), ...regressor.support_vectors.slice(1)] }, X.cols), [`regressor.support_vectors[0]: has ${X.cols - 1} entries, expected ${X.cols} (one value per encoded column)`]);
  assert.deepEqual(shapeProblems({ ...regressor, support_vectors: [regressor.support_vectors[0].map(() => 1e101), ...regressor.support_vectors.slice(1)] }, X.cols), ['regressor.support_vectors[0]: values must be at most 1e+100 in absolute value']);
  assert.deepEqual(shapeProblems({ ...regressor, kernel: 'cosine' as never, degree: 2.5 }, X.cols), ['regressor.kernel: must be one of "rbf", "poly", "linear", "sigmoid"', 'regressor.degree: must be a whole number of at least 0']);
  assert.deepEqual(shapeProblems({ ...regressor, gamma: 1e101, coef0: -1e101 }, X.cols), ['regressor.gamma: must be from 0 to 1e+100', 'regressor.coef0: must be at most 1e+100 in absolute value']);
  assert.deepEqual(shapeProblems({ ...regressor, dual_coef: regressor.dual_coef.map(() => 1e199), intercept: -1e201 }, X.cols), ['regressor.dual_coef: the absolute values must sum to at most 1e+200', 'regressor.intercept: must be at most 1e+200 in absolute value']);
  const parsedBad = z.safeParse(REGRESSION_KINDS.svr.schema, { ...regressor, dual_coef: 'x' });
  assert.equal(parsedBad.success, false);
});

test('a polynomial kernel far outside the training data: predictions stay numbers (±MAX_VALUE past any double), with the sign of the sum', () => {
  const { X, fit, scaler } = fitTable('diabetes', 'target', { kernel: 'poly', degree: 5, C: 10 });
  const huge = matrixFromRows([Array.from({ length: X.cols }, () => 1e80), Array.from({ length: X.cols }, () => -1e80), Array.from({ length: X.cols }, (_, j) => (j % 2 ? 1e308 : -1e308))]);
  const predictions = REGRESSION_KINDS.svr.predict({ scaler, regressor: fit.regressor }, huge);
  assert.ok(predictions.every(Number.isFinite), String(Array.from(predictions)));
  // Degree 5 is odd: K(sv, −x) = −K(sv, x) once coef0 is negligible, so the two answers are opposite.
  assert.equal(Math.abs(predictions[0]), Number.MAX_VALUE);
  assert.equal(predictions[1], -predictions[0]);
});
