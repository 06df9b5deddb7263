// KNN on data full of distance ties (tests/fixtures/sklearn/generate_knn_ties.py: 60
// points on a 5 × 5 grid, min-max scaled to exact multiples of 0.25, 81 queries between
// them). scikit-learn's brute-force search and its kd-tree disagree there (41 to 53 of
// 81 rows); the kit answers as algorithm="brute" does: a tie at the k-th neighbour goes
// to the lower training row.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import { fitKnn, KNN_DEFAULTS } from '../pipeline/models/knn/fit.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { fitMinMaxScaler, transform } from '../pipeline/preprocess/scalers.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/knn-ties.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  queries: number[][];
  cases: { n_neighbors: number; p: number; brute: number[][]; kd_tree_rows_that_differ: number }[];
};

test('with distance ties everywhere, the probabilities are exactly those of KNeighborsClassifier(algorithm="brute")', () => {
  const X = matrixFromRows(fixture.X);
  const scaler = fitMinMaxScaler(X);
  const scaled = transform(scaler, X);
  for (const c of fixture.cases) {
    assert.ok(c.kd_tree_rows_that_differ > 0, 'the two searches of scikit-learn do disagree on these data');
    const classifier = fitKnn(scaled, Int32Array.from(fixture.y), { ...KNN_DEFAULTS, n_neighbors: c.n_neighbors, p: c.p });
    const probabilities = predictProba({ scaler, classifier }, matrixFromRows(fixture.queries), 3);
    c.brute.forEach((row, i) => assert.deepEqual(Array.from(probabilities.subarray(i * 3, i * 3 + 3)), row, `k=${c.n_neighbors} p=${c.p}, query ${i}`));
  }
});
