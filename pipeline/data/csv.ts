// CSV file → a labelled table of numeric, date and categorical columns in typed arrays.
// The bytes are decoded once (text-encoding.ts), then read in two passes: the first
// learns each column's type and size and the file's decimal separator, the second fills
// exactly-sized arrays, so nothing is kept per row as strings whatever the size. Rows
// without a label, and classes of a single row, are left out with a notice.
import { DatasetError } from './dataset-error.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createCellReader, DEFAULT_NA_MARKERS, type CellFormat } from './cells.ts';
import { chooseDecimal, MAX_LINES_LISTED, newScan, scanCell, type ColumnScan } from './column-scan.ts';
import { parseIsoDate } from './dates.ts';
import { delimiterName, detectDelimiter } from './delimiter.ts';
import type { Matrix } from './matrix.ts';
import { assignRoles, type RoleOptions } from './roles.ts';
import { labelsOf, type LabelType } from './labels.ts';
import { decodeText, EncodingError, type TextEncodingName } from './text-encoding.ts';

export { MAX_LINES_LISTED };

export interface ColumnMeta {
  name: string;
  kind: 'numeric' | 'categorical' | 'date';
  /** Categorical: the distinct values (trimmed), a cell's code is its index here. */
  levels: string[];
  /** Missing cells in the rows kept, and the lines of the first MAX_LINES_LISTED. */
  missing: number;
  missingLines: number[];
  /** A date column whose cells have times of day (so the hour is a feature). */
  hasTime?: boolean;
}

/**
 * A labelled table, ready for fitting. X holds one column per feature: the number of
 * a numeric cell, the level code of a categorical one, a date's wall-clock epoch (ms),
 * NaN for a missing cell.
 */
export interface Dataset {
  source: string;
  /** SHA-256 of the file's bytes, so the artifact names exactly what it was trained on. */
  sha256: string;
  delimiter: string;
  /** The text encoding the file was read in. */
  encoding: TextEncodingName;
  /** How its cells were read: what batch scoring and the functions read cells with too. */
  cells: CellFormat;
  featureNames: string[];
  columns: ColumnMeta[];
  targetName: string;
  /** What the target asks for: classes, or a number (and why the kit decided so). */
  task: Task;
  taskReason: string;
  /** Classification: sorted as scikit-learn's np.unique sorts them; `y[i]` indexes into them (empty for regression). */
  classes: string[];
  labelType: LabelType;
  X: Matrix;
  /** Classification: each row's class index (empty for regression). */
  y: Int32Array;
  /** Regression: each row's target value (null for classification). */
  values: Float64Array | null;
  /** Columns left out, and why: the summary shows them. */
  dropped: { name: string; reason: string }[];
  /** Rows of the file left out (no label, a class of one row), with the reason. */
  rowsLeftOut: { rows: number; reason: string }[];
  notices: string[];
}

/** The embedded default data set: Fisher's iris, 150 rows, as scikit-learn ships it. */
export const IRIS_CSV_PATH = fileURLToPath(new URL('./iris.csv', import.meta.url));

export { DatasetError };

export interface LoadOptions extends RoleOptions {
  /** Label column; the last column when omitted. */
  target?: string;
  /** Detected from the first lines when omitted. */
  delimiter?: string;
  /** Missing-value markers besides the empty cell (default: cells.ts). */
  na?: readonly string[];
  /** The decimal separator; detected from the data when omitted (a comma only where the delimiter is not one). */
  decimal?: '.' | ',';
  /** Read ISO 8601 columns as dates (default true; false: they are text, as any other). */
  dates?: boolean;
  /** The file's text encoding; detected when omitted. */
  encoding?: TextEncodingName;
  /** Classification or regression; read from the target when omitted. */
  task?: Task;
}

export type Task = 'classification' | 'regression';

/** A numeric target with this many distinct whole numbers (and more than 5 % of the rows) is a quantity, not classes. */
const REGRESSION_DISTINCT = 20;

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
  let decoded: ReturnType<typeof decodeText>;
  try {
    decoded = decodeText(bytes, source, options.encoding);
  } catch (error) {
    if (error instanceof EncodingError) throw new DatasetError(error.message);
    throw error;
  }
  const { text, encoding } = decoded;
  const delimiter = options.delimiter ?? detectDelimiter(text.slice(0, 65536));
  const missing = [...(options.na ?? DEFAULT_NA_MARKERS)];
  const dotReader = createCellReader({ missing, decimal: '.' });
  const commaReader = createCellReader({ missing, decimal: ',' });
  const readAll = (onRecord: OnRecord) => readRecords(text, source, delimiter, onRecord);

  // Pass 1: header, row count, what each column holds, how many rows each label has.
  let header: string[] | undefined;
  let scans: ColumnScan[] = [];
  let targetIndex = -1;
  const labelCounts = new Map<string, number>();
  let rows = 0;
  readAll((record, line) => {
    if (header === undefined) {
      header = readHeader(record, source, delimiter);
      targetIndex = header.indexOf(options.target ?? header[header.length - 1]);
      if (targetIndex < 0) throw new DatasetError(`${source}:1: target column "${options.target}" is not in the header (columns: ${header.join(', ')})`);
      scans = header.map((name) => newScan(name));
      return;
    }
    if (record.length !== header.length) throw new DatasetError(`${source}:${line}: expected ${header.length} fields as in the header, found ${record.length}`);
    rows++;
    for (let j = 0; j < record.length; j++) scanCell(scans[j], record[j], line, dotReader, commaReader);
    const label = record[targetIndex];
    if (!dotReader.isMissing(label)) labelCounts.set(label.trim(), (labelCounts.get(label.trim()) ?? 0) + 1);
  });
  if (header === undefined) throw new DatasetError(`${source}: the file is empty; expected a header row and data rows`);
  if (rows === 0) throw new DatasetError(`${source}: the file has a header row but no data rows`);
  const names = header;
  const targetName = names[targetIndex];

  const decimal = options.decimal ?? chooseDecimal(scans, delimiter);
  const { task, reason: taskReason } = chooseTask(scans[targetIndex], decimal, labelCounts.size, targetName, source, options.task);
  const cells: CellFormat = { missing, decimal };
  const reader = decimal === ',' ? commaReader : dotReader;
  const notices: string[] = [];
  if (encoding !== 'utf-8') notices.push(`read as ${encoding} text (not UTF-8); pass --encoding to read it otherwise`);
  if (decimal === ',' && options.decimal === undefined) notices.push('numbers are written with a decimal comma (5,1): read as numbers, as pandas\' decimal=","; --decimal . reads them otherwise');
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) notices.push(`the file holds U+FFFD replacement characters (first on line ${text.slice(0, replaced).split('\n').length}): it was probably converted from another encoding before, and those characters are lost`);

  // Rows left out: no label, or a class with a single row (it could not be in both the training and the test rows).
  const rowsLeftOut: Dataset['rowsLeftOut'] = [];
  const targetScan = scans[targetIndex];
  if (targetScan.missing > 0) {
    rowsLeftOut.push({ rows: targetScan.missing, reason: `no label in column "${targetName}" (line${targetScan.missing > 1 ? 's' : ''} ${linesText(targetScan.missingLines, targetScan.missing)})` });
  }
  // (Regression has no classes: every target value is fine.)
  const single = task === 'regression' ? [] : [...labelCounts].filter(([, count]) => count === 1).map(([label]) => label);
  if (single.length > 0 && labelCounts.size - single.length >= 2) {
    rowsLeftOut.push({ rows: single.length, reason: `a class with a single row (${single.slice(0, 10).map((label) => JSON.stringify(label)).join(', ')}${single.length > 10 ? ` and ${single.length - 10} more` : ''}): nothing to learn it from and test it on` });
  } else single.length = 0;
  const excluded = new Set(single);
  const keepsRow = (record: string[]) => !dotReader.isMissing(record[targetIndex]) && !excluded.has(record[targetIndex].trim());
  const keptRows = rows - targetScan.missing - single.length;
  for (const entry of rowsLeftOut) notices.push(`${entry.rows} row${entry.rows > 1 ? 's' : ''} left out: ${entry.reason}`);
  if (keptRows === 0) throw new DatasetError(`${source}: column "${targetName}" (the label) is empty on every row; nothing to train on`);

  const forced = new Set(options.categorical ?? []);
  const featureIndexes = names.map((_, j) => j).filter((j) => j !== targetIndex);
  const kinds = featureIndexes.map((j): ColumnMeta['kind'] => {
    const scan = scans[j];
    if (forced.has(names[j])) return 'categorical';
    const numbers = decimal === ',' ? scan.comma : scan.dot;
    if (numbers.count === scan.cells) return 'numeric';
    if (options.dates !== false && scan.dates === scan.cells) return 'date';
    return 'categorical';
  });

  // Pass 2: values into one row-major matrix, categories and labels into codes.
  const cols = featureIndexes.length;
  const data = new Float64Array(keptRows * cols);
  const levelCodes = featureIndexes.map(() => new Map<string, number>());
  const labelCodes = new Int32Array(task === 'classification' ? keptRows : 0);
  const labelCode = new Map<string, number>();
  const values = task === 'regression' ? new Float64Array(keptRows) : null;
  // Missing cells are counted again over the rows kept.
  const missingKept = featureIndexes.map(() => ({ count: 0, lines: [] as number[] }));
  let row = 0;
  let headerRead = false;
  readAll((record, line) => {
    if (!headerRead) {
      headerRead = true;
      return;
    }
    if (!keepsRow(record)) return;
    const base = row * cols;
    for (let c = 0; c < cols; c++) {
      const cell = record[featureIndexes[c]];
      if (reader.isMissing(cell)) {
        data[base + c] = NaN;
        const gaps = missingKept[c];
        if (gaps.count++ < MAX_LINES_LISTED) gaps.lines.push(line);
      } else if (kinds[c] === 'numeric') data[base + c] = reader.number(cell)!;
      else if (kinds[c] === 'date') data[base + c] = parseIsoDate(cell)!.epoch;
      else data[base + c] = codeOf(levelCodes[c], cell.trim());
    }
    if (values) values[row++] = reader.number(record[targetIndex])!;
    else labelCodes[row++] = codeOf(labelCode, record[targetIndex].trim());
  });

  const columns: ColumnMeta[] = featureIndexes.map((j, c) => ({
    name: names[j],
    kind: kinds[c],
    levels: [...levelCodes[c].keys()],
    missing: missingKept[c].count,
    missingLines: missingKept[c].lines,
    ...(kinds[c] === 'date' ? { hasTime: scans[j].dateHasTime } : {}),
  }));
  if (labelCode.has('__proto__')) throw new DatasetError(`${source}: column "${targetName}" has the label "__proto__", which cannot be a key of an answer's probabilities; rename that class`);
  const labels = values ? { classes: [], labelType: 'string' as const, y: new Int32Array(0) } : labelsOf([...labelCode.keys()], labelCodes);
  if (!values && labels.classes.length < 2) {
    throw new DatasetError(`${source}: column "${targetName}" holds only one class (${labels.classes[0]}); a classifier needs at least two`);
  }
  // A constant target leaves a regressor nothing to explain: R² is undefined and no model can beat the mean.
  if (values && values.every((value) => value === values[0])) {
    throw new DatasetError(`${source}: column "${targetName}" holds one value (${values[0]}) on every labelled row; a regressor needs a target that varies`);
  }
  const roles = assignRoles({ data, rows: keptRows, cols }, columns, featureIndexes.map((j) => scans[j]), decimal, { ...options, target: targetName }, source);
  return {
    source,
    sha256,
    delimiter,
    encoding,
    cells,
    featureNames: roles.columns.map((column) => column.name),
    columns: roles.columns,
    targetName,
    task,
    taskReason,
    classes: labels.classes,
    labelType: labels.labelType,
    X: roles.X,
    y: labels.y,
    values,
    dropped: roles.dropped,
    rowsLeftOut,
    notices: [...notices, ...roles.notices],
  };
}

function readRecords(text: string, source: string, delimiter: string, onRecord: OnRecord): void {
  try {
    parse(text, {
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
    // R's write.csv writes row names as a first column with an empty name (pandas calls it "Unnamed: 0"): an index, dropped as such.
    if (name === '' && index > 0) throw new DatasetError(`${source}:1: column ${index + 1} has an empty name in the header row`);
    if (seen.has(name)) throw new DatasetError(`${source}:1: column name "${name}" appears more than once in the header row`);
    if (name === '__proto__') throw new DatasetError(`${source}:1: column ${index + 1} is named "__proto__", which cannot be a field of a request or an answer; rename it`);
    seen.add(name);
  });
  return header;
}

/**
 * Classification or regression, as the target reads: numbers with decimals, or many
 * distinct whole numbers (more than 20, and more than 5 % of the rows: a price, a count)
 * are a quantity; anything else (text, 0/1, a few integer codes) is classes. --task
 * decides otherwise.
 */
function chooseTask(scan: ColumnScan, decimal: '.' | ',', distinct: number, targetName: string, source: string, forced: Task | undefined): { task: Task; reason: string } {
  const numbers = decimal === ',' ? scan.comma : scan.dot;
  const numeric = scan.cells > 0 && numbers.count === scan.cells;
  if (forced === 'regression') {
    if (!numeric) throw new DatasetError(`${source}: --task regression: column "${targetName}" is not numbers only (the first other value is "${numbers.firstOther?.value}" on line ${numbers.firstOther?.line}); a regression target must be a number on every labelled row`);
    return { task: 'regression', reason: '--task regression' };
  }
  if (forced === 'classification') return { task: 'classification', reason: `--task classification: ${distinct} classes` };
  if (numeric && !numbers.allIntegers) return { task: 'regression', reason: `the target holds numbers with decimals (${distinct} distinct values); --task classification reads them as classes` };
  if (numeric && distinct > REGRESSION_DISTINCT && distinct > 0.05 * scan.cells) return { task: 'regression', reason: `the target holds ${distinct} distinct whole numbers in ${scan.cells} rows, a quantity rather than classes; --task classification reads them as classes` };
  return { task: 'classification', reason: `${distinct} distinct label${distinct === 1 ? '' : 's'}` };
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
