// Which columns become features, as a scikit-learn user would pick them by hand:
// identifiers, constant columns and mostly distinct text are dropped (with a notice),
// --drop, --features and --categorical override what the data suggests.
import type { ColumnScan, NumberStats } from './column-scan.ts';
import type { ColumnMeta } from './csv.ts';
import { DatasetError } from './csv.ts';
import type { Matrix } from './matrix.ts';

export interface RoleOptions {
  /** Columns to read as categories even though they hold numbers. */
  categorical?: readonly string[];
  drop?: readonly string[];
  /** Keep only these columns as features. */
  features?: readonly string[];
}

/** Below this many rows, distinct values say little: a 10-row file may well have 10 colours. */
export const ID_MIN_ROWS = 20;
/** A column named like an identifier is one when at least this share of its values are distinct. */
const NAMED_ID_DISTINCT = 0.9;
/** Text with at least this share of distinct values (a title, a free-text note) is not a category. */
const HIGH_CARDINALITY_TEXT = 0.5;
/** Whole numbers of one width from this many digits (123456, 000123) read as codes, not quantities, when all distinct. */
const FIXED_WIDTH_DIGITS = 4;

export interface Roles {
  X: Matrix;
  columns: ColumnMeta[];
  dropped: { name: string; reason: string }[];
  notices: string[];
}

/**
 * Whether a column's name reads as an identifier, as people write them: id, ID, Id,
 * uuid, guid, key, code, no, number on their own; or ending in a word id, uuid, guid,
 * key (customer_id, customerId, CustomerID, order-key), or no, nr, number (order_no,
 * invoice number). "zip code" or "post_code" are not: a code word after another one
 * names a category.
 */
export function looksLikeIdentifierName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (words.length === 1) return ['id', 'uuid', 'guid', 'key', 'code', 'no', 'nr', 'number', 'num'].includes(last);
  return ['id', 'uuid', 'guid', 'key', 'no', 'nr', 'number'].includes(last);
}

export function assignRoles(X: Matrix, columns: ColumnMeta[], scans: ColumnScan[], decimal: '.' | ',', options: RoleOptions & { target: string }, source: string): Roles {
  const names = columns.map((column) => column.name);
  const known = new Set(names);
  for (const [flag, list] of [['--features', options.features], ['--drop', options.drop], ['--categorical', options.categorical]] as const) {
    for (const name of list ?? []) {
      if (name === options.target) throw new DatasetError(`${flag}: "${name}" is the label column (the target), not a feature`);
      if (!known.has(name)) throw new DatasetError(`${flag}: ${source} has no column "${name}" (columns: ${[...names, options.target].join(', ')})`);
    }
  }
  const chosen = new Set(options.features ?? []);
  const named = new Set([...chosen, ...(options.categorical ?? [])]);
  const drop = new Set(options.drop ?? []);
  const dropped: Roles['dropped'] = [];
  const notices: string[] = [];
  const keep: number[] = [];
  columns.forEach((column, c) => {
    const scan = scans[c];
    const numbers = decimal === ',' ? scan.comma : scan.dot;
    const leaveOut = (reason: string, notice: string) => {
      notices.push(notice);
      dropped.push({ name: column.name, reason });
    };
    if (column.name === '') return leaveOut('row names', 'the first column has no name: row names (as R\'s write.csv writes them), dropped as an index');
    if (options.features && !chosen.has(column.name)) return dropped.push({ name: column.name, reason: 'not in --features' });
    if (drop.has(column.name)) return dropped.push({ name: column.name, reason: '--drop' });
    const distinct = distinctValues(column, X, c);
    if (distinct <= 1) {
      const reason = distinct === 0 ? 'every cell is missing' : 'constant: one value in every row';
      return leaveOut(reason, `column "${column.name}" dropped: ${reason}`);
    }
    if (!named.has(column.name) && X.rows >= ID_MIN_ROWS) {
      const reason = identifierReason(column, numbers, distinct, X.rows);
      if (reason) return leaveOut(`identifier (${reason})`, `column "${column.name}" dropped as an identifier: ${reason}; name it in --features to keep it`);
      const observed = X.rows - column.missing;
      if (column.kind === 'categorical' && distinct >= HIGH_CARDINALITY_TEXT * observed && numbers.count < HIGH_CARDINALITY_TEXT * scan.cells) {
        return leaveOut(
          `mostly distinct text (${distinct} values in ${observed} rows)`,
          `column "${column.name}" dropped: mostly distinct text (${distinct} different values in ${observed} rows), a title or a note rather than a category; name it in --features or --categorical to keep it`,
        );
      }
    }
    if (column.kind === 'categorical' && numbers.count > 0 && numbers.firstOther && numbers.count >= 0.9 * scan.cells && !named.has(column.name)) {
      const { value, line } = numbers.firstOther;
      notices.push(`column "${column.name}" read as categorical: ${scan.cells - numbers.count} cell(s) are not numbers, the first "${value}" on line ${line}; if they mean "missing", list them with --na`);
    }
    if (column.kind === 'date') notices.push(`column "${column.name}" read as ${column.hasTime ? 'date-times' : 'dates'} (ISO 8601): the model takes year, month, day, weekday${column.hasTime ? ', hour' : ''} and the season from it; --dates none reads it as text`);
    keep.push(c);
  });
  if (keep.length === 0) {
    throw new DatasetError(`${source}: no feature column is left (${dropped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ')})`);
  }
  return { X: keep.length === columns.length ? X : takeColumns(X, keep), columns: keep.map((c) => columns[c]), dropped, notices };
}

function identifierReason(column: ColumnMeta, numbers: NumberStats, distinct: number, rows: number): string | undefined {
  const observed = rows - column.missing;
  if (column.kind === 'date') return undefined;
  if (column.missing === 0) {
    if (column.kind === 'categorical' && distinct === rows) return 'every value is distinct text';
    if (column.kind === 'numeric' && numbers.allIntegers) {
      if (numbers.increasing) return 'whole numbers increasing row by row';
      if (numbers.max - numbers.min + 1 === rows && distinct === rows) return `every whole number from ${numbers.min} to ${numbers.max}, once each`;
      if (numbers.digits >= FIXED_WIDTH_DIGITS && distinct === rows) return `distinct whole numbers of ${numbers.digits} digits each, as codes are`;
    }
  }
  if (looksLikeIdentifierName(column.name) && distinct >= NAMED_ID_DISTINCT * observed) return `named like one, and ${distinct === observed ? 'every value is distinct' : `${distinct} of its ${observed} values are distinct`}`;
  return undefined;
}

/** Distinct non-missing values of column c: its categories, or its numbers (dates included). */
function distinctValues(column: ColumnMeta, X: Matrix, c: number): number {
  if (column.kind === 'categorical') return column.levels.length;
  const seen = new Set<number>();
  for (let i = 0; i < X.rows; i++) {
    const value = X.data[i * X.cols + c];
    if (!Number.isNaN(value)) seen.add(value);
  }
  return seen.size;
}

function takeColumns(X: Matrix, keep: readonly number[]): Matrix {
  const data = new Float64Array(X.rows * keep.length);
  for (let i = 0; i < X.rows; i++) {
    for (let k = 0; k < keep.length; k++) data[i * keep.length + k] = X.data[i * X.cols + keep[k]];
  }
  return { data, rows: X.rows, cols: keep.length };
}
