// KNeighborsRegressor with uniform weights: the mean target of the k nearest reference
// rows (Minkowski distance of power p), found as the classifier finds them (search.ts).
import * as z from 'zod/mini';
import type { Matrix } from '../../data/matrix.ts';
import { rowsOf } from '../../data/matrix.ts';
import { number, numberRows, numbers } from '../../artifact/schema-primitives.ts';
import { packedOnce, packScaler, scaleRow, type PackedScaler, type RegressionKind, type RegressorOf } from '../serving-kind.ts';
import { requireNeighbours, type KnnParams } from './fit.ts';
import { findNearest, neighbourSearch, type NeighbourSearch } from './search.ts';

export interface KnnRegressor {
  kind: 'knn_regression';
  n_neighbors: number;
  p: number;
  /** The training rows, scaled (fit_X), and their targets (_y). */
  rows: number[][];
  targets: number[];
}

/** KNeighborsRegressor.fit keeps the (scaled) training rows and their targets. */
export function fitKnnRegressor(X: Matrix, y: Float64Array, params: KnnParams): KnnRegressor {
  requireNeighbours(X, params);
  return { kind: 'knn_regression', n_neighbors: params.n_neighbors, p: params.p, rows: rowsOf(X), targets: Array.from(y) };
}

interface Packed {
  search: NeighbourSearch;
  targets: Float64Array;
  scaler: PackedScaler;
  scaled: Float64Array;
}

const pack = packedOnce((model: RegressorOf<KnnRegressor>): Packed => {
  const { regressor } = model;
  const search = neighbourSearch(regressor.n_neighbors, regressor.p, regressor.rows);
  return { search, targets: Float64Array.from(regressor.targets), scaler: packScaler(model.scaler, search.width), scaled: new Float64Array(search.width) };
});

function predict(model: RegressorOf<KnnRegressor>, X: Matrix): Float64Array {
  const m = pack(model, 0, X.cols);
  const { search, targets, scaled } = m;
  const { k, bestIndex } = search;
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(m.scaler, X.data, i, scaled);
    findNearest(search, scaled);
    let sum = 0;
    for (let n = 0; n < k; n++) sum += targets[bestIndex[n]];
    out[i] = sum / k;
  }
  return out;
}

/** A sum of k targets this large stays finite for any k a table can have. */
const TARGET_LIMIT = 1e300;

export const knnRegressionKind: RegressionKind<KnnRegressor> = {
  schema: z.strictObject({ kind: z.literal('knn_regression'), n_neighbors: number, p: number, rows: numberRows, targets: numbers }),
  check(regressor, { width }, { expect, expectLength }) {
    const { n_neighbors: k, rows, targets } = regressor;
    expect(Number.isSafeInteger(k) && k >= 1 && k <= rows.length, 'regressor.n_neighbors', `must be a whole number from 1 to the ${rows.length} reference rows`);
    expect(regressor.p >= 1, 'regressor.p', 'must be at least 1');
    expectLength('regressor.targets', targets.length, rows.length, 'one per reference row');
    // Messages are built only for a problem: there is one row per training row to check at cold start.
    rows.forEach((row, r) => row.length !== width && expectLength(`regressor.rows[${r}]`, row.length, width, 'one value per encoded column'));
    targets.forEach((target, r) => Math.abs(target) <= TARGET_LIMIT || expect(false, `regressor.targets[${r}]`, `must be at most ${TARGET_LIMIT} in absolute value`));
  },
  predict,
};
