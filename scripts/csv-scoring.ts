// Scores a CSV stream with a serving model, a batch of rows at a time, through the same
// inference module as the deployed function. Memory stays at one batch whatever the
// file's size; rows come out in input order, each with its input columns as written.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse';
import type { InputSpec } from '../pipeline/artifact/model-parts.ts';
import type { ServingModel } from '../pipeline/artifact/serving-model.ts';
import { argmax } from '../pipeline/models/argmax.ts';
import { createPredictor } from '../pipeline/models/predictor.ts';
import { batchColumns } from '../pipeline/tasks/batch.ts';
import type { RawValue } from '../pipeline/preprocess/encode.ts';
import { startBundledWorker } from '../pipeline/bundled-worker.ts';
import { createCellReader, type CellReader } from '../pipeline/data/cells.ts';
import { parseIsoDate } from '../pipeline/data/dates.ts';
import { detectDelimiter } from '../pipeline/data/delimiter.ts';
import { csvLine, scoredHeader, scoredRow, unscoredRow, type ScoredCsvOptions } from './scored-csv.ts';

export const BATCH_ROWS = 8192;

/** The delimiter of a CSV file, judged on its first 64 KB as training judges it; "," if it cannot be read (the caller reports that). */
export function fileDelimiter(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const sample = Buffer.alloc(65536);
    const bytes = readSync(fd, sample, 0, sample.length, 0);
    return detectDelimiter(sample.subarray(0, bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return ',';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** Where each feature is in a CSV header (its first occurrence); `fail` words the error when some are missing. */
export function featurePositions(header: readonly string[], features: readonly string[], fail: (missing: string[]) => Error): number[] {
  const at = new Map<string, number>();
  header.forEach((name, j) => at.has(name) || at.set(name, j));
  const missing = features.filter((name) => !at.has(name));
  if (missing.length > 0) throw fail(missing);
  return features.map((name) => at.get(name)!);
}

export interface ScoringProgress {
  rows: number;
  /** Rows written without predictions (a cell that could not be read), among `rows`. */
  unscored: number;
}

/** How a feature's cell is read: a number or text, and whether a missing cell may be sent (the model imputes it). */
export interface CellRule {
  name: string;
  numeric: boolean;
  /** ISO 8601 text, checked before the row is sent. */
  date?: boolean;
  nullable: boolean;
}

export function cellRules(inputs: readonly InputSpec[]): CellRule[] {
  return inputs.map((input) => ({ name: input.name, numeric: input.type === 'numeric', date: input.type === 'date', nullable: input.impute !== undefined }));
}

/**
 * The features of one record into `row` (numbers, categories, null for a missing cell
 * the model imputes), each cell read as the training file's were (`reader`, from the
 * model's `cells`); the reason when a cell cannot be sent, and the row must not be scored.
 */
export function readRow(record: readonly string[], positions: readonly number[], rules: readonly CellRule[], reader: CellReader, row: RawValue[]): string | undefined {
  let problem: string | undefined;
  for (let j = 0; j < positions.length; j++) {
    const cell = record[positions[j]];
    const rule = rules[j];
    const value = reader.value(cell, rule.numeric);
    row[j] = value;
    if (value === null) {
      if (!rule.nullable) problem ??= `not scored: ${rule.name} is missing, and the model does not impute it`;
    } else if (rule.numeric && typeof value !== 'number') {
      row[j] = 0;
      problem ??= `not scored: ${rule.name} = ${JSON.stringify(cell)} is not a number`;
    } else if (rule.date && parseIsoDate(value as string) === undefined) {
      row[j] = null;
      problem ??= `not scored: ${rule.name} = ${JSON.stringify(cell)} is not an ISO 8601 date`;
    }
  }
  return problem;
}

/** A batch on its way to the scoring worker: numbers (NaN: missing) and the categorical cells, row after row. */
export interface Batch {
  values: Float64Array;
  texts: (string | null)[];
  count: number;
  lines: string[];
  invalid: (string | undefined)[];
}

/** The scored CSV text of one batch; a row that could not be read says why. */
export function formatBatch(model: ServingModel, batch: Batch, options: ScoredCsvOptions): string {
  const { values, texts, count, lines, invalid } = batch;
  const features = model.inputs.length;
  const columns = batchColumns(model, []);
  const { encoder, predictEncoded } = createPredictor(model);
  const encoded = new Float64Array(count * encoder.width);
  const warnings = new Array<string[] | undefined>(count);
  const row = new Array<RawValue>(features);
  const numeric = model.inputs.map((input) => input.type === 'numeric');
  for (let i = 0, t = 0; i < count; i++) {
    for (let j = 0; j < features; j++) {
      if (!numeric[j]) row[j] = texts[t++];
      else {
        const value = values[i * features + j];
        row[j] = Number.isNaN(value) ? null : value;
      }
    }
    if (invalid[i] === undefined) warnings[i] = encoder.encode(row, encoded, i * encoder.width);
  }
  const outputs = predictEncoded(encoded, count);
  let text = '';
  for (let i = 0; i < count; i++) {
    const problem = invalid[i];
    if (problem !== undefined) {
      text += unscoredRow(lines[i], columns.names.length, problem, options);
      continue;
    }
    text += scoredRow(lines[i], columns.fromOutputs(outputs, i), warnings[i], options);
  }
  return text;
}

/** Batches being scored or waiting to be written, at most: bounds memory, keeps the worker busy. */
const BATCHES_AHEAD = 3;

export interface ScoreCsvOptions extends ScoredCsvOptions {
  source: string;
  delimiter: string;
  onBatch?: (progress: ScoringProgress) => void;
}

/**
 * Reads `input` (a header row, then rows holding at least the model's features, in any
 * column order), writes the scored CSV to `output`. A row whose feature cell cannot be
 * read is written with empty predictions and says why in its warnings; a row outside
 * the training range is scored and warned about, as the function does.
 */
export async function scoreCsv(model: ServingModel, input: Readable, output: Writable, options: ScoreCsvOptions): Promise<ScoringProgress> {
  // Parsing (csv-parse) and scoring with writing numbers out each take about half the
  // time: this thread parses while a worker scores and formats the batch before.
  const worker = await startBundledWorker(new URL('./score-worker.ts', import.meta.url), { workerData: { model, rawCells: options.rawCells } });
  try {
    return await new Promise<ScoringProgress>((resolve, reject) => streamBatches(model, input, output, options, worker, resolve, reject));
  } finally {
    await worker.terminate();
  }
}

function streamBatches(
  model: ServingModel,
  input: Readable,
  output: Writable,
  options: ScoreCsvOptions,
  worker: Worker,
  resolve: (progress: ScoringProgress) => void,
  reject: (error: Error) => void,
): void {
  const { source, delimiter, onBatch } = options;
  const features = model.features.length;
  const rules = cellRules(model.inputs);
  const reader = createCellReader(model.cells);
  const numeric = rules.map((rule) => rule.numeric);
  const cells = new Array<RawValue>(features);
  // No `raw` or `info`: together they cost csv-parse two thirds of its speed here.
  const parser = parse({ bom: true, delimiter, skip_empty_lines: true, relax_column_count: true });
  let positions: number[] | undefined;
  let columns = 0;
  let values = new Float64Array(BATCH_ROWS * features);
  let texts: (string | null)[] = [];
  let lines: string[] = [];
  let invalid: (string | undefined)[] = [];
  let row = 0;
  let rows = 0;
  let unscored = 0;
  let sent = 0;
  let received = 0;
  let ended = false;
  let outputFull = false;
  let failed = false;

  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    input.unpipe(parser);
    parser.destroy();
    reject(error);
  };
  const throttle = () => {
    const busy = sent - received >= BATCHES_AHEAD || outputFull;
    if (busy && !parser.isPaused()) parser.pause();
    if (!busy && parser.isPaused() && !ended) parser.resume();
  };
  const send = () => {
    if (lines.length === 0) return;
    const batch: Batch = { values, texts, count: lines.length, lines, invalid };
    worker.postMessage(batch, [values.buffer]);
    sent++;
    values = new Float64Array(BATCH_ROWS * features);
    texts = [];
    lines = [];
    invalid = [];
    throttle();
  };
  const finishIfDone = () => {
    if (ended && received === sent && !failed) resolve({ rows, unscored });
  };

  worker.on('message', (message: { text?: string; count?: number; unscored?: number; error?: string }) => {
    // After a failure nothing more is written: the caller is closing the output.
    if (failed) return;
    if (message.error !== undefined) return fail(new Error(`the scoring worker failed: ${message.error}`));
    received++;
    rows += message.count!;
    unscored += message.unscored!;
    if (!output.write(message.text!)) {
      outputFull = true;
      output.once('drain', () => {
        outputFull = false;
        throttle();
      });
    }
    onBatch?.({ rows, unscored });
    throttle();
    finishIfDone();
  });
  worker.on('error', fail);

  const onRecord = (record: string[]) => {
    if (positions === undefined) {
      const header = record.map((name) => name.trim());
      positions = featurePositions(header, model.features, (missing) => new ScoringError(`${source}:1: the header lacks the model's feature(s) ${missing.join(', ')} (it has: ${header.join(', ')})`));
      columns = header.length;
      output.write(`${scoredHeader(header, batchColumns(model, header).names, options)}\n`);
      return;
    }
    row++;
    if (record.length !== columns) throw new ScoringError(`${source}: data row ${row}: expected ${columns} fields as in the header, found ${record.length}`);
    const problem = readRow(record, positions, rules, reader, cells);
    const base = lines.length * features;
    for (let j = 0; j < features; j++) {
      if (numeric[j]) values[base + j] = cells[j] === null ? NaN : (cells[j] as number);
      else texts.push(cells[j] as string | null);
    }
    lines.push(csvLine(record, options));
    invalid.push(problem);
    if (lines.length === BATCH_ROWS) send();
  };

  input.on('error', fail);
  parser.on('error', fail);
  parser.on('data', (record: string[]) => {
    try {
      onRecord(record);
    } catch (error) {
      fail(error as Error);
    }
  });
  parser.on('end', () => {
    if (positions === undefined) return fail(new ScoringError(`${source}: the file is empty; expected a header row and data rows`));
    send();
    ended = true;
    finishIfDone();
  });
  input.pipe(parser);
}
