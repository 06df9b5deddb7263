import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DECIMAL_NUMBER, parseDecimal } from './decimal.ts';
import type { Matrix } from './matrix.ts';

/** A labelled numeric table, ready for fitting. `y[i]` indexes into `classes`. */
export interface Dataset {
  source: string;
  featureNames: string[];
  targetName: string;
  classes: string[];
  X: Matrix;
  y: Int32Array;
  /** SHA-256 of the file's bytes, so the artifact names exactly what it was trained on. */
  sha256: string;
}

/** The embedded default data set: Fisher's iris, 150 rows, as scikit-learn ships it. */
export const IRIS_CSV_PATH = fileURLToPath(new URL('./iris.csv', import.meta.url));

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface LoadOptions {
  /** Label column; the last column when omitted. */
  target?: string;
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

/**
 * Parses straight into typed arrays: csv-parse hands over one record at a time and
 * keeps none (on_record returns null), so a large file costs its bytes plus 8 bytes
 * a cell, not an array of strings per row.
 */
export function parseCsvDataset(bytes: Buffer, source: string, options: LoadOptions = {}): Dataset {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let header: string[] | undefined;
  let targetIndex = -1;
  let featureIndexes: number[] = [];
  let values = new Float64Array(0);
  let labelCodes = new Int32Array(0);
  let rows = 0;
  const labelCode = new Map<string, number>();

  const onRecord = (record: string[], line: number): null => {
    if (header === undefined) {
      header = readHeader(record, source);
      const targetName = options.target ?? header[header.length - 1];
      targetIndex = header.indexOf(targetName);
      if (targetIndex < 0) throw new DatasetError(`${source}:1: target column "${targetName}" is not in the header (columns: ${header.join(', ')})`);
      featureIndexes = header.map((_, index) => index).filter((index) => index !== targetIndex);
      // ~8 bytes a cell ("1.234567,") is typical; a wrong guess only costs a doubling copy.
      const estimatedRows = Math.max(16, Math.ceil(bytes.length / (header.length * 8)));
      values = new Float64Array(estimatedRows * featureIndexes.length);
      labelCodes = new Int32Array(estimatedRows);
      return null;
    }
    if (record.length !== header.length) {
      throw new DatasetError(`${source}:${line}: expected ${header.length} fields as in the header, found ${record.length}`);
    }
    if (rows === labelCodes.length) {
      values = grow(values, values.length * 2);
      labelCodes = grow(labelCodes, labelCodes.length * 2);
    }
    const base = rows * featureIndexes.length;
    for (let j = 0; j < featureIndexes.length; j++) {
      const index = featureIndexes[j];
      values[base + j] = parseNumericCell(record[index], source, line, header[index]);
    }
    const label = record[targetIndex].trim();
    if (label === '') throw new DatasetError(`${source}:${line}: column "${header[targetIndex]}" (the label) is empty`);
    let code = labelCode.get(label);
    if (code === undefined) labelCode.set(label, (code = labelCode.size));
    labelCodes[rows++] = code;
    return null;
  };

  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => onRecord(record, context.lines),
    });
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new DatasetError(`${source}${line ? `:${line}` : ''}: not valid CSV (${(error as Error).message})`);
  }
  if (header === undefined) throw new DatasetError(`${source}: the file is empty; expected a header row and data rows`);
  if (rows === 0) throw new DatasetError(`${source}: the file has a header row but no data rows`);

  const targetName = header[targetIndex];
  const classes = sortLabels([...labelCode.keys()]);
  if (classes.length < 2) {
    throw new DatasetError(`${source}: column "${targetName}" holds only one class (${classes[0]}); a classifier needs at least two`);
  }
  const toClass = new Int32Array(classes.length);
  for (const [label, code] of labelCode) toClass[code] = classes.indexOf(label);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = toClass[labelCodes[i]];
  const cols = featureIndexes.length;
  return {
    source,
    featureNames: featureIndexes.map((index) => header![index]),
    targetName,
    classes,
    X: { data: values.slice(0, rows * cols), rows, cols },
    y,
    sha256,
  };
}

function readHeader(record: string[], source: string): string[] {
  const header = record.map((name) => name.trim());
  header.forEach((name, index) => {
    if (name === '') throw new DatasetError(`${source}:1: column ${index + 1} has an empty name in the header row`);
    if (header.indexOf(name) !== index) throw new DatasetError(`${source}:1: column name "${name}" appears more than once in the header row`);
  });
  if (header.length < 2) throw new DatasetError(`${source}:1: need at least one feature column and one label column, found ${header.length} column(s)`);
  return header;
}

function grow<T extends Float64Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

function parseNumericCell(cell: string, source: string, line: number, column: string): number {
  if (cell.trim() === '') throw new DatasetError(`${source}:${line}: column "${column}" is empty; every feature cell needs a number`);
  const value = parseDecimal(cell);
  if (value === undefined) throw new DatasetError(`${source}:${line}: column "${column}" holds "${cell}", which is not a finite decimal number`);
  return value;
}

/** Class order as scikit-learn's np.unique gives it: numeric when every label is a number, else by code unit. */
function sortLabels(labels: string[]): string[] {
  if (labels.every((label) => DECIMAL_NUMBER.test(label))) return labels.sort((a, b) => Number(a) - Number(b));
  return labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
