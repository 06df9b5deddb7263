// Request bodies to feature rows. The schemas come from the artifact's inputs (a
// number or a category each, null allowed where the model imputes), so a model trained
// on another CSV gets its own strict API with no code change.
import * as z from 'zod/mini';
import type { InputSpec } from '../../pipeline/artifact/model-parts.ts';
import { describeIssues, type Issue } from '../../pipeline/artifact/validation-issues.ts';
import { createCellReader, type CellFormat } from '../../pipeline/data/cells.ts';
import { parseIsoDate } from '../../pipeline/data/dates.ts';
import type { RawValue } from '../../pipeline/preprocess/encode.ts';
import { parseCsvText } from './csv-body.ts';

export type RowsResult =
  | { ok: true; rows: RawValue[][]; single: boolean }
  | { ok: false; status: 400 | 413; message: string; issues?: Issue[]; code?: 'invalid_csv' };

export interface RequestParser {
  /** A parsed JSON body: one record, or a batch in one of the accepted shapes. */
  json(body: unknown): RowsResult;
  /** A text/csv body: a header row of feature names, then one row per record. */
  csv(text: string): RowsResult;
}

const MLFLOW_KEYS = ['dataframe_split', 'dataframe_records', 'inputs'];
export const DATE_ISSUE = 'expected a date as ISO 8601 text (2015-06-01, 2015-06-01T13:45 or 2015-06-01 13:45:00Z)';
const LIST_KEYS = ['instances', 'dataframe_records'];
const MAX_ISSUES_LISTED = 20;

/**
 * `ignored`: the training CSV's other columns (the label, an id, dropped ones). A client
 * that sends whole rows of that CSV is answered, as a ColumnTransformer drops the
 * remainder; any other unknown key is still refused (a typo must not pass silently).
 */
export function createRequestParser(inputs: readonly InputSpec[], maxBatch: number, ignored: readonly string[] = [], cells?: CellFormat): RequestParser {
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
  const dataframeSplit = lazy(() =>
    z.strictObject({
      columns: z.array(z.string()),
      data: rowList(),
      index: z.optional(z.array(z.unknown())),
    }),
  );
  const featureSet = new Set(features);
  const ignoredSet = new Set(ignored);
  const positionOf = new Map(features.map((name, j) => [name, j]));

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
  const imputed = new Set(inputs.filter((input) => input.impute).map((input) => input.name));
  const checkRecord = (value: unknown, prefix: PropertyKey[]) => {
    const checked = check(record, value, prefix);
    return 'issues' in checked ? { issues: checked.issues.map((issue) => nullAccepted(withSuggestion(issue, features), imputed)) } : checked;
  };
  const batchTooLarge = (count: number, field: string) =>
    count > maxBatch ? fail([{ path: field, message: `has ${count} rows; at most ${maxBatch} are accepted per request (MAX_BATCH)` }], 413) : undefined;

  // A non-empty array is common and cheap to recognise; zod words the error otherwise.
  const listOf = (value: unknown, field: string) =>
    Array.isArray(value) && value.length > 0 ? { value: value as unknown[] } : check(rowList(), value, [field]);
  const recordList = lazy(() => z.array(record));
  const numberRowList = lazy(() => z.array(numberRow()));
  const toRow = (value: Record<string, RawValue>) => {
    const row = new Array<RawValue>(features.length);
    for (let j = 0; j < features.length; j++) row[j] = value[features[j]];
    return row;
  };
  /** An array row read by position (`order` names the positions) into a record, or why it cannot be. */
  const arrayRecord = (item: unknown[], order: readonly string[], path: string): { value: Record<string, unknown> } | { issues: Issue[] } => {
    if (item.length !== order.length) return { issues: [{ path, message: `has ${item.length} values; expected ${order.length}, one per column in order (${order.join(', ')})` }] };
    const value: Record<string, unknown> = {};
    order.forEach((name, k) => (value[name] = item[k]));
    return { value };
  };

  /**
   * Each row a record keyed by feature name, or (where allowed) an array of values in
   * `order` (the features, or dataframe_split's columns).
   */
  const rowsFrom = (list: unknown[], field: string, allowArrays: boolean, order: readonly string[] = features): RowsResult => {
    // The usual batch is all records or all arrays: one zod pass over the whole list.
    // Anything else, or any failure, goes item by item so every issue gets its path.
    const arrays = allowArrays && list.every(Array.isArray);
    // Plain numbers in feature order (or another order of the same columns): one zod pass.
    const numbersOnly = allNumbers && order.length === features.length;
    if (arrays && numbersOnly) {
      const whole = z.safeParse(numberRowList(), list);
      if (whole.success) return { ok: true, rows: order === features ? whole.data : whole.data.map((row) => reorder(row, order)), single: false };
    } else if (!arrays) {
      const whole = z.safeParse(recordList(), list);
      if (whole.success) return { ok: true, rows: (whole.data as Record<string, RawValue>[]).map(toRow), single: false };
    }
    const rows: RawValue[][] = [];
    const issues: Issue[] = [];
    list.forEach((item, i) => {
      let checked: { value: unknown } | { issues: Issue[] };
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
    return issues.length > 0 ? fail(issues) : { ok: true, rows, single: false };
  };
  const reorder = (row: RawValue[], order: readonly string[]): RawValue[] => {
    const out = new Array<RawValue>(features.length);
    order.forEach((name, k) => (out[positionOf.get(name)!] = row[k]));
    return out;
  };
  const toRecord = (row: RawValue[]) => Object.fromEntries(features.map((name, j) => [name, row[j]]));

  /** Names that must be exactly the features: dataframe_split's columns, `inputs` as columns, a CSV header. */
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

  /** MLflow's `inputs`: a list of records, or one list of values per column. */
  const fromInputs = (value: unknown): RowsResult => {
    if (Array.isArray(value)) {
      const checked = listOf(value, 'inputs');
      if ('issues' in checked) return fail(checked.issues);
      return batchTooLarge(checked.value.length, 'inputs') ?? rowsFrom(checked.value, 'inputs', false);
    }
    if (value === null || typeof value !== 'object') return fail([{ path: 'inputs', message: 'expected a list of records, or an object of columns (one list of values per feature)' }]);
    const columns = Object.keys(value);
    const issues = columnIssues(columns, 'inputs');
    const lists = Object.values(value) as unknown[];
    lists.forEach((list, k) => {
      if (!Array.isArray(list)) issues.push({ path: `inputs.${columns[k]}`, message: 'expected a list of values, one per row' });
    });
    if (issues.length > 0) return fail(issues);
    const length = (lists[0] as unknown[]).length;
    const ragged = columns.filter((_, k) => (lists[k] as unknown[]).length !== length);
    if (ragged.length > 0) return fail(ragged.map((name) => ({ path: `inputs.${name}`, message: `has ${(value as Record<string, unknown[]>)[name].length} values, where inputs.${columns[0]} has ${length}` })));
    if (length === 0) return fail([{ path: 'inputs', message: 'has no rows' }]);
    const tooLarge = batchTooLarge(length, 'inputs');
    if (tooLarge) return tooLarge;
    const records = Array.from({ length }, (_, i) => Object.fromEntries(columns.map((name, k) => [name, (lists[k] as unknown[])[i]])));
    return rowsFrom(records, 'inputs', false);
  };

  const reader = createCellReader(cells);
  /** Cells to values by the input's type, as the training file's were read; a cell that is not a number stays text, for zod to name. */
  const fromCsv = (text: string): RowsResult => {
    const parsed = parseCsvText(text);
    if (!parsed.ok) return { ok: false, status: 400, code: 'invalid_csv', message: `the request body is not valid CSV (${parsed.message})` };
    const [header = [], ...lines] = parsed.records;
    const columns = header.map((name) => name.trim());
    const issues = columnIssues(columns, 'header');
    if (issues.length > 0) return fail(issues);
    if (lines.length === 0) return fail([{ path: '(csv)', message: 'has a header row but no data rows' }]);
    const tooLarge = batchTooLarge(lines.length, '(csv)');
    if (tooLarge) return tooLarge;
    const types = columns.map((name) => (positionOf.has(name) ? inputs[positionOf.get(name)!].type : undefined));
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      const cells = lines[i];
      if (cells.length !== columns.length) return fail([{ path: `row ${i + 1}`, message: `has ${cells.length} fields; the header has ${columns.length}` }]);
      const entry: Record<string, unknown> = {};
      columns.forEach((name, k) => {
        const cell = cells[k];
        entry[name] = types[k] === undefined ? cell : reader.value(cell, types[k] === 'numeric');
      });
      records.push(entry);
    }
    const result = rowsFrom(records, 'row', false);
    // Data rows counted from 1, as a spreadsheet shows them under the header.
    if (!result.ok && result.issues) result.issues = result.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^row\[(\d+)\]/, (_, i: string) => `row ${Number(i) + 1}`) }));
    return result;
  };

  const fromJson = (body: unknown): RowsResult => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return fail([{ path: '(top level)', message: `expected a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}` }]);
    }
    const keys = Object.keys(body);
    const only = keys.length === 1 ? keys[0] : undefined;
    const value = only === undefined ? undefined : (body as Record<string, unknown>)[only];
    // V1 `instances` may mix records and arrays in feature order; MLflow records are records.
    if (only !== undefined && LIST_KEYS.includes(only)) {
      const checked = listOf(value, only);
      if ('issues' in checked) return fail(checked.issues);
      return batchTooLarge(checked.value.length, only) ?? rowsFrom(checked.value, only, only === 'instances');
    }
    if (only === 'inputs') return fromInputs(value);
    if (only === 'dataframe_split') {
      const checked = check(dataframeSplit(), value, ['dataframe_split']);
      if ('issues' in checked) return fail(checked.issues);
      const { columns, data } = checked.value;
      const issues = columnIssues(columns, 'dataframe_split.columns');
      if (issues.length > 0) return fail(issues);
      return batchTooLarge(data.length, 'dataframe_split.data') ?? rowsFrom(data, 'dataframe_split.data', true, columns);
    }
    const mixed = keys.filter((key) => key === 'instances' || MLFLOW_KEYS.includes(key));
    if (mixed.length > 0) {
      return fail([{ path: '(top level)', message: `"${mixed[0]}" must be the only field of the body; other fields: ${keys.filter((key) => key !== mixed[0]).join(', ')}` }]);
    }
    const checked = checkRecord(body, []);
    if ('issues' in checked) return fail(checked.issues);
    return { ok: true, rows: [toRow(checked.value as Record<string, RawValue>)], single: true };
  };
  return { json: fromJson, csv: fromCsv };
}

/** A typo such as `Sepal_Length` is refused; the message says which feature was probably meant. */
function withSuggestion(issue: Issue, features: readonly string[]): Issue {
  if (issue.message !== 'is not a known field') return issue;
  const key = issue.path.slice(issue.path.lastIndexOf('.') + 1);
  const wanted = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const match = features.find((name) => name.toLowerCase().replace(/[^a-z0-9]/g, '') === wanted);
  return { path: issue.path, message: match ? `is not a feature of this model; did you mean "${match}"?` : `is not a feature of this model (features: ${features.join(', ')})` };
}

/** A missing field the model imputes: the message says that null is accepted for it. */
function nullAccepted(issue: Issue, imputed: ReadonlySet<string>): Issue {
  if (!issue.message.startsWith('is required (')) return issue;
  // The path ends with the field's name (`instances[3].age`); a name may itself hold dots.
  let field: string | undefined;
  for (const name of imputed) if (issue.path === name || issue.path.endsWith(`.${name}`)) field = name;
  if (field === undefined) return issue;
  return { path: issue.path, message: `${issue.message.slice(0, -1)}, or null: the model imputes a missing value)` };
}

function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
