import type { ClassReport } from '../artifact/artifact.ts';

export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) correct++;
  return correct / actual.length;
}

/** matrix[actual][predicted], as scikit-learn's confusion_matrix. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < actual.length; i++) matrix[actual[i]][predicted[i]]++;
  return matrix;
}

/** Per-class precision, recall and F1 from a confusion matrix; 0 where undefined, as scikit-learn's zero_division=0. */
export function classificationReport(matrix: number[][], labels: readonly string[]): ClassReport[] {
  return labels.map((label, k) => {
    const truePositives = matrix[k][k];
    const support = matrix[k].reduce((sum, count) => sum + count, 0);
    const predictedAsK = matrix.reduce((sum, row) => sum + row[k], 0);
    const precision = predictedAsK === 0 ? 0 : truePositives / predictedAsK;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Population standard deviation (ddof = 0), as numpy's std and GridSearchCV's std_test_score. */
export function populationStd(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length);
}

/** f1_score(average="macro"): the mean of each class's F1 over the classes in the labels or the predictions (0 where undefined). */
export function f1Macro(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number {
  const truePositives = new Float64Array(classCount);
  const inActual = new Float64Array(classCount);
  const inPredicted = new Float64Array(classCount);
  for (let i = 0; i < actual.length; i++) {
    inActual[actual[i]]++;
    inPredicted[predicted[i]]++;
    if (actual[i] === predicted[i]) truePositives[actual[i]]++;
  }
  let sum = 0;
  let labels = 0;
  for (let k = 0; k < classCount; k++) {
    if (inActual[k] === 0 && inPredicted[k] === 0) continue;
    labels++;
    const denominator = inActual[k] + inPredicted[k];
    sum += denominator === 0 ? 0 : (2 * truePositives[k]) / denominator;
  }
  return labels === 0 ? 0 : sum / labels;
}
