// One unit of cross-validation work: one fold and one setting, fitted cold, as
// GridSearchCV fits it. Units are independent of each other, so any worker can run any
// unit and the results depend neither on how many workers there are nor on the rest of
// the grid. What is fitted and how it is judged is the task's (tasks/).
import { takeRows, type Matrix } from '../data/matrix.ts';
import { fitPreprocessing, type PipelineSettings } from '../pipeline.ts';
import type { ColumnPlan } from '../preprocess/column-transformer.ts';
import { encodeTable } from '../preprocess/encode.ts';
import type { ScalerKind } from '../preprocess/scalers.ts';
import { createTask, type Task } from '../tasks/index.ts';
import type { Evaluation, Target, TaskSpec } from '../tasks/task.ts';
import { FitFailure } from '../models/fit-failure.ts';

export interface CvData {
  X: Matrix;
  /** Class indexes or target values of the training part. */
  y: Target;
  task: TaskSpec;
  /** The test fold of every row. */
  testFolds: Int32Array;
  plan: ColumnPlan;
  /** random_state of the stochastic families: the run's --seed. */
  seed: number;
}

export interface CvUnit {
  fold: number;
  setting: PipelineSettings;
  /** The fold's rows to use instead of all of them, in this order: successive halving's subsample of the fold (halving.ts). */
  rows?: { train: number[]; test: number[] };
}

export interface CvUnitResult {
  /** The fold's held-out rows judged: every scoring, and the gate's evidence. */
  evaluation: Evaluation;
  testRows: number;
  converged: boolean;
  /** Why the fit failed (scored as undefined, as error_score=nan does), or null. */
  failure: string | null;
  /** The unit's own time, for the progress line's estimate (never in an artifact). */
  seconds: number;
}

const tasks = new WeakMap<TaskSpec, Task>();
function taskOf(spec: TaskSpec): Task {
  let task = tasks.get(spec);
  if (!task) tasks.set(spec, (task = createTask(spec)));
  return task;
}

/** A fold's rows, and the preprocessing fitted on its training rows only: imputers, encoder and scaler never see the rows they are scored on. */
export function foldPreprocessing(data: CvData, fold: number, scalerKind: ScalerKind, rows?: CvUnit['rows']) {
  const task = taskOf(data.task);
  const { train, test } = rows ?? foldRows(data.testFolds, fold);
  const { inputs, scaler, scaled } = fitPreprocessing(takeRows(data.X, train), data.plan, scalerKind);
  return { inputs, scaler, trainX: scaled, trainY: task.take(data.y, train), testX: encodeTable(inputs, data.plan.columns, takeRows(data.X, test)), testY: task.take(data.y, test) };
}

/** A fold's training and test rows, each in row order (as StratifiedKFold and KFold yield them). */
export function foldRows(testFolds: Int32Array, fold: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < testFolds.length; i++) (testFolds[i] === fold ? test : train).push(i);
  return { train, test };
}

export function runCvUnit(data: CvData, unit: CvUnit): CvUnitResult {
  const started = performance.now();
  const result = fitAndJudge(data, unit);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

function fitAndJudge(data: CvData, { fold, setting, rows }: CvUnit): Omit<CvUnitResult, 'seconds'> {
  const task = taskOf(data.task);
  const { scaler, trainX, trainY, testX, testY } = foldPreprocessing(data, fold, setting.scaler, rows);
  let fit;
  try {
    fit = task.fit(setting.family, trainX, trainY, setting.params, { seed: data.seed });
  } catch (error) {
    if (!(error instanceof FitFailure)) throw error;
    return { evaluation: { scores: {}, evidence: [] }, testRows: testY.length, converged: true, failure: error.message };
  }
  return { evaluation: task.evaluate(testY, fit.outputs(scaler, testX), trainY), testRows: testY.length, converged: fit.converged, failure: null };
}
