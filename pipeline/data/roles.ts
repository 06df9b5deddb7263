// Which columns become features, as a scikit-learn user would pick them by hand:
// identifiers and constant columns are dropped (with a notice), --drop, --features and
// --categorical override what the data suggests.
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

/** What the first pass learnt of a column. */
export interface ColumnScan {
  name: string;
  missing: number;
  missingLines: number[];
  /** Non-missing cells that are not numbers, and the first of them. */
  text: number;
  firstText: { value: string; line: number } | undefined;
  allIntegers: boolean;
  /** Every number greater than the one before it, in file order. */
  increasing: boolean;
  last: number;
  min: number;
  max: number;
}

/** Below this many rows, distinct values say little: a 10-row file may well have 10 colours. */
export const ID_MIN_ROWS = 20;

export interface Roles {
  X: Matrix;
  columns: ColumnMeta[];
  dropped: { name: string; reason: string }[];
  notices: string[];
}

export function assignRoles(X: Matrix, columns: ColumnMeta[], scans: ColumnScan[], options: RoleOptions & { target: string }, source: string): Roles {
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
    if (options.features && !chosen.has(column.name)) return dropped.push({ name: column.name, reason: 'not in --features' });
    if (drop.has(column.name)) return dropped.push({ name: column.name, reason: '--drop' });
    const distinct = column.kind === 'categorical' ? column.levels.length : scan.min === Infinity ? 0 : scan.min === scan.max ? 1 : 2;
    if (distinct <= 1) {
      const reason = distinct === 0 ? 'every cell is missing' : 'constant: one value in every row';
      notices.push(`column "${column.name}" dropped: ${reason}`);
      return dropped.push({ name: column.name, reason });
    }
    if (!named.has(column.name) && X.rows >= ID_MIN_ROWS && column.missing === 0) {
      const reason = identifierReason(column, scan, X, c);
      if (reason) {
        notices.push(`column "${column.name}" dropped as an identifier: ${reason}; name it in --features to keep it`);
        return dropped.push({ name: column.name, reason: `identifier (${reason})` });
      }
    }
    if (column.kind === 'categorical' && scan.text > 0 && scan.text <= 0.1 * (X.rows - scan.missing) && !named.has(column.name)) {
      const { value, line } = scan.firstText!;
      notices.push(`column "${column.name}" read as categorical: ${scan.text} cell(s) are not numbers, the first "${value}" on line ${line}; if they mean "missing", list them with --na`);
    }
    keep.push(c);
  });
  if (keep.length === 0) {
    throw new DatasetError(`${source}: no feature column is left (${dropped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ')})`);
  }
  return { X: keep.length === columns.length ? X : takeColumns(X, keep), columns: keep.map((c) => columns[c]), dropped, notices };
}

function identifierReason(column: ColumnMeta, scan: ColumnScan, X: Matrix, c: number): string | undefined {
  if (column.kind === 'categorical') return column.levels.length === X.rows ? 'every value is distinct text' : undefined;
  if (!scan.allIntegers) return undefined;
  if (scan.increasing) return 'whole numbers increasing row by row';
  if (scan.max - scan.min + 1 === X.rows && distinctNumbers(X, c) === X.rows) return `every whole number from ${scan.min} to ${scan.max}, once each`;
  return undefined;
}

function distinctNumbers(X: Matrix, c: number): number {
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
