import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import { fitMinMaxScaler, fitStandardScaler } from '../pipeline/preprocess/scalers.ts';

const rows = [
  [1, 10, 5],
  [2, 20, 5],
  [3, 60, 5],
];
const X = matrixFromRows(rows);

test('StandardScaler uses the mean and the population std (ddof = 0)', () => {
  const scaler = fitStandardScaler(X);
  assert.equal(scaler.kind, 'standard');
  // column 0: mean 2, variance ((1)^2 + 0 + 1^2) / 3 = 2/3
  // column 1: mean 30, variance (400 + 100 + 900) / 3 = 1400/3
  assert.deepEqual(scaler.center, [2, 30, 5]);
  assert.ok(Math.abs(scaler.scale[0] - Math.sqrt(2 / 3)) < 1e-15);
  assert.ok(Math.abs(scaler.scale[1] - Math.sqrt(1400 / 3)) < 1e-12);
});

test('StandardScaler gives a constant feature scale 1, even when rounding leaves it a tiny variance', () => {
  assert.equal(fitStandardScaler(X).scale[2], 1);
  const rounding = fitStandardScaler(matrixFromRows([[0.1], [0.1], [0.1]]));
  assert.equal(rounding.scale[0], 1);
});

test('MinMaxScaler maps each feature onto 0..1 with its min and range', () => {
  const scaler = fitMinMaxScaler(X);
  assert.equal(scaler.kind, 'minmax');
  assert.deepEqual(scaler.center, [1, 10, 5]);
  assert.deepEqual(scaler.scale, [2, 50, 1]);
  const scaled = rows.map((row) => row.map((value, j) => (value - scaler.center[j]) / scaler.scale[j]));
  assert.deepEqual(scaled, [
    [0, 0, 0],
    [0.5, 0.2, 0],
    [1, 1, 0],
  ]);
});

test('a scaler refuses to fit zero rows', () => {
  assert.throws(() => fitStandardScaler(matrixFromRows([], 3)), /zero rows/);
});
