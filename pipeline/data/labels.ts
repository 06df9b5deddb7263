// Class labels as scikit-learn keeps them: integer labels stay integers (1, 2, 10 sort
// numerically and answer as numbers), anything else is text sorted as np.unique does.
import { DECIMAL_NUMBER } from './cells.ts';
import { compareCodePoints } from './text-order.ts';

export type LabelType = 'integer' | 'string';

/** An integer written canonically: "007" or "1.0" stay text, as their spelling carries meaning. */
const INTEGER = /^-?(0|[1-9]\d*)$/;

export function labelTypeOf(labels: readonly string[]): LabelType {
  return labels.every((label) => INTEGER.test(label) && Number.isSafeInteger(Number(label))) ? 'integer' : 'string';
}

/** Classes in scikit-learn's order (numeric when every label is a number, else by code point), and each row's class index. */
export function labelsOf(levels: readonly string[], codes: Int32Array): { classes: string[]; labelType: LabelType; y: Int32Array } {
  const classes = [...levels];
  if (classes.every((label) => DECIMAL_NUMBER.test(label))) classes.sort((a, b) => Number(a) - Number(b));
  else classes.sort(compareCodePoints);
  const index = new Map(classes.map((label, k) => [label, k]));
  const toClass = Int32Array.from(levels, (label) => index.get(label)!);
  const y = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) y[i] = toClass[codes[i]];
  return { classes, labelType: labelTypeOf(classes), y };
}
