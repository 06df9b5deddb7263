// zod/mini ships without its English messages (that is what keeps it small), so the
// kit words its own: one short sentence per problem, keyed by the path it concerns.
import type { core } from 'zod/mini';
import { isNumbers, NUMBER_ROWS_ISSUE, NUMBERS_ISSUE } from './schema-primitives.ts';

export interface Issue {
  path: string;
  message: string;
}

export function describeIssues(issues: readonly core.$ZodIssue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }));
    }
    if (issue.code === 'custom' && (issue.message === NUMBERS_ISSUE || issue.message === NUMBER_ROWS_ISSUE)) return [locateBadNumber(issue)];
    // Other custom checks word what they expect ("expected a date as …"): the value found is added.
    if (issue.code === 'custom' && issue.message.startsWith('expected ')) {
      const message = issue.input === undefined ? `is required (${issue.message.slice('expected '.length)})` : `${issue.message}, got ${describeValue(issue.input)}`;
      return [{ path: formatPath(issue.path), message }];
    }
    return [{ path: formatPath(issue.path), message: describeIssue(issue) }];
  });
}

/** The first entry of a numeric list (or list of lists) that is not a finite number, by its path. */
function locateBadNumber(issue: core.$ZodIssue): Issue {
  const input = issue.input;
  if (!Array.isArray(input)) return { path: formatPath(issue.path), message: input === undefined ? `is required (${issue.message.replace('expected ', '')})` : `${issue.message}, got ${describeValue(input)}` };
  const rows = issue.message === NUMBER_ROWS_ISSUE;
  for (let i = 0; i < input.length; i++) {
    if (rows && !Array.isArray(input[i])) return { path: formatPath([...issue.path, i]), message: `expected a list of numbers, got ${describeValue(input[i])}` };
    const row: unknown[] = rows ? input[i] : [input[i]];
    if (isNumbers(row)) continue;
    const j = row.findIndex((item) => typeof item !== 'number' || !Number.isFinite(item));
    return { path: formatPath(rows ? [...issue.path, i, j] : [...issue.path, i]), message: `expected a number, got ${describeValue(row[j])}` };
  }
  return { path: formatPath(issue.path), message: issue.message };
}

function describeIssue(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (${article(issue.expected)})` : `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} entries`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `may have at most ${String(issue.maximum)} entries`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `is not in the expected format${'pattern' in issue && issue.pattern ? ` ${String(issue.pattern)}` : ''}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Marks a bare NaN or ±Infinity that a request body carried (see functions/core/json-body.ts). */
export const NON_FINITE_PREFIX = '\u0000non-finite:';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' && value.startsWith(NON_FINITE_PREFIX)) {
    return `${value.slice(NON_FINITE_PREFIX.length)}, which JSON cannot carry`;
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return article(typeof value);
}

/** `features[2]`, `selection.grid[0].cvMean`: the path style used in every message. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}
