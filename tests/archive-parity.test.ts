// A categorical model through both built archives, as each cloud runs them, against an
// independent reference: scikit-learn 1.2.1's ColumnTransformer + LogisticRegression
// pipeline fitted on the same 480 rows of the mixed table (tests/fixtures/sklearn/
// generate_tables.py), with every category kept and with the rarest ones grouped in one
// column (max_categories=5): held-out rows, rows of nulls, unseen categories.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { askBothArchives, trainAndBuild } from './helpers/built-archives.ts';
import { ROOT } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sklearn/mixed-parity.json'), 'utf8')) as {
  train_rows: number;
  classes: number[];
  records: Record<string, number | string | null>[];
  probabilities: number[][];
  probabilities_max_categories_5: number[][];
};
const dir = tempDir('kit-archive-parity-');
// The fixture's training rows, as the file has them: the kit fits its final model on every row given (--test-size 0).
const lines = readFileSync(join(ROOT, 'tests/fixtures/sklearn/mixed.csv'), 'utf8').split('\r\n');
const trainingCsv = Buffer.from(`${lines.slice(0, fixture.train_rows + 1).join('\r\n')}\r\n`);
const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1], classifier__tol: [1e-10], classifier__max_iter: [10000] }] };

function largestDifference(predictions: { probabilities: Record<string, number> }[], expected: number[][]): number {
  assert.equal(predictions.length, expected.length);
  let worst = 0;
  predictions.forEach((prediction, i) => fixture.classes.forEach((label, k) => (worst = Math.max(worst, Math.abs(prediction.probabilities[String(label)] - expected[i][k])))));
  return worst;
}

for (const [name, maxCategories, expected] of [['every category', 20, fixture.probabilities], ['rare categories grouped (max_categories=5)', 5, fixture.probabilities_max_categories_5]] as const) {
  test(`${name}: both archives answer scikit-learn's probabilities within 1e-10`, async (t) => {
    const out = join(dir, String(maxCategories));
    mkdirSync(out);
    const built = await trainAndBuild(trainingCsv, out, { grid, preprocess: { maxCategories } });
    assert.equal(built.artifact.provenance.trainRows, fixture.train_rows);
    const { lambda, gcp } = await askBothArchives(built, JSON.stringify({ instances: fixture.records }));
    assert.equal(lambda.status, 200);
    assert.equal(gcp.status, 200);
    const differences = [largestDifference(lambda.body.predictions, expected), largestDifference(gcp.body.predictions, expected)];
    t.diagnostic(`largest difference: Lambda archive ${differences[0].toExponential(2)}, GCP archive ${differences[1].toExponential(2)}`);
    assert.ok(differences.every((difference) => difference <= 1e-10), `Lambda ${differences[0]}, GCP ${differences[1]}`);
  });
}
