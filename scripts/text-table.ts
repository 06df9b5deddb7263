import { largest } from '../pipeline/data/extremes.ts';
import { printable } from './terminal.ts';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  // Cells can hold text from a CSV or a run record: control characters and line breaks escaped.
  const cells = [header, ...rows.map((row) => row.map(String))].map((row) => row.map((cell) => printable(cell, true)));
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((row) => typeof row[j] === 'number' || /^-?[\d.]+%?$/.test(String(row[j]))));
  const widths = header.map((_, j) => largest(cells.map((row) => row[j].length), 0));
  const line = (row: string[]) => row.map((cell, j) => (numeric[j] ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
