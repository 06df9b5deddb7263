// The one rule for reading a CSV cell into a value, shared by training (data/csv.ts),
// batch scoring (npm run predict, invoke --file) and both functions' text/csv bodies.
// What it needs is the artifact's `cells` (the markers of a missing cell and the decimal
// separator the training file used), so a cell reads the same way wherever it is read.
// Bundled: no file-system code here.
import type { RawValue } from '../preprocess/encode.ts';

export interface CellFormat {
  /** Markers of a missing cell besides the empty one, matched after trimming, in any case (pandas' na_values). */
  missing: string[];
  /** The decimal separator of numbers: "." or "," (Excel in much of Europe writes 5,1). */
  decimal: '.' | ',';
}

export const DEFAULT_NA_MARKERS: readonly string[] = ['NA', 'N/A', 'NaN', 'null', '?'];
export const DEFAULT_CELL_FORMAT: CellFormat = { missing: [...DEFAULT_NA_MARKERS], decimal: '.' };

/** A number as JSON and JavaScript write it: digits, one optional point, an optional exponent (no hex, no Infinity). */
export const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The same with a decimal comma, and optionally dots between groups of three digits (1.234,5). */
const DECIMAL_COMMA_NUMBER = /^[+-]?(\d+,?\d*|,\d+|\d{1,3}(\.\d{3})+(,\d*)?)([eE][+-]?\d+)?$/;

export interface CellReader {
  isMissing(cell: string): boolean;
  /** The cell's number, surrounding spaces allowed; undefined when it is not a finite number. */
  number(cell: string): number | undefined;
  /**
   * A feature's cell as the model takes it: null when missing, a number for a numeric
   * input, the trimmed text otherwise. A numeric cell that is not a number stays text,
   * for validation to name it.
   */
  value(cell: string, numeric: boolean): RawValue;
}

export function createCellReader(format: CellFormat = DEFAULT_CELL_FORMAT): CellReader {
  const markers = new Set(format.missing.map((marker) => marker.trim().toLowerCase()));
  markers.add('');
  const isMissing = (cell: string) => markers.has(cell.trim().toLowerCase());
  const number =
    format.decimal === '.'
      ? (cell: string) => finite(cell.trim(), DECIMAL_NUMBER)
      : (cell: string) => {
          const text = cell.trim();
          return DECIMAL_COMMA_NUMBER.test(text) ? finite(text.replaceAll('.', '').replace(',', '.'), DECIMAL_NUMBER) : undefined;
        };
  return {
    isMissing,
    number,
    value: (cell, numeric) => (isMissing(cell) ? null : numeric ? (number(cell) ?? cell.trim()) : cell.trim()),
  };
}

function finite(text: string, pattern: RegExp): number | undefined {
  if (!pattern.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
