// classes_ → the artifact's classes (text, in classes_ order) and labelType: "integer"
// when every label is a whole number (answers then give numbers), else "string" (as
// Python's str writes booleans and reals: True, 2.5).
import type { Label } from '../sklearn/types.ts';

export function labelsOf(classes: Label[]): { classes: string[]; labelType: 'integer' | 'string' } {
  const integer = classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c));
  const text = (c: Label) => (typeof c === 'boolean' ? (c ? 'True' : 'False') : typeof c === 'number' && !integer && Number.isInteger(c) ? `${c}.0` : String(c));
  return { classes: classes.map(text), labelType: integer ? 'integer' : 'string' };
}
