// The one way a request's values become feature rows, whatever contract carried them:
// the schemas come from the artifact's inputs (a number or a category each, ISO 8601
// text for a date, null where the model imputes), so a model trained on another CSV
// gets its own strict API with no code change. Every contract reads its rows through
// here: records by name, arrays by position, the limits and the wording of problems.
import * as z from 'zod/mini';
import type { InputSpec } from '../../../pipeline/artifact/model-parts.ts';
import type { ServingModel } from '../../../pipeline/artifact/serving-model.ts';
import { describeIssues, type Issue } from '../../../pipeline/artifact/validation-issues.ts';
import { createCellReader, type CellReader } from '../../../pipeline/data/cells.ts';
import { parseIsoDate } from '../../../pipeline/data/dates.ts';
import type { RawValue } from '../../../pipeline/preprocess/encode.ts';
import { nullAccepted, withSuggestion } from './row-issues.ts';

/** Why a request's rows cannot be read: a status, one line, and the problems by path. */
export interface Refusal {
  ok: false;
  /** 401 only for a direct invocation refused for want of a key (API_KEY set). */
  status: 400 | 401 | 413;
  message: string;
  issues?: Issue[];
  code?: 'invalid_csv';
}

export type Checked<T> = { value: T } | { issues: Issue[] };
export type RowsResult = { ok: true; rows: RawValue[][] } | Refusal;

export const DATE_ISSUE = 'expected a date as ISO 8601 text (2015-06-01, 2015-06-01T13:45 or 2015-06-01 13:45:00Z)';
const MAX_ISSUES_LISTED = 20;

export interface RowReader {
  /** The features, in the order the model takes them (positional arguments follow it). */
  features: readonly string[];
  inputs: readonly InputSpec[];
  /** How a CSV-like text cell is read, as the training file's cells were (missing markers, decimal separator). */
  cells: CellReader;
  maxBatch: number;
  fail(issues: Issue[], status?: 400 | 413): Refusal;
  check<T>(schema: z.ZodMiniType<T>, value: unknown, prefix: PropertyKey[]): Checked<T>;
  /** One record keyed by feature name; the training file's other columns are accepted and ignored. */
  checkRecord(value: unknown, prefix: PropertyKey[]): Checked<Record<string, RawValue>>;
  /** A non-empty array, or zod's word for what it is instead. */
  listOf(value: unknown, field: string): Checked<unknown[]>;
  /** The 413 for more rows than MAX_BATCH; `hint` says how the sender can send fewer. */
  batchTooLarge(count: number, field: string, hint?: string): Refusal | undefined;
  /**
   * Each row a record keyed by feature name, or (where allowed) an array of values in
   * `order` (the features, or dataframe_split's columns), each value named in messages.
   */
  rowsFrom(list: unknown[], field: string, allowArrays: boolean, order?: readonly string[]): RowsResult;
  /** Names that must be exactly the features: dataframe_split's columns, `inputs` as columns, a CSV header. */
  columnIssues(columns: readonly string[], path: string): Issue[];
  toRow(value: Record<string, RawValue>): RawValue[];
}

/**
 * `ignored`: the training CSV's other columns (the label, an id, dropped ones). A client
 * that sends whole rows of that CSV is answered, as a ColumnTransformer drops the
 * remainder; any other unknown key is still refused (a typo must not pass silently).
 */
export function createRowReader(model: Pick<ServingModel, 'inputs' | 'ignoredColumns' | 'cells'>, maxBatch: number): RowReader {
  const { inputs } = model;
  const ignored = model.ignoredColumns ?? [];
  const features = inputs.map((input) => input.name);
  // Shared schemas, and the batch shapes built on first use: every zod schema built at
  // load is cold-start time, and a single-record request needs only `record`.
  const number = z.number();
  const text = z.string();
  const nullableNumber = lazy(() => z.nullable(number));
  const nullableText = lazy(() => z.nullable(text));
  const anything = lazy(() => z.optional(z.unknown()));
  // A date is ISO 8601 text that names a real day (data/dates.ts reads it, as training read the CSV).
  const date = lazy(() => z.custom<string>((value) => typeof value === 'string' && parseIsoDate(value) !== undefined, DATE_ISSUE));
  const nullableDate = lazy(() => z.nullable(date()));
  const schemaOf = (input: InputSpec) => {
    if (input.type === 'numeric') return input.impute ? nullableNumber() : number;
    if (input.type === 'date') return input.impute ? nullableDate() : date();
    return input.impute ? nullableText() : text;
  };
  const record = z.strictObject(Object.fromEntries([...ignored.map((name) => [name, anything()]), ...inputs.map((input) => [input.name, schemaOf(input)])]));
  // A model of plain numbers takes rows as arrays of numbers in one zod pass; any other
  // array row is read by position into a record, so each value is named in messages.
  const allNumbers = inputs.every((input) => input.type === 'numeric' && !input.impute);
  const numberRow = lazy(() => z.array(number).check(z.length(features.length)));
  const rowList = lazy(() => z.array(z.unknown()).check(z.minLength(1)));
  const featureSet = new Set(features);
  const ignoredSet = new Set(ignored);
  const positionOf = new Map(features.map((name, j) => [name, j]));
  const imputed = new Set(inputs.filter((input) => input.impute).map((input) => input.name));

  const fail = (issues: Issue[], status: 400 | 413 = 400): Refusal => {
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
  const check = <T>(schema: z.ZodMiniType<T>, value: unknown, prefix: PropertyKey[]): Checked<T> => {
    const result = z.safeParse(schema, value);
    if (result.success) return { value: result.data };
    // Parsed again to name what was sent in the messages: reportInput makes zod ~4x
    // slower, so only a request that already failed pays for it.
    const issues = z.safeParse(schema, value, { reportInput: true }).error?.issues ?? result.error.issues;
    return { issues: describeIssues(issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }))) };
  };
  const checkRecord = (value: unknown, prefix: PropertyKey[]): Checked<Record<string, RawValue>> => {
    const checked = check(record, value, prefix);
    return 'issues' in checked ? { issues: checked.issues.map((issue) => nullAccepted(withSuggestion(issue, features), imputed)) } : (checked as { value: Record<string, RawValue> });
  };
  const batchTooLarge = (count: number, field: string, hint = '') =>
    count > maxBatch ? fail([{ path: field, message: `has ${count} rows; at most ${maxBatch} are accepted per request (MAX_BATCH)${hint}` }], 413) : undefined;

  // A non-empty array is common and cheap to recognise; zod words the error otherwise.
  const listOf = (value: unknown, field: string): Checked<unknown[]> =>
    Array.isArray(value) && value.length > 0 ? { value: value as unknown[] } : check(rowList(), value, [field]);
  const recordList = lazy(() => z.array(record));
  const numberRowList = lazy(() => z.array(numberRow()));
  const toRow = (value: Record<string, RawValue>) => {
    const row = new Array<RawValue>(features.length);
    for (let j = 0; j < features.length; j++) row[j] = value[features[j]];
    return row;
  };
  /** An array row read by position (`order` names the positions) into a record, or why it cannot be. */
  const arrayRecord = (item: unknown[], order: readonly string[], path: string): Checked<Record<string, unknown>> => {
    if (item.length !== order.length) return { issues: [{ path, message: `has ${item.length} values; expected ${order.length}, one per column in order (${order.join(', ')})` }] };
    const value: Record<string, unknown> = {};
    order.forEach((name, k) => (value[name] = item[k]));
    return { value };
  };
  const reorder = (row: RawValue[], order: readonly string[]): RawValue[] => {
    const out = new Array<RawValue>(features.length);
    order.forEach((name, k) => (out[positionOf.get(name)!] = row[k]));
    return out;
  };
  const toRecord = (row: RawValue[]) => Object.fromEntries(features.map((name, j) => [name, row[j]]));

  const rowsFrom = (list: unknown[], field: string, allowArrays: boolean, order: readonly string[] = features): RowsResult => {
    // The usual batch is all records or all arrays: one zod pass over the whole list.
    // Anything else, or any failure, goes item by item so every issue gets its path.
    const arrays = allowArrays && list.every(Array.isArray);
    // Plain numbers in feature order (or another order of the same columns): one zod pass.
    const numbersOnly = allNumbers && order.length === features.length;
    if (arrays && numbersOnly) {
      const whole = z.safeParse(numberRowList(), list);
      if (whole.success) return { ok: true, rows: order === features ? whole.data : whole.data.map((row) => reorder(row, order)) };
    } else if (!arrays) {
      const whole = z.safeParse(recordList(), list);
      if (whole.success) return { ok: true, rows: (whole.data as Record<string, RawValue>[]).map(toRow) };
    }
    const rows: RawValue[][] = [];
    const issues: Issue[] = [];
    list.forEach((item, i) => {
      let checked: Checked<unknown>;
      if (allowArrays && Array.isArray(item)) {
        if (numbersOnly) {
          checked = check(numberRow(), item, [field, i]);
          if (!('issues' in checked)) checked = { value: toRecord(reorder(checked.value as number[], order)) };
        } else {
          checked = arrayRecord(item, order, `${field}[${i}]`);
          if (!('issues' in checked)) checked = checkRecord(checked.value, [field, i]);
        }
      } else {
        checked = checkRecord(item, [field, i]);
      }
      if ('issues' in checked) issues.push(...checked.issues);
      else rows.push(toRow(checked.value as Record<string, RawValue>));
    });
    return issues.length > 0 ? fail(issues) : { ok: true, rows };
  };

  const columnIssues = (columns: readonly string[], path: string): Issue[] => {
    const issues: Issue[] = [];
    const seen = new Set<string>();
    columns.forEach((name, i) => {
      if (!featureSet.has(name) && !ignoredSet.has(name)) issues.push({ path: `${path}[${i}]`, message: `"${name}" is not a feature of this model` });
      else if (seen.size === seen.add(name).size) issues.push({ path: `${path}[${i}]`, message: `"${name}" appears more than once` });
    });
    for (const name of features) if (!seen.has(name)) issues.push({ path, message: `is missing the feature "${name}"` });
    return issues;
  };

  return { features, inputs, cells: createCellReader(model.cells), maxBatch, fail, check, checkRecord, listOf, batchTooLarge, rowsFrom, columnIssues, toRow };
}

export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
