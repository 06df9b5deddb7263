// What the SQL engines' functions (BigQuery, Redshift, Snowflake) share: arguments by
// position in feature order, SQL values as the engines encode them in JSON, and the
// one value each row answers (its output kind).
import type { Issue } from '../../../pipeline/artifact/validation-issues.ts';
import { DECIMAL_NUMBER } from '../../../pipeline/data/cells.ts';
import { OUTPUT_KINDS, type OutputKind } from '../predictions.ts';
import type { RowReader, RowsResult } from './rows.ts';

/** An output kind named by the engine's function definition; undefined means the default, the label. */
export function outputKind(value: unknown, path: string): { output: OutputKind } | { issues: Issue[] } {
  if (value === undefined) return { output: 'label' };
  if (OUTPUT_KINDS.includes(value as OutputKind)) return { output: value as OutputKind };
  return { issues: [{ path, message: `must be one of ${OUTPUT_KINDS.map((kind) => `"${kind}"`).join(', ')}, got ${JSON.stringify(value)}` }] };
}

/**
 * Rows of SQL arguments, one per feature in feature order. The engines write large
 * integers and exact decimals (BigQuery's INT64 past 2^53, NUMERIC) as JSON strings: such
 * a string is read as its number for a numeric feature; any other value is checked as sent.
 */
export function argumentRows(list: unknown, field: string, rows: RowReader, hint: string): RowsResult {
  const checked = rows.listOf(list, field);
  if ('issues' in checked) return rows.fail(checked.issues);
  const tooLarge = rows.batchTooLarge(checked.value.length, field, hint);
  if (tooLarge) return tooLarge;
  const numeric = rows.inputs.map((input) => input.type === 'numeric');
  const issues: Issue[] = [];
  const calls = checked.value.map((call, i) => {
    if (!Array.isArray(call)) return call;
    if (call.length !== numeric.length) issues.push({ path: `${field}[${i}]`, message: `has ${call.length} arguments; expected ${numeric.length}, one per feature in order (${rows.features.join(', ')})` });
    let copy: unknown[] | undefined;
    for (let j = 0; j < call.length; j++) {
      const value = call[j];
      if (numeric[j] && typeof value === 'string' && DECIMAL_NUMBER.test(value)) (copy ??= call.slice())[j] = Number(value);
    }
    return copy ?? call;
  });
  return issues.length > 0 ? rows.fail(issues) : rows.rowsFrom(calls, field, true);
}

/** One line for an engine's error field: the message and the first problems, at most `limit` characters. */
export function oneLine(message: string, issues: readonly Issue[] | undefined, limit: number): string {
  const text = issues && issues.length > 0 ? `${message}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}` : message;
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
