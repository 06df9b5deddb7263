// Streams a CSV to a deployed endpoint in batches of its max_batch, N requests in flight,
// and writes the answers in input order. The cloud's autoscaling does the scaling; the
// client only keeps N batches moving, retries what the platform throttles or drops,
// and holds no more than about 2·N batches in memory whatever the file's size.
import { createReadStream, existsSync, openSync, closeSync, readSync, fstatSync, ftruncateSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse';
import { createCellReader, type CellFormat } from '../pipeline/data/cells.ts';
import type { RawValue } from '../pipeline/preprocess/encode.ts';
import { batchColumns, type BatchColumns, type RowAnswer } from '../pipeline/tasks/batch.ts';
import { featurePositions, fileDelimiter, readRow, type CellRule } from './csv-scoring.ts';
import { csvLine, scoredHeader, scoredRow, unscoredRow, type ScoredCsvOptions } from './scored-csv.ts';

export interface EndpointModel {
  /** The features as GET / describes them: each cell is sent as a number or as text, as its type says. */
  features: CellRule[];
  /** What GET / says the model predicts: classes (their labels), or a number. */
  task: 'classification' | 'regression';
  classes?: string[];
  target: string;
  maxBatch: number;
  /** How the model reads a CSV cell (GET / says it): missing markers, decimal separator. */
  cells: CellFormat;
}

export interface BatchOptions extends ScoredCsvOptions {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  /** Attempts per batch before giving up (429, 5xx and network errors are retried). */
  attempts?: number;
  /** Rows in the output so far, and how many of them an earlier run had written. */
  onProgress?: (rowsDone: number, resumedAfter: number) => void;
  /** Told when an endpoint's Retry-After makes the client wait, and how long (capped at MAX_RETRY_AFTER_SECONDS). */
  onWait?: (seconds: number, askedSeconds: number) => void;
  /** The longest Retry-After waited out (default MAX_RETRY_AFTER_SECONDS). */
  maxRetryAfterSeconds?: number;
}

/** A Retry-After longer than this is not waited out: a throttled endpoint asking for a day is as good as down. */
export const MAX_RETRY_AFTER_SECONDS = 60;

export class InvokeError extends Error {}

interface Batch {
  index: number;
  lines: string[];
  /** Feature values of the rows that can be sent; undefined for a row that cannot. */
  values: (RawValue[] | undefined)[];
  problems: (string | undefined)[];
}

/**
 * Scores `data` into `out` (CSV: input columns, label, probabilities, warnings). When
 * `out` already holds rows from an interrupted run, those rows are skipped and the rest
 * appended: a half-written last line is cut off first.
 */
export async function invokeCsv(model: EndpointModel, data: string, out: string, options: BatchOptions): Promise<{ rows: number; resumedAfter: number; unscored: number }> {
  if (!existsSync(data)) throw new InvokeError(`${data}: cannot read the file (ENOENT)`);
  const parser = createReadStream(data).pipe(parse({ bom: true, delimiter: fileDelimiter(data), skip_empty_lines: true, relax_column_count: true }));
  const iterator = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new InvokeError(`${data}: the file is empty; expected a header row and data rows`);
  const header = first.value.map((name) => name.trim());
  const names = model.features.map((feature) => feature.name);
  const positions = featurePositions(header, names, (missing) => new InvokeError(`${data}: the model needs the column(s) ${missing.join(', ')} (the file has: ${header.join(', ')})`));
  const reader = createCellReader(model.cells);
  const columns = batchColumns(model, header);
  const headerLine = scoredHeader(header, columns.names, options);

  const { fd, skip } = openOutput(out, headerLine);
  let row = 0;
  let unscored = 0;
  let written = skip;
  let nextToWrite = 0;
  let failure: Error | undefined;
  const done = new Map<number, string>();
  const inFlight = new Set<Promise<void>>();

  const writeReady = () => {
    while (done.has(nextToWrite)) {
      writeSync(fd, done.get(nextToWrite)!);
      written += done.get(nextToWrite)!.split('\n').length - 1;
      done.delete(nextToWrite++);
      options.onProgress?.(written, skip);
    }
  };
  const launch = (batch: Batch) => {
    const task = scoreBatch(model, columns, batch, options).then(
      (text) => {
        done.set(batch.index, text);
        writeReady();
      },
      (error: Error) => {
        failure ??= error;
      },
    );
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let batch: Batch = { index: 0, lines: [], values: [], problems: [] };
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (failure) break;
      const record = next.value;
      row++;
      if (row <= skip) continue;
      if (record.length !== header.length) throw new InvokeError(`${data}: data row ${row}: expected ${header.length} fields as in the header, found ${record.length}`);
      const values = new Array<RawValue>(positions.length);
      const problem = readRow(record, positions, model.features, reader, values);
      batch.lines.push(csvLine(record, options));
      batch.values.push(problem === undefined ? values : undefined);
      batch.problems.push(problem);
      if (problem !== undefined) unscored++;
      if (batch.lines.length === model.maxBatch) {
        launch(batch);
        batch = { index: batch.index + 1, lines: [], values: [], problems: [] };
        // Keep N requests moving, and no more than N answers waiting for an earlier one.
        while (!failure && (inFlight.size >= options.concurrency || done.size >= options.concurrency)) await Promise.race(inFlight);
      }
    }
    if (!failure && batch.lines.length > 0) launch(batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    parser.destroy();
    closeSync(fd);
  }
  return { rows: written, resumedAfter: skip, unscored };
}

/** Opens `out` for appending; a file from an interrupted run must have this header, and its last partial line goes. */
function openOutput(out: string, headerLine: string): { fd: number; skip: number } {
  if (!existsSync(out)) {
    const fd = openSync(out, 'w');
    writeSync(fd, `${headerLine}\n`);
    return { fd, skip: 0 };
  }
  const fd = openSync(out, 'r+');
  const size = fstatSync(fd).size;
  const content = Buffer.alloc(size);
  readSync(fd, content, 0, size, 0);
  const text = content.toString('utf8');
  const complete = text.lastIndexOf('\n') + 1;
  if (!text.startsWith(`${headerLine}\n`)) {
    closeSync(fd);
    throw new InvokeError(`${out} exists but is not the output of this file and model (its header differs); move it away or choose another --out`);
  }
  ftruncateSync(fd, complete);
  const rows = text.slice(0, complete).split('\n').length - 2;
  const appendFd = openSync(out, 'a');
  closeSync(fd);
  return { fd: appendFd, skip: rows };
}

async function scoreBatch(model: EndpointModel, columns: BatchColumns, batch: Batch, options: BatchOptions): Promise<string> {
  const sendable = batch.values.filter((values): values is RawValue[] => values !== undefined);
  let predictions: (RowAnswer & { warnings?: string[] })[] = [];
  if (sendable.length > 0) {
    const body = JSON.stringify({ dataframe_split: { columns: model.features.map((feature) => feature.name), data: sendable } });
    const answer = (await postWithRetries(options, body)) as { predictions: typeof predictions };
    predictions = answer.predictions;
  }
  let text = '';
  let next = 0;
  batch.lines.forEach((line, i) => {
    const problem = batch.problems[i];
    if (problem !== undefined) {
      text += unscoredRow(line, columns.names.length, problem, options);
      return;
    }
    const prediction = predictions[next++];
    text += scoredRow(line, columns.fromAnswer(prediction), prediction.warnings, options);
  });
  return text;
}

/** POST with exponential backoff and full jitter; honours Retry-After. Other 4xx are final. */
async function postWithRetries(options: BatchOptions, body: string): Promise<unknown> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | undefined;
    let reason: string;
    try {
      const response = await fetch(options.url, { method: 'POST', headers: { ...options.headers, 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.ok) return JSON.parse(text);
      const message = (() => {
        try {
          return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
        } catch {
          return text.slice(0, 200);
        }
      })();
      if (response.status !== 429 && response.status < 500) throw new InvokeError(`HTTP ${response.status}: ${message}`);
      reason = `HTTP ${response.status}`;
      const header = Number(response.headers.get('retry-after'));
      if (Number.isFinite(header) && header > 0) {
        const seconds = Math.min(header, options.maxRetryAfterSeconds ?? MAX_RETRY_AFTER_SECONDS);
        retryAfterMs = seconds * 1000;
        options.onWait?.(seconds, header);
      }
    } catch (error) {
      if (error instanceof InvokeError) throw error;
      reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    }
    if (attempt >= attempts) throw new InvokeError(`a batch failed ${attempts} times, the last with ${reason}; run the same command again to resume`);
    const backoff = Math.min(10_000, 200 * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs ?? Math.random() * backoff));
  }
}
