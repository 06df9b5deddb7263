// The bodies MLflow's scoring server takes (/invocations): {"dataframe_split": {columns,
// data}}, {"dataframe_records": [record, ...]}, and {"inputs": [record, ...]} or
// {"inputs": {"<feature>": [values], ...}} (columns).
import * as z from 'zod/mini';
import { onlyKey, type Contract } from './contract.ts';
import { lazy, type RowReader, type RowsResult } from './rows.ts';

const KEYS = ['dataframe_split', 'dataframe_records', 'inputs'];
const dataframeSplit = lazy(() =>
  z.strictObject({
    columns: z.array(z.string()),
    data: z.array(z.unknown()).check(z.minLength(1)),
    index: z.optional(z.array(z.unknown())),
  }),
);

export const contract: Contract = {
  name: 'mlflow',
  channels: ['http', 'invoke'],
  soleKeys: KEYS,
  shape: 'MLflow: {"dataframe_split": {"columns": [...], "data": [[...]]}}, {"dataframe_records": [record, ...]} or {"inputs": [record, ...] or {"<feature>": [values], ...}}',
  accepts: (body) => KEYS.includes(onlyKey(body) as string),
  read({ body }, rows) {
    const key = onlyKey(body as Record<string, unknown>)!;
    const value = (body as Record<string, unknown>)[key];
    const read = key === 'inputs' ? fromInputs(value, rows) : key === 'dataframe_split' ? fromSplit(value, rows) : fromRecords(value, rows);
    return read.ok ? { ...read, answer: (predictions, answerer) => answerer.batch(predictions) } : read;
  },
};

function fromRecords(value: unknown, rows: RowReader): RowsResult {
  const checked = rows.listOf(value, 'dataframe_records');
  if ('issues' in checked) return rows.fail(checked.issues);
  return rows.batchTooLarge(checked.value.length, 'dataframe_records') ?? rows.rowsFrom(checked.value, 'dataframe_records', false);
}

function fromSplit(value: unknown, rows: RowReader): RowsResult {
  const checked = rows.check(dataframeSplit(), value, ['dataframe_split']);
  if ('issues' in checked) return rows.fail(checked.issues);
  const { columns, data } = checked.value;
  const issues = rows.columnIssues(columns, 'dataframe_split.columns');
  if (issues.length > 0) return rows.fail(issues);
  return rows.batchTooLarge(data.length, 'dataframe_split.data') ?? rows.rowsFrom(data, 'dataframe_split.data', true, columns);
}

/** `inputs`: a list of records, or one list of values per column. */
function fromInputs(value: unknown, rows: RowReader): RowsResult {
  if (Array.isArray(value)) {
    const checked = rows.listOf(value, 'inputs');
    if ('issues' in checked) return rows.fail(checked.issues);
    return rows.batchTooLarge(checked.value.length, 'inputs') ?? rows.rowsFrom(checked.value, 'inputs', false);
  }
  if (value === null || typeof value !== 'object') return rows.fail([{ path: 'inputs', message: 'expected a list of records, or an object of columns (one list of values per feature)' }]);
  const columns = Object.keys(value);
  const issues = rows.columnIssues(columns, 'inputs');
  const lists = Object.values(value) as unknown[];
  lists.forEach((list, k) => {
    if (!Array.isArray(list)) issues.push({ path: `inputs.${columns[k]}`, message: 'expected a list of values, one per row' });
  });
  if (issues.length > 0) return rows.fail(issues);
  const length = (lists[0] as unknown[]).length;
  const ragged = columns.filter((_, k) => (lists[k] as unknown[]).length !== length);
  if (ragged.length > 0) return rows.fail(ragged.map((name) => ({ path: `inputs.${name}`, message: `has ${(value as Record<string, unknown[]>)[name].length} values, where inputs.${columns[0]} has ${length}` })));
  if (length === 0) return rows.fail([{ path: 'inputs', message: 'has no rows' }]);
  const tooLarge = rows.batchTooLarge(length, 'inputs');
  if (tooLarge) return tooLarge;
  const records = Array.from({ length }, (_, i) => Object.fromEntries(columns.map((name, k) => [name, (lists[k] as unknown[])[i]])));
  return rows.rowsFrom(records, 'inputs', false);
}
