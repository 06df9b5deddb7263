// What the first pass over a CSV learns of each column, cell by cell, before any type is
// decided: how many cells are missing, which are numbers with a decimal point and which
// with a decimal comma (the file's rule is chosen from these), which are ISO dates, and
// the statistics the column roles need (integers, increasing, range, digit width).
import { parseIsoDate } from './dates.ts';
import type { CellReader } from './cells.ts';

/** Numbers of a column under one decimal rule. */
export interface NumberStats {
  /** Cells that are numbers under this rule. */
  count: number;
  /** The first non-missing cell that is not, and its line. */
  firstOther: { value: string; line: number } | undefined;
  allIntegers: boolean;
  /** Every number greater than the one before it, in file order. */
  increasing: boolean;
  last: number;
  min: number;
  max: number;
  /** Digits of every whole number (123456 → 6) when they all have as many; -1 when they differ or one is not whole. */
  digits: number;
}

export interface ColumnScan {
  name: string;
  missing: number;
  missingLines: number[];
  /** Non-missing cells. */
  cells: number;
  dot: NumberStats;
  comma: NumberStats;
  /** Cells with a decimal comma (5,1): numbers only if the file's rule is the comma. */
  commaDecimals: number;
  /** ISO 8601 dates among the cells, their range (wall-clock epoch) and whether any has a time. */
  dates: number;
  dateMin: number;
  dateMax: number;
  dateHasTime: boolean;
}

export const MAX_LINES_LISTED = 20;

function newStats(): NumberStats {
  return { count: 0, firstOther: undefined, allIntegers: true, increasing: true, last: -Infinity, min: Infinity, max: -Infinity, digits: 0 };
}

export function newScan(name: string): ColumnScan {
  return { name, missing: 0, missingLines: [], cells: 0, dot: newStats(), comma: newStats(), commaDecimals: 0, dates: 0, dateMin: Infinity, dateMax: -Infinity, dateHasTime: false };
}

function addNumber(stats: NumberStats, value: number | undefined, cell: string, line: number): void {
  if (value === undefined) {
    stats.firstOther ??= { value: cell, line };
    return;
  }
  stats.count++;
  if (!Number.isInteger(value)) {
    stats.allIntegers = false;
    stats.digits = -1;
  } else if (stats.digits !== -1) {
    const digits = String(Math.abs(value)).length;
    stats.digits = stats.digits === 0 || stats.digits === digits ? digits : -1;
  }
  if (!(value > stats.last)) stats.increasing = false;
  stats.last = value;
  if (value < stats.min) stats.min = value;
  if (value > stats.max) stats.max = value;
}

/** Learns one cell: `dot` and `comma` read numbers with either decimal separator (the same missing markers). */
export function scanCell(scan: ColumnScan, cell: string, line: number, dot: CellReader, comma: CellReader): void {
  if (dot.isMissing(cell)) {
    scan.missing++;
    if (scan.missingLines.length < MAX_LINES_LISTED) scan.missingLines.push(line);
    return;
  }
  scan.cells++;
  const asDot = dot.number(cell);
  addNumber(scan.dot, asDot, cell, line);
  // A cell without a comma reads the same either way, unless it holds a point (1.5, or 1.234 as thousands).
  const asComma = cell.includes(',') || cell.includes('.') ? comma.number(cell) : asDot;
  addNumber(scan.comma, asComma, cell, line);
  if (asDot === undefined && asComma !== undefined && cell.includes(',')) scan.commaDecimals++;
  if (asDot === undefined && asComma === undefined) {
    const date = parseIsoDate(cell);
    if (date) {
      scan.dates++;
      if (date.epoch < scan.dateMin) scan.dateMin = date.epoch;
      if (date.epoch > scan.dateMax) scan.dateMax = date.epoch;
      scan.dateHasTime ||= date.hasTime;
    }
  }
}

/** The decimal separator of a file: a comma where the delimiter is not one and a column holds decimal commas and is numbers only that way. */
export function chooseDecimal(scans: readonly ColumnScan[], delimiter: string): '.' | ',' {
  if (delimiter === ',') return '.';
  return scans.some((scan) => scan.commaDecimals > 0 && scan.comma.count === scan.cells) ? ',' : '.';
}
