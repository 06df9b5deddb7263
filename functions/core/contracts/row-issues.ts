// The wording of a row's problems beyond zod's own: what a typo probably meant, and
// that null is accepted where the model imputes. Every contract's messages get them.
import type { Issue } from '../../../pipeline/artifact/validation-issues.ts';

/** A typo such as `Sepal_Length` is refused; the message says which feature was probably meant. */
export function withSuggestion(issue: Issue, features: readonly string[]): Issue {
  if (issue.message !== 'is not a known field') return issue;
  const key = issue.path.slice(issue.path.lastIndexOf('.') + 1);
  const wanted = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const match = features.find((name) => name.toLowerCase().replace(/[^a-z0-9]/g, '') === wanted);
  return { path: issue.path, message: match ? `is not a feature of this model; did you mean "${match}"?` : `is not a feature of this model (features: ${features.join(', ')})` };
}

/** A missing field the model imputes: the message says that null is accepted for it. */
export function nullAccepted(issue: Issue, imputed: ReadonlySet<string>): Issue {
  if (!issue.message.startsWith('is required (')) return issue;
  // The path ends with the field's name (`instances[3].age`); a name may itself hold dots.
  let field: string | undefined;
  for (const name of imputed) if (issue.path === name || issue.path.endsWith(`.${name}`)) field = name;
  if (field === undefined) return issue;
  return { path: issue.path, message: `${issue.message.slice(0, -1)}, or null: the model imputes a missing value)` };
}
