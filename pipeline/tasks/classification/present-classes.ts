// A fold's training rows may lack a class (a class of 3 rows in 5 folds, as
// StratifiedKFold warns about): scikit-learn then fits on the classes present, and its
// predict_proba has a column for each of them only. The fold's model is fitted the same
// way here, and its probabilities are spread back over every class, 0 for the absent
// ones, so that scoring sees the full set.
export interface PresentClasses {
  /** The labels renumbered over the classes present (0 … count − 1). */
  y: Int32Array;
  count: number;
  /** present[k']: the class index of renumbered class k'. */
  present: Int32Array;
}

/** The classes `y` has, or undefined when it has all `classCount` of them (nothing to renumber). */
export function presentClasses(y: Int32Array, classCount: number): PresentClasses | undefined {
  const seen = new Uint8Array(classCount);
  for (let i = 0; i < y.length; i++) seen[y[i]] = 1;
  let count = 0;
  for (let k = 0; k < classCount; k++) count += seen[k];
  if (count === classCount) return undefined;
  const present = new Int32Array(count);
  const renumber = new Int32Array(classCount).fill(-1);
  for (let k = 0, next = 0; k < classCount; k++) {
    if (!seen[k]) continue;
    present[next] = k;
    renumber[k] = next++;
  }
  return { y: Int32Array.from(y, (label) => renumber[label]), count, present };
}

/** Probabilities over the present classes (rows × count) as rows × classCount, 0 for the others. */
export function spreadProbabilities(probabilities: Float64Array, rows: number, classes: PresentClasses, classCount: number): Float64Array {
  const out = new Float64Array(rows * classCount);
  for (let i = 0; i < rows; i++) for (let k = 0; k < classes.count; k++) out[i * classCount + classes.present[k]] = probabilities[i * classes.count + k];
  return out;
}
