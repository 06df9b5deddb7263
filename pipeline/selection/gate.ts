// The quality gate: a model is written only if it clearly beats the majority-class
// baseline (scikit-learn's DummyClassifier(strategy="most_frequent")), and reaches
// --min-accuracy when one is given.
import { argmax } from '../models/argmax.ts';

export interface GateInput {
  /** Rows the model got right, of `rows` evaluated (the test part, or every row out of fold). */
  correct: number;
  rows: number;
  /** Rows the baseline got right on the same rows. */
  baselineCorrect: number;
  minAccuracy: number;
  /** Largest chance of doing this well by luck at the baseline's rate that still counts as beating it. */
  alpha: number;
}

export interface GateResult {
  passed: boolean;
  accuracy: number;
  baselineAccuracy: number;
  /** P(at least `correct` right of `rows`) for a classifier right at the baseline's rate. */
  pValue: number;
  reason?: string;
}

export function applyGate(input: GateInput, evaluatedOn: string): GateResult {
  const accuracy = input.correct / input.rows;
  const baselineAccuracy = input.baselineCorrect / input.rows;
  const pValue = binomialUpperTail(input.correct, input.rows, baselineAccuracy);
  const result: GateResult = { passed: true, accuracy, baselineAccuracy, pValue };
  if (!(pValue < input.alpha)) {
    result.passed = false;
    result.reason =
      `accuracy ${accuracy.toFixed(3)} (${input.correct}/${input.rows} ${evaluatedOn}) does not clearly beat the majority-class baseline's ` +
      `${baselineAccuracy.toFixed(3)}: a classifier no better than the baseline would do this well with probability ${pValue.toPrecision(2)} (needs < ${input.alpha})`;
  } else if (accuracy < input.minAccuracy) {
    result.passed = false;
    result.reason = `accuracy ${accuracy.toFixed(3)} ${evaluatedOn} is below --min-accuracy ${input.minAccuracy}`;
  }
  return result;
}

/** What a model and the baseline got right on some held-out rows. */
export interface HeldOut {
  correct: number;
  baselineCorrect: number;
  rows: number;
}

/** Held-out predictions of different kinds (out of fold, the test part) pooled into one count. */
export function pooled(parts: readonly HeldOut[]): HeldOut {
  return parts.reduce((sum, part) => ({ correct: sum.correct + part.correct, baselineCorrect: sum.baselineCorrect + part.baselineCorrect, rows: sum.rows + part.rows }), { correct: 0, baselineCorrect: 0, rows: 0 });
}

/** How a refusal names the rows it judged. */
export const GATE_WORDS = {
  'cross-validation and test': 'held out: out of fold on the training part, and on the test part',
  test: 'on the test part',
  'cross-validation': 'out of fold',
} as const;

/** The baseline's right answers out of fold: on each fold's test rows, the majority class of its training rows. */
export function foldBaselineCorrect(y: Int32Array, testFolds: Int32Array, folds: number, classCount: number): number {
  const counts = Array.from({ length: folds }, () => new Array<number>(classCount).fill(0));
  const total = new Array<number>(classCount).fill(0);
  for (let i = 0; i < y.length; i++) {
    counts[testFolds[i]][y[i]]++;
    total[y[i]]++;
  }
  let correct = 0;
  for (let fold = 0; fold < folds; fold++) {
    // The fold's training rows: every row but its own.
    const training = total.map((count, k) => count - counts[fold][k]);
    correct += counts[fold][argmax(training)];
  }
  return correct;
}

/** The rows of the most frequent training class that `labels` holds: the baseline's right answers. */
export function majorityCorrect(trainLabels: ArrayLike<number>, labels: ArrayLike<number>, classCount: number): number {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  // Ties go to the first class, as DummyClassifier's argmax does.
  const majority = argmax(counts);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === majority) correct++;
  return correct;
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space so that large n does not underflow. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logFactorial = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) logFactorial[i] = logFactorial[i - 1] + Math.log(i);
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let total = 0;
  for (let i = k; i <= n; i++) total += Math.exp(logFactorial[n] - logFactorial[i] - logFactorial[n - i] + i * logP + (n - i) * logQ);
  return Math.min(1, total);
}
