import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** A labelled numeric table, ready for fitting. `y[i]` indexes into `classes`. */
export interface Dataset {
  source: string;
  featureNames: string[];
  targetName: string;
  classes: string[];
  X: number[][];
  y: number[];
  /** SHA-256 of the file's bytes, so the artifact names exactly what it was trained on. */
  sha256: string;
}

/** The embedded default data set: Fisher's iris, 150 rows, as scikit-learn ships it. */
export const IRIS_CSV_PATH = fileURLToPath(new URL('./data/iris.csv', import.meta.url));

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface LoadOptions {
  /** Label column; the last column when omitted. */
  target?: string;
}

const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function loadCsvFile(path: string, options: LoadOptions = {}): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DatasetError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseCsvDataset(bytes, path, options);
}

export function parseCsvDataset(bytes: Buffer, source: string, options: LoadOptions = {}): Dataset {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DatasetError(`${source}${line ? `:${line}` : ''}: not valid CSV (${(error as Error).message})`);
  }
  if (records.length === 0) throw new DatasetError(`${source}: the file is empty; expected a header row and data rows`);

  const header = records[0].record.map((name) => name.trim());
  header.forEach((name, index) => {
    if (name === '') throw new DatasetError(`${source}:1: column ${index + 1} has an empty name in the header row`);
    if (header.indexOf(name) !== index) throw new DatasetError(`${source}:1: column name "${name}" appears more than once in the header row`);
  });
  if (header.length < 2) throw new DatasetError(`${source}:1: need at least one feature column and one label column, found ${header.length} column(s)`);
  if (records.length === 1) throw new DatasetError(`${source}: the file has a header row but no data rows`);

  const targetName = options.target ?? header[header.length - 1];
  const targetIndex = header.indexOf(targetName);
  if (targetIndex < 0) throw new DatasetError(`${source}:1: target column "${targetName}" is not in the header (columns: ${header.join(', ')})`);
  const featureIndexes = header.map((_, index) => index).filter((index) => index !== targetIndex);

  const X: number[][] = [];
  const labels: string[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== header.length) {
      throw new DatasetError(`${source}:${line}: expected ${header.length} fields as in the header, found ${record.length}`);
    }
    X.push(featureIndexes.map((index) => parseNumericCell(record[index], source, line, header[index])));
    const label = record[targetIndex].trim();
    if (label === '') throw new DatasetError(`${source}:${line}: column "${targetName}" (the label) is empty`);
    labels.push(label);
  }

  const classes = sortLabels([...new Set(labels)]);
  if (classes.length < 2) {
    throw new DatasetError(`${source}: column "${targetName}" holds only one class (${classes[0]}); a classifier needs at least two`);
  }
  const classIndex = new Map(classes.map((label, index) => [label, index]));
  return {
    source,
    featureNames: featureIndexes.map((index) => header[index]),
    targetName,
    classes,
    X,
    y: labels.map((label) => classIndex.get(label)!),
    sha256,
  };
}

function parseNumericCell(cell: string, source: string, line: number, column: string): number {
  const text = cell.trim();
  if (text === '') throw new DatasetError(`${source}:${line}: column "${column}" is empty; every feature cell needs a number`);
  const value = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(value)) {
    throw new DatasetError(`${source}:${line}: column "${column}" holds "${cell}", which is not a finite decimal number`);
  }
  return value;
}

/** Class order as scikit-learn's np.unique gives it: numeric when every label is a number, else by code unit. */
function sortLabels(labels: string[]): string[] {
  if (labels.every((label) => DECIMAL_NUMBER.test(label))) return labels.sort((a, b) => Number(a) - Number(b));
  return labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
