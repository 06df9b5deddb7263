// Production rows, streamed from a CSV into the drift accumulator a batch at a time, so a
// file of any size is checked in constant memory: each feature's cells read with the
// model's own cell rules (missing markers, decimal separator, dates), and the model's
// predictions of the rows it can score, through the one inference module.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { ServingModel } from '../artifact/serving-model.ts';
import { createCellReader } from '../data/cells.ts';
import { parseIsoDate } from '../data/dates.ts';
import { argmax } from '../models/argmax.ts';
import { createPredictor } from '../models/predictor.ts';
import type { RawValue } from '../preprocess/encode.ts';
import type { BatchColumn, DriftAccumulator } from './accumulate.ts';

export const DRIFT_BATCH_ROWS = 8192;

export class DriftInputError extends Error {
  override name = 'DriftInputError';
}

export interface StreamedRows {
  rows: number;
  /** Rows whose features could not all be read (no prediction profiled for them). */
  unscored: number;
  /** With `keep`: every numeric feature's current values (NaN for missing), for exact tests against a reference. */
  kept: Map<string, Float64Array>;
}

/**
 * Reads `path` (a header row naming at least the model's features, in any order) into
 * `accumulator`, whose profile has the model's inputs then "prediction".
 */
export async function streamCurrentRows(path: string, delimiter: string, model: ServingModel, accumulator: DriftAccumulator, keep: readonly string[] = []): Promise<StreamedRows> {
  const input = createReadStream(path);
  await once(input, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new DriftInputError(`${path}: cannot read the file (${error.code ?? error.message})`);
  });
  const reader = createCellReader(model.cells);
  const predictor = createPredictor(model);
  const { inputs } = model;
  const encoded = new Float64Array(DRIFT_BATCH_ROWS * predictor.encoder.width);
  const row = new Array<RawValue>(inputs.length);
  const kept = new Map(keep.map((name) => [name, new GrowingArray()]));
  let positions: number[] | undefined;
  let columns = 0;
  let rows = 0;
  let unscored = 0;
  // The batch being filled: numbers, category codes into levels of this batch, which rows scored.
  let filled = 0;
  const numbers = inputs.map(() => new Float64Array(DRIFT_BATCH_ROWS));
  const levels = inputs.map(() => new Map<string, number>());
  const scored: number[] = [];

  const flush = () => {
    if (filled === 0) return;
    const batch: Record<string, BatchColumn> = {};
    inputs.forEach((input, j) => {
      const values = numbers[j].subarray(0, filled);
      batch[input.name] = input.type === 'categorical' ? { codes: values, levels: [...levels[j].keys()] } : values;
      kept.get(input.name)?.push(values);
    });
    const outputs = predictor.predictEncoded(encoded, scored.length);
    const width = predictor.width;
    // The prediction as the profile holds it: a class (its code), or the number; NaN for a row not scored.
    const predicted = new Float64Array(filled).fill(NaN);
    if (model.task === 'classification') {
      scored.forEach((i, s) => (predicted[i] = argmax(outputs, s * width, width)));
      batch.prediction = { codes: predicted, levels: model.classes };
    } else {
      scored.forEach((i, s) => (predicted[i] = outputs[s]));
      batch.prediction = predicted;
    }
    accumulator.add(batch);
    filled = 0;
    scored.length = 0;
    for (const map of levels) map.clear();
  };

  const onRecord = (record: string[]) => {
    if (positions === undefined) {
      const header = record.map((name) => name.trim());
      const at = new Map<string, number>();
      header.forEach((name, j) => at.has(name) || at.set(name, j));
      const missing = inputs.filter((input) => !at.has(input.name)).map((input) => input.name);
      if (missing.length > 0) throw new DriftInputError(`${path}:1: the header lacks the model's feature(s) ${missing.join(', ')} (it has: ${header.join(', ')})`);
      positions = inputs.map((input) => at.get(input.name)!);
      columns = header.length;
      return;
    }
    rows++;
    if (record.length !== columns) throw new DriftInputError(`${path}: data row ${rows}: expected ${columns} fields as in the header, found ${record.length}`);
    let readable = true;
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j];
      const cell = record[positions[j]];
      const value = reader.value(cell, input.type === 'numeric');
      let number = NaN;
      if (value !== null) {
        if (input.type === 'numeric') number = typeof value === 'number' ? value : NaN;
        else if (input.type === 'date') number = parseIsoDate(value as string)?.epoch ?? NaN;
        else {
          const code = levels[j].get(value as string);
          number = code ?? levels[j].size;
          if (code === undefined) levels[j].set(value as string, number);
        }
      }
      numbers[j][filled] = number;
      // What the function would refuse: a cell that is not its input's type, a gap the model does not impute.
      if ((value === null && !input.impute) || (value !== null && input.type !== 'categorical' && Number.isNaN(number))) readable = false;
      row[j] = value === null ? null : input.type === 'numeric' ? number : (value as string);
    }
    if (readable) {
      predictor.encoder.encode(row, encoded, scored.length * predictor.encoder.width, false);
      scored.push(filled);
    } else unscored++;
    filled++;
    if (filled === DRIFT_BATCH_ROWS) flush();
  };
  // Records by 'data' events, not an async iterator: a promise per record costs more than the check.
  await new Promise<void>((resolve, reject) => {
    const parser = input.pipe(parse({ bom: true, delimiter, skip_empty_lines: true, relax_column_count: true }));
    input.on('error', reject);
    parser.on('error', reject);
    parser.on('data', (record: string[]) => {
      try {
        onRecord(record);
      } catch (error) {
        input.unpipe(parser);
        parser.destroy();
        reject(error);
      }
    });
    parser.on('end', resolve);
  });
  if (positions === undefined) throw new DriftInputError(`${path}: the file is empty; expected a header row and data rows`);
  flush();
  return { rows, unscored, kept: new Map([...kept].map(([name, values]) => [name, values.values()])) };
}

/** A Float64Array that grows by doubling: the kept values of one feature. */
class GrowingArray {
  private data = new Float64Array(1024);
  private length = 0;

  push(values: Float64Array): void {
    if (this.length + values.length > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, this.length + values.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
