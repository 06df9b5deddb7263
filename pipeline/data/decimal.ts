// The one rule for "is this cell a number", shared by training, predict and invoke.
// Kept apart from the CSV loader so worker bundles do not pull in file-system code.
export const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell's number, surrounding spaces allowed: a finite decimal (no hex, no Infinity), else undefined. */
export function parseDecimal(cell: string): number | undefined {
  const text = cell.trim();
  if (!DECIMAL_NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
