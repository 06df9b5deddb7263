import LogisticRegression from 'ml-logistic-regression';
import { Matrix as MlMatrix } from 'ml-matrix';
import type { Matrix } from '../../data/matrix.ts';
import type { LinearClassifier } from '../linear/classifier.ts';

export interface MlLogisticParams {
  numSteps: number;
  learningRate: number;
}

/** The library's own defaults. */
export const ML_LOGISTIC_DEFAULTS: MlLogisticParams = { numSteps: 50000, learningRate: 5e-4 };

/**
 * One-vs-rest logistic regression trained by ml-logistic-regression (fixed gradient
 * steps, no regularization), turned into plain weights and intercepts. The library
 * has no intercept term, so a constant column is appended to the scaled rows and its
 * weight becomes the intercept. It also trains each binary model with its own class
 * as target 0, so its scores estimate "not this class"; negating the weights turns
 * them into the log-odds of "this class".
 */
export function fitMlLogisticRegression(X: Matrix, y: Int32Array, classCount: number, params: MlLogisticParams): LinearClassifier {
  const present = new Set(y);
  for (let k = 0; k < classCount; k++) {
    if (!present.has(k)) throw new Error(`class ${k} has no training rows; every class needs at least one`);
  }
  const rows = Array.from({ length: X.rows }, (_, i) => [...X.data.subarray(i * X.cols, (i + 1) * X.cols), 1]);
  const model = new LogisticRegression({ numSteps: params.numSteps, learningRate: params.learningRate });
  model.train(new MlMatrix(rows), MlMatrix.columnVector(Array.from(y)));

  const weights: number[][] = [];
  const intercepts: number[] = [];
  for (const binary of model.classifiers) {
    const libraryWeights = binary.weights.to1DArray();
    weights.push(libraryWeights.slice(0, X.cols).map((weight) => -weight));
    intercepts.push(-libraryWeights[X.cols]);
  }
  // With two classes the library still fits one model per class, so this stays one-vs-rest.
  return { kind: 'linear', link: 'ovr', intercepts, weights };
}
