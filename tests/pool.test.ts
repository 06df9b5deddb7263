// The cross-validation pool: what worker threads return is what the main thread computes,
// batch after batch on the same workers; workers start only when they are judged worth it;
// a fit that fails on a worker comes back with its reason, as on the main thread.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { runCvUnit, type CvData, type CvUnit, type CvUnitResult } from '../pipeline/selection/cv-unit.ts';
import { parseGrid } from '../pipeline/selection/grid.ts';
import { CvPool } from '../pipeline/selection/pool.ts';
import { taskOf } from '../pipeline/train.ts';
import { iris } from './helpers/iris-artifact.ts';

const task = taskOf(iris);
const y = task.target(iris) as Int32Array;
const data: CvData = { X: iris.X, y, task: { task: iris.task, classes: iris.classes }, testFolds: task.folds(y, 5), plan: planColumns(iris), seed: 42 };

const units = (grid: Record<string, Record<string, unknown[]>[]>): CvUnit[] =>
  parseGrid(grid, 'the test grid', task).candidates.flatMap(({ family, scaler, params }) => [0, 1, 2, 3, 4].map((fold) => ({ fold, setting: { family, scaler, params } })));
const batches = [
  // Enough work (~0.5 s on one thread) for the workers to boot while the main thread runs units.
  units({
    svc: [{ scaler: ['standard', 'minmax'], classifier__kernel: ['rbf', 'linear'], classifier__C: [0.1, 1, 10, 100] }],
    random_forest: [{ scaler: ['standard'], classifier__n_estimators: [50] }],
    knn: [{ scaler: ['standard'], classifier__n_neighbors: [5] }],
  }),
  units({ logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }], decision_tree: [{ scaler: ['minmax'], classifier__max_depth: [3] }], naive_bayes: [{ scaler: ['standard'] }], knn: [{ scaler: ['standard'], classifier__n_neighbors: [500] }] }),
];
const withoutTime = (results: CvUnitResult[]) => results.map(({ seconds: _, ...rest }) => rest);

test('two batches on the same two workers give what the main thread gives, unit by unit', async () => {
  const pool = new CvPool(data, 2, () => true);
  const threads: number[][] = [];
  let lastResults: CvUnitResult[] = [];
  try {
    for (const batch of batches) {
      const done: number[] = [];
      const results = await pool.run(batch, (index) => done.push(index));
      assert.deepEqual(withoutTime(results), withoutTime(batch.map((unit) => runCvUnit(data, unit))));
      assert.deepEqual(done.toSorted((a, b) => a - b), batch.map((_, i) => i), 'every unit reported once');
      threads.push(pool.workerThreads);
      lastResults = results;
    }
    assert.equal(threads[0].length, 2);
    assert.deepEqual(threads[1], threads[0], 'the second batch ran on the first batch\'s workers');
    assert.ok(pool.unitsOnWorkers >= batches[1].length, `${pool.unitsOnWorkers} units ran on the workers`);
    // n_neighbors above a fold's 120 training rows: scored as failed (error_score=nan), with the fit's reason.
    assert.match(lastResults.at(-1)!.failure ?? '', /n_neighbors/);
  } finally {
    await pool.close();
  }
});

test('no worker starts while the time left is not worth one; --jobs 1 never starts one', async () => {
  for (const [jobs, worth] of [[2, false], [1, true]] as const) {
    const pool = new CvPool(data, jobs, () => worth);
    try {
      const results = await pool.run(batches[0], () => undefined);
      assert.equal(results.length, batches[0].length);
      assert.deepEqual(pool.workerThreads, []);
    } finally {
      await pool.close();
    }
  }
});
