// Request bodies to feature rows. The schemas come from the artifact's feature names,
// so a model trained on another CSV gets its own strict API with no code change.
import * as z from 'zod/mini';
import { describeIssues, type Issue } from '../../pipeline/artifact/validation-issues.ts';

export type RowsResult =
  | { ok: true; rows: number[][]; single: boolean }
  | { ok: false; status: 400 | 413; message: string; issues?: Issue[] };

export type RequestParser = (body: unknown) => RowsResult;

const MLFLOW_KEYS = ['dataframe_split', 'dataframe_records'];
const MAX_ISSUES_LISTED = 20;

export function createRequestParser(features: readonly string[], maxBatch: number): RequestParser {
  // One shared number schema, and the batch shapes built on first use: every zod
  // schema built at load is cold-start time, and a single-record request needs only `record`.
  const number = z.number();
  const record = z.strictObject(Object.fromEntries(features.map((name) => [name, number])));
  const numberRow = lazy(() => z.array(number).check(z.length(features.length)));
  const rowList = lazy(() => z.array(z.unknown()).check(z.minLength(1)));
  const dataframeSplit = lazy(() =>
    z.strictObject({
      columns: z.array(z.string()),
      data: rowList(),
      index: z.optional(z.array(z.unknown())),
    }),
  );
  const featureSet = new Set(features);

  const fail = (issues: Issue[], status: 400 | 413 = 400): RowsResult => {
    if (status === 413) return { ok: false, status, message: `${issues[0].path} ${issues[0].message}` };
    // A batch of 1000 bad rows should not produce a 1000-entry answer.
    const shown = issues.slice(0, MAX_ISSUES_LISTED);
    const more = issues.length - shown.length;
    return {
      ok: false,
      status,
      message: `the request does not match the model's input schema${more > 0 ? ` (first ${MAX_ISSUES_LISTED} of ${issues.length} problems listed)` : ''}`,
      issues: shown,
    };
  };
  const check = <T>(schema: z.ZodMiniType<T>, value: unknown, prefix: PropertyKey[]): { value: T } | { issues: Issue[] } => {
    const result = z.safeParse(schema, value);
    if (result.success) return { value: result.data };
    // Parsed again to name what was sent in the messages: reportInput makes zod ~4x
    // slower, so only a request that already failed pays for it.
    const issues = z.safeParse(schema, value, { reportInput: true }).error?.issues ?? result.error.issues;
    return { issues: describeIssues(issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }))) };
  };
  const checkRecord = (value: unknown, prefix: PropertyKey[]) => {
    const checked = check(record, value, prefix);
    return 'issues' in checked ? { issues: checked.issues.map((issue) => withSuggestion(issue, features)) } : checked;
  };
  const batchTooLarge = (count: number, field: string) =>
    count > maxBatch ? fail([{ path: field, message: `has ${count} rows; at most ${maxBatch} are accepted per request (MAX_BATCH)` }], 413) : undefined;

  // A non-empty array is common and cheap to recognise; zod words the error otherwise.
  const listOf = (value: unknown, field: string) =>
    Array.isArray(value) && value.length > 0 ? { value: value as unknown[] } : check(rowList(), value, [field]);
  const recordList = lazy(() => z.array(record));
  const numberRowList = lazy(() => z.array(numberRow()));
  const toRow = (value: Record<string, number>) => {
    const row = new Array<number>(features.length);
    for (let j = 0; j < features.length; j++) row[j] = value[features[j]];
    return row;
  };

  /** Each row a record keyed by feature name, or (where allowed) a plain array in feature order. */
  const rowsFrom = (list: unknown[], field: string, allowArrays: boolean): RowsResult => {
    // The usual batch is all records or all arrays: one zod pass over the whole list.
    // Anything else, or any failure, goes item by item so every issue gets its path.
    const arrays = allowArrays && list.every(Array.isArray);
    const whole = z.safeParse(arrays ? numberRowList() : recordList(), list);
    if (whole.success) return { ok: true, rows: arrays ? (whole.data as number[][]) : (whole.data as Record<string, number>[]).map(toRow), single: false };
    const rows: number[][] = [];
    const issues: Issue[] = [];
    list.forEach((item, i) => {
      const asArray = allowArrays && Array.isArray(item);
      const checked = asArray ? check(numberRow(), item, [field, i]) : checkRecord(item, [field, i]);
      if ('issues' in checked) issues.push(...checked.issues);
      else rows.push(asArray ? (checked.value as number[]) : toRow(checked.value as Record<string, number>));
    });
    return issues.length > 0 ? fail(issues) : { ok: true, rows, single: false };
  };

  return (body) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return fail([{ path: '(top level)', message: `expected a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}` }]);
    }
    const keys = Object.keys(body);
    // V1 `instances` may mix records and arrays in feature order; MLflow records are records.
    if (keys.length === 1 && (keys[0] === 'instances' || keys[0] === 'dataframe_records')) {
      const field = keys[0];
      const checked = listOf((body as Record<string, unknown>)[field], field);
      if ('issues' in checked) return fail(checked.issues);
      return batchTooLarge(checked.value.length, field) ?? rowsFrom(checked.value, field, field === 'instances');
    }
    if (keys.length === 1 && keys[0] === 'dataframe_split') {
      const checked = check(dataframeSplit(), (body as { dataframe_split: unknown }).dataframe_split, ['dataframe_split']);
      if ('issues' in checked) return fail(checked.issues);
      const { columns, data } = checked.value;
      const columnIssues: Issue[] = [];
      columns.forEach((name, i) => {
        if (!featureSet.has(name)) columnIssues.push({ path: `dataframe_split.columns[${i}]`, message: `"${name}" is not a feature of this model` });
        else if (columns.indexOf(name) !== i) columnIssues.push({ path: `dataframe_split.columns[${i}]`, message: `"${name}" appears more than once` });
      });
      for (const name of features) {
        if (!columns.includes(name)) columnIssues.push({ path: 'dataframe_split.columns', message: `is missing the feature "${name}"` });
      }
      if (columnIssues.length > 0) return fail(columnIssues);
      const tooLarge = batchTooLarge(data.length, 'dataframe_split.data');
      if (tooLarge) return tooLarge;
      const positions = features.map((name) => columns.indexOf(name));
      const split = rowsFrom(data, 'dataframe_split.data', true);
      if (!split.ok) return split;
      return { ok: true, rows: split.rows.map((row) => positions.map((position) => row[position])), single: false };
    }
    const mixed = keys.filter((key) => key === 'instances' || MLFLOW_KEYS.includes(key));
    if (mixed.length > 0) {
      return fail([{ path: '(top level)', message: `"${mixed[0]}" must be the only field of the body; other fields: ${keys.filter((key) => key !== mixed[0]).join(', ')}` }]);
    }
    const checked = checkRecord(body, []);
    if ('issues' in checked) return fail(checked.issues);
    return { ok: true, rows: [toRow(checked.value as Record<string, number>)], single: true };
  };
}

/** A typo such as `Sepal_Length` is refused; the message says which feature was probably meant. */
function withSuggestion(issue: Issue, features: readonly string[]): Issue {
  if (issue.message !== 'is not a known field') return issue;
  const key = issue.path.slice(issue.path.lastIndexOf('.') + 1);
  const wanted = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const match = features.find((name) => name.toLowerCase().replace(/[^a-z0-9]/g, '') === wanted);
  return { path: issue.path, message: match ? `is not a feature of this model; did you mean "${match}"?` : `is not a feature of this model (features: ${features.join(', ')})` };
}

function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
