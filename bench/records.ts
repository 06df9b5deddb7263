// A CSV's rows as the function's JSON records: numbers, text, null for missing cells.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { InputSpec } from '../pipeline/artifact/model-parts.ts';
import { createCellReader, type CellFormat } from '../pipeline/data/cells.ts';
import type { RawValue } from '../pipeline/preprocess/encode.ts';
import { cellRules, fileDelimiter, readRow } from '../scripts/csv-scoring.ts';

export function loadCsvRecords(path: string, inputs: readonly InputSpec[], cells: CellFormat): Record<string, RawValue>[] {
  const [header, ...records] = parse(readFileSync(path), { bom: true, delimiter: fileDelimiter(path), skip_empty_lines: true }) as string[][];
  const positions = inputs.map((input) => header.indexOf(input.name));
  const rules = cellRules(inputs);
  const reader = createCellReader(cells);
  return records.map((record) => {
    const row = new Array<RawValue>(inputs.length);
    readRow(record, positions, rules, reader, row);
    return Object.fromEntries(inputs.map((input, j) => [input.name, row[j]]));
  });
}
