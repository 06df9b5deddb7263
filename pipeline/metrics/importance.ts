// scikit-learn's permutation_importance with accuracy: how much the score drops when
// one input column's values are shuffled among the rows (n_repeats 5), for families
// that have no impurity or coefficient to show.
import type { Matrix } from '../data/matrix.ts';
import { seededRandom, shuffleInPlace } from '../data/split.ts';
import { argmaxRows } from '../models/argmax.ts';
import { predictTable, type FittedModel } from '../pipeline.ts';
import type { ColumnPlan } from '../preprocess/column-transformer.ts';
import { accuracy } from './classification.ts';

const REPEATS = 5;

export interface Importances {
  method: 'impurity' | 'permutation';
  /** Encoded columns (impurity) or input columns (permutation). */
  columns: string[];
  values: number[];
}

export function permutationImportance(model: FittedModel, plan: ColumnPlan, X: Matrix, y: Int32Array, classCount: number, names: string[], seed: number): Importances {
  const score = (rows: Matrix) => accuracy(y, argmaxRows(predictTable(model, plan, rows, classCount), classCount));
  const baseline = score(X);
  const random = seededRandom(seed);
  const shuffled: Matrix = { data: new Float64Array(X.data), rows: X.rows, cols: X.cols };
  const order = Array.from({ length: X.rows }, (_, i) => i);
  const values = names.map((_, j) => {
    let drop = 0;
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      shuffleInPlace(order, random);
      for (let i = 0; i < X.rows; i++) shuffled.data[i * X.cols + j] = X.data[order[i] * X.cols + j];
      drop += baseline - score(shuffled);
    }
    for (let i = 0; i < X.rows; i++) shuffled.data[i * X.cols + j] = X.data[i * X.cols + j];
    return drop / REPEATS;
  });
  return { method: 'permutation', columns: names, values };
}
