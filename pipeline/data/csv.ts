// CSV file → a labelled table of numeric and categorical columns in typed arrays.
// Two passes over the bytes: the first learns each column's type and size, the second
// fills exactly-sized arrays, so nothing is kept per row as strings whatever the size.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createCellReader, DEFAULT_NA_MARKERS, type CellFormat, type CellReader } from './cells.ts';
import { delimiterName, detectDelimiter } from './delimiter.ts';
import type { Matrix } from './matrix.ts';
import { assignRoles, type ColumnScan, type RoleOptions } from './roles.ts';
import { labelsOf, type LabelType } from './labels.ts';

export interface ColumnMeta {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Categorical: the distinct values (trimmed), a cell's code is its index here. */
  levels: string[];
  /** Missing cells in the whole file, and the lines of the first MAX_LINES_LISTED. */
  missing: number;
  missingLines: number[];
}

/**
 * A labelled table, ready for fitting. X holds one column per feature: the number of
 * a numeric cell, the level code of a categorical one, NaN for a missing cell.
 */
export interface Dataset {
  source: string;
  /** SHA-256 of the file's bytes, so the artifact names exactly what it was trained on. */
  sha256: string;
  delimiter: string;
  /** How its cells were read: what batch scoring and the functions read cells with too. */
  cells: CellFormat;
  featureNames: string[];
  columns: ColumnMeta[];
  targetName: string;
  /** Sorted as scikit-learn's np.unique sorts them; `y[i]` indexes into them. */
  classes: string[];
  labelType: LabelType;
  X: Matrix;
  y: Int32Array;
  /** Columns left out, and why: the summary shows them. */
  dropped: { name: string; reason: string }[];
  notices: string[];
}

/** The embedded default data set: Fisher's iris, 150 rows, as scikit-learn ships it. */
export const IRIS_CSV_PATH = fileURLToPath(new URL('./iris.csv', import.meta.url));
export const MAX_LINES_LISTED = 20;

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface LoadOptions extends RoleOptions {
  /** Label column; the last column when omitted. */
  target?: string;
  /** Detected from the first lines when omitted. */
  delimiter?: string;
  /** Missing-value markers besides the empty cell (default: cells.ts). */
  na?: readonly string[];
}

export function loadCsvFile(path: string, options: LoadOptions = {}): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DatasetError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseCsvDataset(bytes, path, options);
}

type OnRecord = (record: string[], line: number) => void;

export function parseCsvDataset(bytes: Buffer, source: string, options: LoadOptions = {}): Dataset {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const delimiter = options.delimiter ?? detectDelimiter(bytes.subarray(0, 65536).toString('utf8').replace(/^\uFEFF/, ''));
  const cells: CellFormat = { missing: [...(options.na ?? DEFAULT_NA_MARKERS)], decimal: '.' };
  const reader = createCellReader(cells);
  const readAll = (onRecord: OnRecord) => readRecords(bytes, source, delimiter, onRecord);

  // Pass 1: header, row count, and what each column holds.
  let header: string[] | undefined;
  let scans: ColumnScan[] = [];
  let rows = 0;
  readAll((record, line) => {
    if (header === undefined) {
      header = readHeader(record, source, delimiter);
      scans = header.map((name) => newScan(name));
      return;
    }
    if (record.length !== header.length) throw new DatasetError(`${source}:${line}: expected ${header.length} fields as in the header, found ${record.length}`);
    rows++;
    for (let j = 0; j < record.length; j++) scanCell(scans[j], record[j], line, reader);
  });
  if (header === undefined) throw new DatasetError(`${source}: the file is empty; expected a header row and data rows`);
  if (rows === 0) throw new DatasetError(`${source}: the file has a header row but no data rows`);
  const names = header;

  const targetName = options.target ?? names[names.length - 1];
  const targetIndex = names.indexOf(targetName);
  if (targetIndex < 0) throw new DatasetError(`${source}:1: target column "${targetName}" is not in the header (columns: ${names.join(', ')})`);
  const targetScan = scans[targetIndex];
  if (targetScan.missing > 0) {
    throw new DatasetError(`${source}: column "${targetName}" (the label) is empty or missing on ${targetScan.missing} line(s): ${linesText(targetScan.missingLines, targetScan.missing)}; every row needs a label`);
  }
  const forced = new Set(options.categorical ?? []);
  const featureIndexes = names.map((_, j) => j).filter((j) => j !== targetIndex);
  const kinds = featureIndexes.map((j): ColumnMeta['kind'] => (forced.has(names[j]) || scans[j].text > 0 ? 'categorical' : 'numeric'));

  // Pass 2: values into one row-major matrix, categories and labels into codes.
  const cols = featureIndexes.length;
  const data = new Float64Array(rows * cols);
  const levelCodes = featureIndexes.map(() => new Map<string, number>());
  const labelCodes = new Int32Array(rows);
  const labelCode = new Map<string, number>();
  let row = 0;
  let headerRead = false;
  readAll((record) => {
    if (!headerRead) {
      headerRead = true;
      return;
    }
    const base = row * cols;
    for (let c = 0; c < cols; c++) {
      const cell = record[featureIndexes[c]];
      if (reader.isMissing(cell)) data[base + c] = NaN;
      else if (kinds[c] === 'numeric') data[base + c] = reader.number(cell)!;
      else data[base + c] = codeOf(levelCodes[c], cell.trim());
    }
    labelCodes[row++] = codeOf(labelCode, record[targetIndex].trim());
  });

  const columns: ColumnMeta[] = featureIndexes.map((j, c) => ({
    name: names[j],
    kind: kinds[c],
    levels: [...levelCodes[c].keys()],
    missing: scans[j].missing,
    missingLines: scans[j].missingLines,
  }));
  if (labelCode.has('__proto__')) throw new DatasetError(`${source}: column "${targetName}" has the label "__proto__", which cannot be a key of an answer's probabilities; rename that class`);
  const labels = labelsOf([...labelCode.keys()], labelCodes);
  if (labels.classes.length < 2) {
    throw new DatasetError(`${source}: column "${targetName}" holds only one class (${labels.classes[0]}); a classifier needs at least two`);
  }
  const roles = assignRoles({ data, rows, cols }, columns, featureIndexes.map((j) => scans[j]), { ...options, target: targetName }, source);
  return {
    source,
    sha256,
    delimiter,
    cells,
    featureNames: roles.columns.map((column) => column.name),
    columns: roles.columns,
    targetName,
    classes: labels.classes,
    labelType: labels.labelType,
    X: roles.X,
    y: labels.y,
    dropped: roles.dropped,
    notices: roles.notices,
  };
}

function readRecords(bytes: Buffer, source: string, delimiter: string, onRecord: OnRecord): void {
  try {
    parse(bytes, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // Returning null keeps nothing: csv-parse builds no array of records.
      on_record: (record: string[], context: { lines: number }) => {
        onRecord(record, context.lines);
        return null;
      },
    });
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new DatasetError(`${source}${line ? `:${line}` : ''}: not valid CSV (${(error as Error).message})`);
  }
}

function readHeader(record: string[], source: string, delimiter: string): string[] {
  const header = record.map((name) => name.trim());
  if (header.length < 2) {
    throw new DatasetError(
      `${source}:1: need at least one feature column and one label column; with the delimiter ${delimiterName(delimiter)} the header is one column, "${header[0] ?? ''}"` +
        ' (pass --delimiter if the file uses another separator)',
    );
  }
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === '') throw new DatasetError(`${source}:1: column ${index + 1} has an empty name in the header row`);
    if (seen.has(name)) throw new DatasetError(`${source}:1: column name "${name}" appears more than once in the header row`);
    if (name === '__proto__') throw new DatasetError(`${source}:1: column ${index + 1} is named "__proto__", which cannot be a field of a request or an answer; rename it`);
    seen.add(name);
  });
  return header;
}

function newScan(name: string): ColumnScan {
  return { name, missing: 0, missingLines: [], text: 0, firstText: undefined, allIntegers: true, increasing: true, last: -Infinity, min: Infinity, max: -Infinity };
}

function scanCell(scan: ColumnScan, cell: string, line: number, reader: CellReader): void {
  if (reader.isMissing(cell)) {
    scan.missing++;
    if (scan.missingLines.length < MAX_LINES_LISTED) scan.missingLines.push(line);
    return;
  }
  const value = reader.number(cell);
  if (value === undefined) {
    if (scan.text++ === 0) scan.firstText = { value: cell, line };
    return;
  }
  if (!Number.isInteger(value)) scan.allIntegers = false;
  if (!(value > scan.last)) scan.increasing = false;
  scan.last = value;
  if (value < scan.min) scan.min = value;
  if (value > scan.max) scan.max = value;
}

function codeOf(codes: Map<string, number>, value: string): number {
  let code = codes.get(value);
  if (code === undefined) codes.set(value, (code = codes.size));
  return code;
}

/** "3, 7, 9" or "3, 7, 9 and 40 more". */
export function linesText(lines: readonly (number | string)[], total: number): string {
  return `${lines.join(', ')}${total > lines.length ? ` and ${total - lines.length} more` : ''}`;
}
