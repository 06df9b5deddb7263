// StandardScaler and MinMaxScaler against scikit-learn 1.2.1's own fits and transforms
// (tests/fixtures/sklearn/generate_scalers.py): constant and near-constant columns, large
// offsets, tiny ranges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrixFromRows, rowsOf } from '../pipeline/data/matrix.ts';
import { fitMinMaxScaler, fitStandardScaler, transform } from '../pipeline/preprocess/scalers.ts';

interface Case {
  X: number[][];
  standard: { mean: number[]; scale: number[]; transform: number[][] };
  minmax: { scale: number[]; min: number[]; transform: number[][] };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/scalers.json', import.meta.url), 'utf8')) as { cases: Record<string, Case> };

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-15 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

for (const [name, c] of Object.entries(fixture.cases)) {
  test(`${name}: StandardScaler's mean_, scale_ and transform are scikit-learn's`, () => {
    const X = matrixFromRows(c.X);
    const scaler = fitStandardScaler(X);
    assert.equal(scaler.kind, 'standard');
    c.standard.mean.forEach((mean, j) => close(scaler.center![j], mean, `mean[${j}]`));
    c.standard.scale.forEach((scale, j) => close(scaler.scale[j], scale, `scale[${j}]`));
    rowsOf(transform(scaler, X)).forEach((row, i) => row.forEach((value, j) => close(value, c.standard.transform[i][j], `row ${i} column ${j}`)));
  });
  test(`${name}: MinMaxScaler's scale_, min_ and transform (x * scale_ + min_) are scikit-learn's`, () => {
    const X = matrixFromRows(c.X);
    const scaler = fitMinMaxScaler(X);
    assert.equal(scaler.kind, 'minmax');
    c.minmax.scale.forEach((scale, j) => close(scaler.scale[j], scale, `scale[${j}]`));
    c.minmax.min.forEach((min, j) => close(scaler.min![j], min, `min[${j}]`));
    rowsOf(transform(scaler, X)).forEach((row, i) => row.forEach((value, j) => close(value, c.minmax.transform[i][j], `row ${i} column ${j}`)));
  });
}

test('the near-constant rules: [1, 1+2^-52, 1] min-max scales to [0, 2.2e-16, 0] as scikit-learn does, not [0, 1, 0]', () => {
  const X = matrixFromRows([[1], [1 + 2 ** -52], [1]]);
  assert.deepEqual(rowsOf(transform(fitMinMaxScaler(X), X)).flat(), [0, 2 ** -52, 0]);
  assert.equal(fitStandardScaler(matrixFromRows([[0.1], [0.1], [0.1]])).scale[0], 1);
});

test('a scaler refuses to fit zero rows', () => {
  assert.throws(() => fitStandardScaler(matrixFromRows([], 3)), /zero rows/);
});
