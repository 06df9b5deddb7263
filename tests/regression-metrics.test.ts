// The regression metrics against scikit-learn 1.2.1 (fixture from
// tests/fixtures/sklearn/generate_regression.py): hand-made pairs, a constant target
// (perfect and not), one whose mean does not round back to its value, and real ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { maxError, meanAbsoluteError, medianAbsoluteError, r2Score, REGRESSION_METRICS, rootMeanSquaredError } from '../pipeline/metrics/regression.ts';

type MetricName = keyof typeof REGRESSION_METRICS;
interface MetricCase extends Record<MetricName, number> {
  name: string;
  /** "long": the pairs made by longPairs. */
  y: number[] | 'long';
  predictions: number[] | 'long';
}

/** generate_regression.py's long_pairs: integer arithmetic, then one division, so the same doubles in both languages. */
function longPairs(n = 20_001): [Float64Array, Float64Array] {
  const y = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10007) / 7 + 0.1);
  return [y, y.map((value, i) => value + (((i * 31) % 17) - 8) / 3)];
}

const { metrics } = JSON.parse(readFileSync(new URL('./fixtures/sklearn/regression-parity.json', import.meta.url), 'utf8')) as { metrics: MetricCase[] };

test('r2_score, RMSE, MAE, median and max absolute error equal scikit-learn\'s', (t) => {
  let largest = 0;
  for (const c of metrics) {
    const [y, predicted] = c.y === 'long' ? longPairs() : [Float64Array.from(c.y), Float64Array.from(c.predictions as number[])];
    for (const [name, metric] of Object.entries(REGRESSION_METRICS) as [MetricName, (y: Float64Array, p: Float64Array) => number][]) {
      const ours = metric(y, predicted);
      const difference = Math.abs(ours - c[name]) / Math.max(1, Math.abs(c[name]));
      largest = Math.max(largest, difference);
      // The tolerance is 10x the largest difference measured: none, with numpy's summation order.
      assert.equal(ours, c[name], `${c.name}: ${name} ${ours} (scikit-learn ${c[name]})`);
    }
  }
  t.diagnostic(`${metrics.length} cases × 5 metrics; largest relative difference ${largest}`);
});

test('r2_score of a constant target is 1 when every prediction is exact, else 0; a target of equal values whose mean does not round back is not constant', () => {
  const constant = Float64Array.of(5, 5, 5, 5);
  assert.equal(r2Score(constant, constant), 1);
  assert.equal(r2Score(constant, Float64Array.of(5, 4, 6, 5)), 0);
  // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the mean is not 0.1 and scikit-learn divides by a tiny sum.
  assert.ok(r2Score(Float64Array.of(0.1, 0.1, 0.1), Float64Array.of(0.1, 0.2, 0.1)) < -1e30);
  assert.ok(Number.isNaN(r2Score(Float64Array.of(1), Float64Array.of(2))), 'undefined below two rows, as scikit-learn\'s NaN');
});

test('a metric of no rows, or of predictions that do not pair with the targets, is one clear error', () => {
  for (const metric of [r2Score, rootMeanSquaredError, meanAbsoluteError, medianAbsoluteError, maxError]) {
    assert.throws(() => metric(new Float64Array(0), new Float64Array(0)), /^RangeError: a regression metric needs at least one target$/);
    assert.throws(() => metric(Float64Array.of(1, 2), Float64Array.of(1)), /^RangeError: expected one prediction per target: 2 targets, 1 predictions$/);
  }
});

test('numpy\'s summation order: a left-to-right sum would lose these small terms', () => {
  // 1 then 20 000 values of 1e-16, each lost when added to 1 alone.
  const y = new Float64Array(20_001).fill(1e-16);
  y[0] = 1;
  let leftToRight = 0;
  for (const value of y) leftToRight += value;
  assert.equal(leftToRight, 1);
  assert.ok(meanAbsoluteError(y, new Float64Array(y.length)) * y.length > 1);
});
