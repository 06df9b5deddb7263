// One unit of cross-validation work: one fold, and the settings of one warm-started
// path (or a single setting). Units are independent of each other, so any worker can
// run any unit and the results never depend on how many workers there are.
import { takeLabels, takeRows, type Matrix } from '../data/matrix.ts';
import { FAMILIES } from '../models/families.ts';
import { argmaxRows, predictProba } from '../models/linear/inference.ts';
import type { PipelineSettings } from '../pipeline.ts';
import { fitScaler, transform } from '../preprocess/scalers.ts';

export interface CvData {
  X: Matrix;
  y: Int32Array;
  classCount: number;
  /** The test fold of every row. */
  testFolds: Int32Array;
}

export interface CvUnit {
  fold: number;
  /** Same family and scaler; ordered along the family's path parameter when it has one. */
  settings: PipelineSettings[];
}

export interface CvUnitResult {
  /** Test rows predicted right, per setting. */
  correct: number[];
  testRows: number;
  converged: boolean[];
}

export function runCvUnit(data: CvData, unit: CvUnit): CvUnitResult {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < data.testFolds.length; i++) (data.testFolds[i] === unit.fold ? test : train).push(i);
  const trainX = takeRows(data.X, train);
  const trainY = takeLabels(data.y, train);
  const testX = takeRows(data.X, test);
  const testY = takeLabels(data.y, test);

  const family = FAMILIES[unit.settings[0].family];
  const scaler = fitScaler[unit.settings[0].scaler](trainX);
  const scaledX = transform(scaler, trainX);
  const result: CvUnitResult = { correct: [], testRows: test.length, converged: [] };
  let warmStart: Float64Array[] | undefined;
  for (const settings of unit.settings) {
    const fit = family.fit(scaledX, trainY, data.classCount, settings.params, warmStart);
    warmStart = fit.solution;
    const predicted = argmaxRows(predictProba({ scaler, classifier: fit.classifier }, testX, data.classCount), data.classCount);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === testY[i]) correct++;
    result.correct.push(correct);
    result.converged.push(fit.converged);
  }
  return result;
}
