// Scores a CSV stream with a serving model, a batch of rows at a time, through the same
// inference module as the deployed function. Memory stays at one batch whatever the
// file's size; rows come out in input order, each with its input columns as written.
import type { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ServingModel } from '../pipeline/artifact/serving-model.ts';
import { argmax, predictProba } from '../pipeline/models/linear/inference.ts';
import { rangeWarnings } from '../functions/core/drift.ts';

export const BATCH_ROWS = 8192;
const DECIMAL_NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** The output header: the input's, then the label, one probability per class, and warnings. */
export function scoredHeader(inputHeader: readonly string[], classes: readonly string[]): string[] {
  const label = inputHeader.includes('label') ? 'predicted_label' : 'label';
  return [...inputHeader, label, ...classes.map((name) => `probability_${name}`), 'warnings'];
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The input row again, as CSV: fields as they were read, quoted only where they must be. */
export function csvLine(record: string[]): string {
  let line = csvField(record[0]);
  for (let j = 1; j < record.length; j++) line += `,${csvField(record[j])}`;
  return line;
}

export interface ScoringProgress {
  rows: number;
}

/**
 * Reads `input` (a header row, then rows holding at least the model's features, in any
 * column order), writes the scored CSV to `output`. A row whose feature cell is not a
 * number is written with empty predictions and says why in its warnings; a row outside
 * the training range is scored and warned about, as the function does.
 */
export function scoreCsv(model: ServingModel, input: Readable, output: Writable, source: string, onBatch?: (progress: ScoringProgress) => void): Promise<ScoringProgress> {
  const features = model.features.length;
  const classCount = model.classes.length;
  // No `raw` or `info`: together they cost csv-parse two thirds of its speed here.
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
  const min = Float64Array.from(model.featureStats, (stats) => stats.min);
  const max = Float64Array.from(model.featureStats, (stats) => stats.max);

  let positions: number[] | undefined;
  let columns = 0;
  const batch = new Float64Array(BATCH_ROWS * features);
  const lines: string[] = [];
  const invalid: (string | undefined)[] = [];
  let rows = 0;
  let row = 0;

  /** Scores the batch and writes it; false when the output wants a pause. */
  const flush = (): boolean => {
    if (lines.length === 0) return true;
    const probabilities = predictProba(model, { data: batch, rows: lines.length, cols: features }, classCount);
    let text = '';
    for (let i = 0; i < lines.length; i++) {
      const problem = invalid[i];
      if (problem !== undefined) {
        text += `${lines[i]},${','.repeat(classCount + 1)}${csvField(problem)}\n`;
        continue;
      }
      const offset = i * classCount;
      text += `${lines[i]},${csvField(model.classes[argmax(probabilities, offset, classCount)])}`;
      for (let k = 0; k < classCount; k++) text += `,${probabilities[offset + k]}`;
      let outside = false;
      for (let j = 0, base = i * features; j < features; j++) outside ||= batch[base + j] < min[j] || batch[base + j] > max[j];
      const warnings = outside ? rangeWarnings(model.featureStats, batch, i * features) : undefined;
      text += `,${warnings ? csvField(warnings.join('; ')) : ''}\n`;
    }
    rows += lines.length;
    lines.length = 0;
    invalid.length = 0;
    onBatch?.({ rows });
    return output.write(text);
  };

  const onRecord = (record: string[]): boolean => {
    if (positions === undefined) {
      const header = record.map((name) => name.trim());
      const missing = model.features.filter((name) => !header.includes(name));
      if (missing.length > 0) throw new ScoringError(`${source}:1: the header lacks the model's feature(s) ${missing.join(', ')} (it has: ${header.join(', ')})`);
      positions = model.features.map((name) => header.indexOf(name));
      columns = header.length;
      return output.write(`${scoredHeader(header, model.classes).map(csvField).join(',')}\n`);
    }
    row++;
    if (record.length !== columns) throw new ScoringError(`${source}: data row ${row}: expected ${columns} fields as in the header, found ${record.length}`);
    const base = lines.length * features;
    let problem: string | undefined;
    for (let j = 0; j < features; j++) {
      const cell = record[positions[j]];
      if (!DECIMAL_NUMBER.test(cell)) {
        problem ??= `not scored: ${model.features[j]} = ${JSON.stringify(cell)} is not a number`;
        batch[base + j] = 0;
      } else {
        batch[base + j] = Number(cell);
      }
    }
    lines.push(csvLine(record));
    invalid.push(problem);
    return lines.length === BATCH_ROWS ? flush() : true;
  };

  // Records arrive synchronously ('data' events, no promise per row); when the output
  // is full, parsing pauses until it drains.
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      input.unpipe(parser);
      parser.destroy();
      reject(error);
    };
    input.on('error', fail);
    parser.on('error', fail);
    parser.on('data', (record: string[]) => {
      let more: boolean;
      try {
        more = onRecord(record);
      } catch (error) {
        return fail(error as Error);
      }
      if (!more) {
        parser.pause();
        output.once('drain', () => parser.resume());
      }
    });
    parser.on('end', () => {
      if (positions === undefined) return fail(new ScoringError(`${source}: the file is empty; expected a header row and data rows`));
      flush();
      resolve({ rows });
    });
    input.pipe(parser);
  });
}
