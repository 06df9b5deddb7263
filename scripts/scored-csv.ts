// The scored CSV that npm run predict and invoke --file write: the input row as it was
// read, then the task's columns (the label and one probability per class, or the
// prediction), and the warnings. People open these
// files in spreadsheets, so a text cell that a spreadsheet would run as a formula
// (=HYPERLINK(…), +, -, @, a leading tab or CR) is written with a leading ' as OWASP
// advises for CSV exports; numbers such as -2.5 are left as they are. --raw-cells turns
// this off.
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number as a spreadsheet reads one, with a decimal point or comma: -2.5, +1e3, -0,25. */
const NUMBER_LIKE = /^[+-]?(\d+[.,]?\d*|[.,]\d+)([eE][+-]?\d+)?$/;

export interface ScoredCsvOptions {
  /** Write cells exactly as read, formula-like ones included (--raw-cells). */
  rawCells: boolean;
}

/** A text cell as a spreadsheet will not run it: a leading ' before a formula-like start. */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !NUMBER_LIKE.test(text.trim()) ? `'${text}` : text;
}

/** A CSV field, quoted when it must be (RFC 4180), and spreadsheet-safe unless raw. */
export function csvField(value: string, options: ScoredCsvOptions): string {
  const text = options.rawCells ? value : spreadsheetSafe(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The input row again, as CSV: fields as they were read, quoted only where they must be. */
export function csvLine(record: readonly string[], options: ScoredCsvOptions): string {
  let line = csvField(record[0], options);
  for (let j = 1; j < record.length; j++) line += `,${csvField(record[j], options)}`;
  return line;
}

/** The output header line: the input's columns, then the task's (label and probabilities, or prediction), and warnings. */
export function scoredHeader(inputHeader: readonly string[], columns: readonly string[], options: ScoredCsvOptions): string {
  return csvLine([...inputHeader, ...columns, 'warnings'], options);
}

/** One output row: the input line, the task's cells, the warnings. */
export function scoredRow(line: string, cells: readonly string[], warnings: readonly string[] | undefined, options: ScoredCsvOptions): string {
  let text = line;
  for (const cell of cells) text += `,${csvField(cell, options)}`;
  return `${text},${warnings ? csvField(warnings.join('; '), options) : ''}\n`;
}

/** The output row of an input row that could not be scored: empty predictions, and why. */
export function unscoredRow(line: string, columnCount: number, problem: string, options: ScoredCsvOptions): string {
  return `${line},${','.repeat(columnCount)}${csvField(problem, options)}\n`;
}
