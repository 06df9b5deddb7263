// The regression tables of tests/fixtures/tables/regression/ as numbers: every column but
// the target as X (file order), the target as y.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { matrixFromRows, type Matrix } from '../../pipeline/data/matrix.ts';

export interface NumericTable {
  names: string[];
  X: Matrix;
  y: Float64Array;
}

export function numericTable(name: string, target: string): NumericTable {
  const records = parse(readFileSync(new URL(`../fixtures/tables/regression/${name}.csv`, import.meta.url), 'utf8')) as string[][];
  const [header, ...rows] = records;
  const at = header.indexOf(target);
  const names = header.filter((_, j) => j !== at);
  const X = matrixFromRows(rows.map((row) => row.filter((_, j) => j !== at).map(Number)));
  return { names, X, y: Float64Array.from(rows, (row) => Number(row[at])) };
}
