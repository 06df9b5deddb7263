// The quality gate's common shape: a model is written only if it clearly beats the task's
// baseline (the majority class; the training mean) on every held-out prediction it has,
// and reaches the user's absolute bar when one is given. Each task judges its own
// evidence (tasks/*/gate.ts); this is what both answer.

export interface GateVerdict {
  passed: boolean;
  /** The model's held-out score and the baseline's on the same rows (accuracy, or R²). */
  score: number;
  baselineScore: number;
  /** How likely a model no better than the baseline does this well. */
  pValue: number;
  reason?: string;
}

export interface GateOptions {
  alpha: number;
  /** The absolute bar on the gate's metric; null when none was given. */
  minimum: number | null;
  /** The flag that set it, for the refusal (--min-accuracy, --min-r2). */
  minimumFlag: string;
  /** How the refusal names the rows judged ("out of fold on the training part, and on the test part"). */
  rows: string;
}

/** How a refusal names the rows it judged. */
export const GATE_WORDS = {
  'cross-validation and test': 'held out: out of fold on the training part, and on the test part',
  test: 'on the test part',
  'cross-validation': 'out of fold',
} as const;

export type EvaluatedOn = keyof typeof GATE_WORDS;

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
