// scikit-learn's permutation_importance with the estimator's own score (accuracy for a
// classifier, R² for a regressor): how much it drops when one input column's values are
// shuffled among the rows (n_repeats 5), for families that have no impurity or
// coefficient to show.
import type { Matrix } from '../data/matrix.ts';
import { seededRandom, shuffleInPlace } from '../data/split.ts';
import type { FittedPipeline } from '../pipeline.ts';
import type { Target, Task } from '../tasks/task.ts';

const REPEATS = 5;

export interface Importances {
  method: 'impurity' | 'permutation';
  /** Encoded columns (impurity) or input columns (permutation). */
  columns: string[];
  values: number[];
}

export function permutationImportance(fitted: FittedPipeline, task: Task, X: Matrix, y: Target, names: string[], seed: number): Importances {
  const score = (rows: Matrix) => task.score(y, fitted.outputs(rows));
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
