// A cross-validation worker: reads the training rows from shared memory once, then
// runs whatever units it is sent. Started by pool.ts from an esbuild bundle of this file.
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnPlan } from '../preprocess/column-transformer.ts';
import type { Target, TaskSpec } from '../tasks/task.ts';
import { runCvUnit, type CvData, type CvUnit } from './cv-unit.ts';

const shared = workerData as { X: Float64Array; rows: number; cols: number; y: Target; task: TaskSpec; testFolds: Int32Array; plan: ColumnPlan; seed: number };
const data: CvData = {
  X: { data: shared.X, rows: shared.rows, cols: shared.cols },
  y: shared.y,
  task: shared.task,
  testFolds: shared.testFolds,
  plan: shared.plan,
  seed: shared.seed,
};
const port = parentPort!;
port.on('message', ({ id, unit }: { id: number; unit: CvUnit }) => {
  try {
    port.postMessage({ id, result: runCvUnit(data, unit) });
  } catch (error) {
    // A fit's RangeError is the user's setting (n_neighbors above the rows, say): its message is enough.
    const userError = error instanceof RangeError;
    port.postMessage({ id, error: error instanceof Error ? (userError ? error.message : (error.stack ?? error.message)) : String(error), userError });
  }
});
port.postMessage({ ready: true });
