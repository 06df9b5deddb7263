// The regression families against scikit-learn 1.2.1 on Boston housing and diabetes,
// fitted on every row after the kit's own StandardScaler / MinMaxScaler (fixture from
// tests/fixtures/sklearn/generate_regression.py). Each tolerance is 10x the largest
// difference measured (printed as a diagnostic); a difference is relative to
// max(1, |scikit-learn's value|) for a prediction, to max(1, max |coef_|) for a coefficient.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { matrixFromRows, rowsOf, takeRows, type Matrix } from '../pipeline/data/matrix.ts';
import type { Params } from '../pipeline/models/families.ts';
import { fitLinearRegression } from '../pipeline/models/linear_regression/fit.ts';
import { REGRESSION_FAMILIES } from '../pipeline/models/regression-families.ts';
import { REGRESSION_KINDS } from '../pipeline/models/regression-kinds.ts';
import type { Regressor } from '../pipeline/models/regressor.ts';
import type { ShapeChecks } from '../pipeline/artifact/model-parts.ts';
import { fitScaler, transform, type ScalerKind } from '../pipeline/preprocess/scalers.ts';
import { numericTable } from './helpers/regression-tables.ts';

interface LinearCase {
  name: string;
  params: Params;
  coef: number[];
  intercept: number;
  predictions: number[];
  n_iter?: number;
  dual_gap?: number;
  converged?: boolean;
  rank?: number;
}
interface KnnCase {
  params: { n_neighbors: number; p: number };
  predictions: number[];
}
interface Fixture {
  datasets: Record<string, { target: string; scalers: Record<ScalerKind, { linear: LinearCase[]; knn: KnnCase[] }> }>;
  collinear: { duplicated_column: LinearCase & { column: number }; one_hot: LinearCase; zero_column: LinearCase[]; wide: LinearCase[] };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/regression-parity.json', import.meta.url), 'utf8')) as Fixture;

/** Fits `family` on the scaled rows and predicts the unscaled ones through its kind, as a served model does. */
function fitAndPredict(family: string, X: Matrix, y: Float64Array, given: Params, scalerKind: ScalerKind = 'standard', numeric = X.cols) {
  const scaler = fitScaler[scalerKind](X, numeric);
  const definition = REGRESSION_FAMILIES[family];
  const params = { ...definition.defaults, ...given };
  for (const [name, value] of Object.entries(params)) assert.equal(definition.rules[name]?.(value), undefined, `${family}.${name} = ${JSON.stringify(value)}`);
  const fit = definition.fit(transform(scaler, X), y, params, { seed: 0 });
  const predictions = REGRESSION_KINDS[fit.regressor.kind].predict({ scaler, regressor: fit.regressor }, X);
  return { ...fit, scaler, predictions };
}

function largestPredictionDifference(ours: Float64Array, theirs: readonly number[]): number {
  assert.equal(ours.length, theirs.length);
  let largest = 0;
  theirs.forEach((b, i) => (largest = Math.max(largest, Math.abs(ours[i] - b) / Math.max(1, Math.abs(b)))));
  return largest;
}

function largestCoefDifference(regressor: Regressor, expected: LinearCase): number {
  assert.equal(regressor.kind, 'linear_regression');
  if (regressor.kind !== 'linear_regression') return Infinity;
  assert.equal(regressor.coef.length, expected.coef.length);
  let scale = 1;
  for (const c of expected.coef) scale = Math.max(scale, Math.abs(c));
  let largest = Math.abs(regressor.intercept - expected.intercept) / Math.max(1, Math.abs(expected.intercept));
  expected.coef.forEach((b, j) => (largest = Math.max(largest, Math.abs(regressor.coef[j] - b) / scale)));
  return largest;
}

function sumOfSquares(y: Float64Array, centered: boolean): number {
  const mean = centered ? y.reduce((sum, value) => sum + value, 0) / y.length : 0;
  return y.reduce((sum, value) => sum + (value - mean) ** 2, 0);
}

const familyOf = (c: LinearCase) => c.name.replace(' constant target', '');

function eachDataset(visit: (name: string, scaler: ScalerKind, X: Matrix, y: Float64Array, cases: { linear: LinearCase[]; knn: KnnCase[] }) => void) {
  for (const [name, dataset] of Object.entries(fixture.datasets)) {
    const { X, y } = numericTable(name, dataset.target);
    for (const [scaler, cases] of Object.entries(dataset.scalers) as [ScalerKind, { linear: LinearCase[]; knn: KnnCase[] }][]) visit(name, scaler, X, y, cases);
  }
}

test('LinearRegression and Ridge: coefficients, intercepts and every prediction as scikit-learn fits them', (t) => {
  const measured = { linear_regression: { coef: 0, predictions: 0 }, ridge: { coef: 0, predictions: 0 } };
  let count = 0;
  eachDataset((name, scaler, X, y, { linear }) => {
    for (const c of linear.filter((c) => c.name === 'linear_regression' || c.name === 'ridge')) {
      const fit = fitAndPredict(c.name, X, y, c.params, scaler);
      const figures = measured[c.name as keyof typeof measured];
      figures.coef = Math.max(figures.coef, largestCoefDifference(fit.regressor, c));
      figures.predictions = Math.max(figures.predictions, largestPredictionDifference(fit.predictions, c.predictions));
      assert.deepEqual(fit.iterations, []);
      assert.equal(fit.converged, true);
      count++;
    }
  });
  t.diagnostic(`${count} fits; largest differences: ${JSON.stringify(measured)}`);
  assert.equal(count, 2 * 2 * 5);
  assert.ok(measured.linear_regression.coef < 3.5e-12 && measured.linear_regression.predictions < 4.5e-11, JSON.stringify(measured.linear_regression));
  assert.ok(measured.ridge.coef < 8.1e-13 && measured.ridge.predictions < 8.5e-13, JSON.stringify(measured.ridge));
});

test('Lasso and ElasticNet: the same coordinate descent (same n_iter_, same convergence, same coefficients), not converging at max_iter, and never with a constant target', (t) => {
  const measured = { coef: 0, predictions: 0, gap: 0 };
  let count = 0;
  eachDataset((name, scaler, X, y, { linear }) => {
    for (const c of linear.filter((c) => familyOf(c) === 'lasso' || familyOf(c) === 'elastic_net')) {
      const target = c.name.endsWith('constant target') ? new Float64Array(y.length).fill(5) : y;
      const fit = fitAndPredict(familyOf(c), X, target, c.params, scaler);
      const label = `${name} ${scaler} ${c.name} ${JSON.stringify(c.params)}`;
      assert.deepEqual(fit.iterations, [c.n_iter], label);
      assert.equal(fit.converged, c.converged, label);
      measured.coef = Math.max(measured.coef, largestCoefDifference(fit.regressor, c));
      // dual_gap_ is a small difference of large sums: measured against what it is compared
      // with, tol · ‖y − ȳ‖² / n (0 for a constant target, whose gap is exactly 0 in both).
      const gap = (fit as { gap?: number }).gap as number;
      const bar = ((c.params.tol as number) * sumOfSquares(target, c.params.fit_intercept as boolean)) / target.length;
      if (bar === 0) assert.equal(gap, c.dual_gap, label);
      else measured.gap = Math.max(measured.gap, Math.abs(gap - (c.dual_gap as number)) / bar);
      measured.predictions = Math.max(measured.predictions, largestPredictionDifference(fit.predictions, c.predictions));
      count++;
    }
  });
  t.diagnostic(`${count} fits; largest differences: ${JSON.stringify(measured)}`);
  assert.equal(count, 2 * 2 * 2 * 6);
  assert.ok(measured.coef < 2.1e-12 && measured.predictions < 2.8e-11 && measured.gap < 2.2e-9, JSON.stringify(measured));
});

test('KNeighborsRegressor: the mean target of the same k nearest rows as algorithm="brute", k 3, 5, 15 and p 1, 2, 3', (t) => {
  let largest = 0;
  let count = 0;
  eachDataset((name, scaler, X, y, { knn }) => {
    for (const c of knn) {
      const fit = fitAndPredict('knn', X, y, c.params, scaler);
      assert.equal(fit.regressor.kind, 'knn_regression');
      largest = Math.max(largest, largestPredictionDifference(fit.predictions, c.predictions));
      count++;
    }
  });
  t.diagnostic(`${count} fits; largest prediction difference ${largest}`);
  assert.equal(count, 2 * 2 * 9);
  // Only the order of adding k targets differs (numpy's pairwise mean).
  assert.ok(largest < 6e-15, String(largest));
});

test('LinearRegression with collinear columns (a duplicated column, one-hot columns of every category next to the intercept), a column of zeros, and more columns than rows: the minimum-norm solution scipy.linalg.lstsq finds, with its rank', (t) => {
  const { X, y } = numericTable('boston', 'medv');
  const rows = rowsOf(X);
  const { duplicated_column: duplicated, one_hot: oneHot, zero_column: zeroColumn, wide } = fixture.collinear;
  const measured: Record<string, { coef: number; predictions: number }> = {};
  const check = (label: string, c: LinearCase, matrix: Matrix, target: Float64Array, numeric: number) => {
    const fit = fitAndPredict(c.name, matrix, target, c.params, 'standard', numeric);
    measured[`${label} ${c.name} ${c.params.alpha ?? ''}`.trim()] = { coef: largestCoefDifference(fit.regressor, c), predictions: largestPredictionDifference(fit.predictions, c.predictions) };
    if (c.rank !== undefined) assert.equal(fitLinearRegression(transform(fit.scaler, matrix), target, { fit_intercept: true }).rank, c.rank, label);
  };
  check('duplicated', duplicated, matrixFromRows(rows.map((row) => [...row, row[duplicated.column]])), y, X.cols + 1);
  // The kit's encoding: numeric columns (scaled), then one 0/1 column per category (passed through).
  const chas = 3;
  const rad = 8;
  const categories = (j: number) => [...new Set(rows.map((row) => row[j]))].sort((a, b) => a - b);
  const encoded = rows.map((row) => [...row.filter((_, j) => j !== chas && j !== rad), ...categories(rad).map((v) => Number(row[rad] === v)), ...categories(chas).map((v) => Number(row[chas] === v))]);
  check('one-hot', oneHot, matrixFromRows(encoded), y, X.cols - 2);
  assert.equal(oneHot.rank, encoded[0].length - 2, 'one null direction per categorical column');
  const withZeros = matrixFromRows(rows.map((row) => [...row, 0]));
  for (const c of zeroColumn) check('zero column', c, withZeros, y, X.cols);
  const first = [0, 1, 2, 3, 4, 5, 6, 7];
  for (const c of wide) check('8 rows', c, takeRows(X, first), y.slice(0, 8), X.cols);
  t.diagnostic(`largest differences: ${JSON.stringify(measured)}`);
  for (const [label, figures] of Object.entries(measured)) assert.ok(figures.coef < 9.5e-14 && figures.predictions < 1.5e-12, `${label}: ${JSON.stringify(figures)}`);
});

function shapeChecks() {
  const problems: string[] = [];
  const checks: ShapeChecks = {
    expect: (ok, path, message) => void (ok || problems.push(`${path}: ${message}`)),
    expectLength: (path, actual, expected, what) => void (actual === expected || problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`)),
  };
  return { problems, checks };
}

test('every regression family: its regressor passes its kind\'s schema and checks, and predictions are finite for inputs of ±1e308 and 1e-308', () => {
  const { X, y } = numericTable('diabetes', 'target');
  const extremes = [1e308, -1e308, 1e-308, -1e-308, 0];
  // Every column at one extreme, then columns alternating between extremes.
  const queries = matrixFromRows([
    ...extremes.map((v) => Array.from({ length: X.cols }, () => v)),
    ...extremes.map((v, k) => Array.from({ length: X.cols }, (_, j) => extremes[(j + k) % extremes.length] * (j % 2 ? 1 : -1) || v)),
  ]);
  const settings: [string, Params][] = [
    ['linear_regression', {}],
    ['ridge', {}],
    ['ridge', { alpha: 0, solver: 'svd' }],
    ['lasso', { alpha: 0.01 }],
    ['elastic_net', {}],
    ['knn', { p: 1 }],
    ['knn', { p: 2 }],
    ['knn', { p: 3 }],
    ['knn', { p: 7.5, n_neighbors: 15 }],
    ['svr', {}],
    ['svr', { kernel: 'linear' }],
    ['svr', { kernel: 'poly', degree: 5, C: 10 }],
    ['svr', { kernel: 'sigmoid' }],
  ];
  for (const scaler of ['standard', 'minmax'] as const) {
    for (const [family, given] of settings) {
      const fit = fitAndPredict(family, X, y, given, scaler);
      const kind = REGRESSION_KINDS[fit.regressor.kind];
      const parsed = z.safeParse(kind.schema, JSON.parse(JSON.stringify(fit.regressor)));
      assert.ok(parsed.success, `${family}: ${parsed.error?.message}`);
      const { problems, checks } = shapeChecks();
      kind.check(parsed.data, { width: X.cols }, checks);
      assert.deepEqual(problems, [], family);
      const predictions = kind.predict({ scaler: fit.scaler, regressor: fit.regressor }, queries);
      assert.ok(predictions.every(Number.isFinite), `${scaler} ${family} ${JSON.stringify(given)}: ${Array.from(predictions)}`);
    }
  }
});

test('a regressor that does not fit its kind is refused with the path of the problem', () => {
  const { X, y } = numericTable('diabetes', 'target');
  const linear = fitAndPredict('ridge', X, y, {}).regressor;
  const knn = fitAndPredict('knn', X, y, {}).regressor;
  const problemsOf = (regressor: Regressor, width = X.cols) => {
    const { problems, checks } = shapeChecks();
    REGRESSION_KINDS[regressor.kind].check(regressor, { width }, checks);
    return problems;
  };
  assert.deepEqual(problemsOf(linear, X.cols + 1), [`regressor.coef: has ${X.cols} entries, expected ${X.cols + 1} (one coefficient per encoded column: numeric inputs, then each category)`]);
  if (linear.kind !== 'linear_regression' || knn.kind !== 'knn_regression') throw new Error('expected a linear and a KNN regressor');
  assert.deepEqual(problemsOf({ ...linear, coef: linear.coef.map(() => 1e199) }), ['regressor.coef: the absolute values must sum to at most 1e+200']);
  assert.deepEqual(problemsOf({ ...knn, n_neighbors: knn.rows.length + 1 }), [`regressor.n_neighbors: must be a whole number from 1 to the ${knn.rows.length} reference rows`]);
  assert.deepEqual(problemsOf({ ...knn, targets: knn.targets.slice(1) }), [`regressor.targets: has ${knn.rows.length - 1} entries, expected ${knn.rows.length} (one per reference row)`]);
  assert.deepEqual(problemsOf({ ...knn, rows: [knn.rows[0].slice(1), ...knn.rows.slice(1)] }), [`regressor.rows[0]: has ${X.cols - 1} entries, expected ${X.cols} (one value per encoded column)`]);
});

test('each family\'s parameters: scikit-learn\'s defaults pass, a wrong value gets one line, and KNN takes too few rows as scikit-learn words it', () => {
  for (const [family, definition] of Object.entries(REGRESSION_FAMILIES)) {
    for (const [name, value] of Object.entries(definition.defaults)) assert.equal(definition.rules[name]?.(value), undefined, `${family}.${name}`);
    assert.deepEqual(Object.keys(definition.rules).sort(), Object.keys(definition.defaults).sort(), `${family}: one rule per parameter`);
  }
  const rules = (family: string) => REGRESSION_FAMILIES[family].rules;
  assert.equal(rules('ridge').alpha(-1), 'expected a number of at least 0');
  assert.equal(rules('ridge').solver('sag'), 'expected one of "auto", "cholesky", "svd"');
  assert.equal(rules('elastic_net').l1_ratio(1.5), 'expected a number from 0 to 1');
  assert.equal(rules('lasso').max_iter(0), 'expected a positive whole number');
  assert.equal(rules('lasso').selection('random'), 'expected one of "cyclic"');
  assert.equal(rules('linear_regression').positive(true), 'expected one of false');
  const { X, y } = numericTable('diabetes', 'target');
  assert.throws(() => REGRESSION_FAMILIES.knn.fit(takeRows(X, [0, 1]), y.slice(0, 2), { ...REGRESSION_FAMILIES.knn.defaults }, { seed: 0 }), /^RangeError: Expected n_neighbors <= n_samples, but n_samples = 2, n_neighbors = 5$/);
});
