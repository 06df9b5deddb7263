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
