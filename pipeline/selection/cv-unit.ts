// One unit of cross-validation work: one fold and one setting, fitted cold, as
// GridSearchCV fits it. Units are independent of each other, so any worker can run any
// unit and the results depend neither on how many workers there are nor on the rest of
// the grid.
import { takeLabels, takeRows, type Matrix } from '../data/matrix.ts';
import { FAMILIES } from '../models/families.ts';
import { argmaxRows } from '../models/argmax.ts';
import { predictProba } from '../models/inference.ts';
import { fitPreprocessing, type PipelineSettings } from '../pipeline.ts';
import { encodeTable, type ColumnPlan } from '../preprocess/column-transformer.ts';
import type { ScalerKind } from '../preprocess/scalers.ts';
import { balancedAccuracy, brierScore, logLoss, rocAuc } from '../metrics/probability.ts';

export interface CvData {
  X: Matrix;
  y: Int32Array;
  classCount: number;
  /** The test fold of every row. */
  testFolds: Int32Array;
  plan: ColumnPlan;
  /** random_state of the stochastic families: the run's --seed. */
  seed: number;
}

export interface CvUnit {
  fold: number;
  /** The settings fitted on this fold (one per unit as the search plans them), each from scratch. */
  settings: PipelineSettings[];
}

/** A fold's scores beyond accuracy, for the report (rocAuc null where a class is missing from the fold). */
export interface FoldScores {
  balancedAccuracy: number;
  logLoss: number;
  rocAuc: number | null;
  brier: number;
}

export interface CvUnitResult {
  /** Test rows predicted right, per setting. */
  correct: number[];
  scores: FoldScores[];
  testRows: number;
  converged: boolean[];
}

/** A fold's rows, and the preprocessing fitted on its training rows only: imputers, encoder and scaler never see the rows they are scored on. */
export function foldPreprocessing(data: CvData, fold: number, scalerKind: ScalerKind) {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < data.testFolds.length; i++) (data.testFolds[i] === fold ? test : train).push(i);
  const trainX = takeRows(data.X, train);
  const testX = takeRows(data.X, test);
  const { inputs, scaler, scaled } = fitPreprocessing(trainX, data.plan, scalerKind);
  return { inputs, scaler, trainX: scaled, trainY: takeLabels(data.y, train), testX: encodeTable(inputs, data.plan, testX), testY: takeLabels(data.y, test) };
}

export function runCvUnit(data: CvData, unit: CvUnit): CvUnitResult {
  const family = FAMILIES[unit.settings[0].family];
  const { scaler, trainX: scaledX, trainY, testX: encodedTestX, testY } = foldPreprocessing(data, unit.fold, unit.settings[0].scaler);
  const result: CvUnitResult = { correct: [], scores: [], testRows: testY.length, converged: [] };
  for (const settings of unit.settings) {
    const fit = family.fit(scaledX, trainY, data.classCount, settings.params, { seed: data.seed });
    const probabilities = predictProba({ scaler, classifier: fit.classifier }, encodedTestX, data.classCount);
    const predicted = argmaxRows(probabilities, data.classCount);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === testY[i]) correct++;
    result.correct.push(correct);
    result.scores.push(probabilityScores(testY, probabilities, predicted, data.classCount));
    result.converged.push(fit.converged);
  }
  return result;
}

export function probabilityScores(y: Int32Array, probabilities: Float64Array, predicted: Int32Array, classCount: number): FoldScores {
  return {
    balancedAccuracy: balancedAccuracy(y, predicted, classCount),
    logLoss: logLoss(y, probabilities, classCount),
    rocAuc: rocAuc(y, probabilities, classCount),
    brier: brierScore(y, probabilities, classCount),
  };
}
