import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { ClassifierParams } from './artifact.ts';

export interface LogisticSettings {
  numSteps: number;
  learningRate: number;
}

/**
 * One-vs-rest logistic regression trained by ml-logistic-regression, turned into plain
 * weights and intercepts. The library has no intercept term, so a constant column is
 * appended to the (already scaled) rows and its weight becomes the intercept. It also
 * trains each binary model with its own class as target 0, so its scores estimate
 * "not this class"; negating the weights turns them into the log-odds of "this class".
 */
export function fitLogisticRegression(
  scaledX: number[][],
  y: number[],
  classCount: number,
  settings: LogisticSettings,
): ClassifierParams {
  const present = new Set(y);
  for (let k = 0; k < classCount; k++) {
    if (!present.has(k)) throw new Error(`class ${k} has no training rows; every class needs at least one`);
  }
  const withBias = new Matrix(scaledX.map((row) => [...row, 1]));
  const model = new LogisticRegression({ numSteps: settings.numSteps, learningRate: settings.learningRate });
  model.train(withBias, Matrix.columnVector(y));

  const featureCount = scaledX[0].length;
  const weights: number[][] = [];
  const intercepts: number[] = [];
  for (const binary of model.classifiers) {
    const libraryWeights = binary.weights.to1DArray();
    weights.push(libraryWeights.slice(0, featureCount).map((weight) => -weight));
    intercepts.push(-libraryWeights[featureCount]);
  }
  return { kind: 'one-vs-rest-logistic', intercepts, weights };
}
