// Probability metrics against scikit-learn's on the same probabilities (fixtures from
// tests/fixtures/sklearn/generate_metrics.py, committed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { argmaxRows } from '../pipeline/models/argmax.ts';
import { balancedAccuracy, brierScore, calibrationCurve, logLoss, rocAuc, rocCurve } from '../pipeline/metrics/probability.ts';

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/sklearn/metrics.json', import.meta.url), 'utf8')) as {
  cases: { name: string; y: number[]; probabilities: number[][]; roc_auc: number; log_loss: number; balanced_accuracy: number; brier: number }[];
};

for (const fixture of cases) {
  test(`${fixture.name}: ROC-AUC (ovr, macro), log-loss, balanced accuracy and Brier equal scikit-learn's within 1e-9`, () => {
    const classes = fixture.probabilities[0].length;
    const p = Float64Array.from(fixture.probabilities.flat());
    const y = Int32Array.from(fixture.y);
    const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9, `${what}: ${actual} vs ${expected}`);
    close(rocAuc(y, p, classes), fixture.roc_auc, 'roc_auc_score');
    close(logLoss(y, p, classes), fixture.log_loss, 'log_loss');
    close(balancedAccuracy(y, argmaxRows(p, classes), classes), fixture.balanced_accuracy, 'balanced_accuracy_score');
    close(brierScore(y, p, classes), fixture.brier, 'Brier');
  });
}

test('ROC curves run from (0, 0) to (1, 1), one point per distinct score; AUC is undefined without both outcomes', () => {
  const p = Float64Array.from([0.9, 0.1, 0.6, 0.4, 0.6, 0.4, 0.2, 0.8]);
  const y = Int32Array.from([0, 0, 1, 1]);
  assert.deepEqual(rocCurve(y, p, 2, 0), { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] });
  assert.equal(rocAuc(Int32Array.from([0, 0, 0, 0]), p, 2), null);
});

test('the calibration curve bins like calibration_curve: an edge value to the lower bin, empty bins left out', () => {
  const p = Float64Array.from([0.1, 0.9, 0.15, 0.85, 0.95, 0.05]);
  const y = Int32Array.from([1, 1, 0]);
  assert.deepEqual(calibrationCurve(y, p, 2, 1), { predicted: [0.05, 0.875], observed: [0, 1], counts: [1, 2] });
});
