// --data sample.csv: a table of rows the model should answer. Its header names the
// columns (when the model does not), its values give the inputs' ranges and moments,
// and the kit's own predictions on its rows (through the serving encoder and the
// family's predictProba) are checked: every probability finite, each row summing to 1,
// and the accuracy against --target when the sample has it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportedArtifact } from '../../artifact/imported.ts';
import { createCellReader } from '../../data/cells.ts';
import { detectDelimiter } from '../../data/delimiter.ts';
import { argmax } from '../../models/argmax.ts';
import { predictProba } from '../../models/inference.ts';
import { predictValues } from '../../models/regression-inference.ts';
import { createRowEncoder, type RawValue } from '../../preprocess/encode.ts';
import { ModelImportError } from '../import-error.ts';
import type { InputSpec } from '../../artifact/model-parts.ts';

export interface Sample {
  file: string;
  sha256: string;
  header: string[];
  rows: string[][];
}

export function readSample(path: string): Sample {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ModelImportError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text.slice(0, 65536)), skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new ModelImportError(`${file}: ${(error as Error).message}`);
  }
  if (records.length < 2) throw new ModelImportError(`${file}: needs a header and at least one row`);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), header: records[0].map((h) => h.trim()), rows: records.slice(1) };
}

const cells = createCellReader();

/** Range and population moments of a column's values (null when it has none). */
export function columnStats(values: readonly number[]): { min: number; max: number; mean: number; std: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) (min = Math.min(min, v), max = Math.max(max, v), (sum += v));
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(squares / values.length) };
}

function columnIndex(sample: Sample, name: string): number {
  const at = sample.header.indexOf(name);
  if (at < 0) throw new ModelImportError(`${sample.file}: has no column "${name}" (the model reads ${name})`);
  return at;
}

/** The inputs' cells: numbers for numeric inputs, trimmed text for categorical ones, null when missing; a numeric cell that is not a number names its line and column. */
export function sampleValues(sample: Sample, inputs: readonly InputSpec[]): RawValue[][] {
  const at = inputs.map((input) => columnIndex(sample, input.name));
  return sample.rows.map((row, r) =>
    at.map((c, j) => {
      const cell = row[c];
      if (cells.isMissing(cell)) return null;
      if (inputs[j].type === 'categorical') return cell.trim();
      const value = cells.number(cell);
      if (value === undefined) throw new ModelImportError(`${sample.file}: line ${r + 2}, column "${inputs[j].name}": "${cell.slice(0, 40)}" is not a number (the model reads it as one)`);
      return value;
    }),
  );
}

/** The artifact with each numeric input's range and moments taken from the sample's values. */
export function withSampleStats(artifact: ImportedArtifact, values: RawValue[][]): ImportedArtifact {
  const inputs = artifact.inputs.map((input, j) => {
    if (input.type !== 'numeric') return input;
    const stats = columnStats(values.map((row) => row[j]).filter((v): v is number => typeof v === 'number'));
    return stats ? { ...input, ...stats } : input;
  });
  return { ...artifact, inputs };
}

export interface SampleCheck {
  rows: number;
  /** Rows not scored: a missing cell the model has no imputer for. */
  skipped: number;
  metric: 'accuracy' | 'r2';
  /** Against --target's column, when the sample has it (and, for R², at least two rows). */
  score: number | null;
  /** rows × classes probabilities, or one prediction per row. */
  outputs: Float64Array;
  /** The CSV line of each scored row (the header is line 1). */
  lines: number[];
}

/** The regressor's targetStats from the sample's target column, when it has one. */
export function withSampleTarget(artifact: ImportedArtifact, sample: Sample): ImportedArtifact {
  const at = sample.header.indexOf(artifact.target);
  if (artifact.task !== 'regression' || at < 0) return artifact;
  const stats = columnStats(sample.rows.map((row) => row[at]).filter((cell) => !cells.isMissing(cell)).map((cell, r) => cells.number(cell) ?? notNumber(sample, r, artifact.target, cell)));
  return stats ? { ...artifact, targetStats: stats } : artifact;
}

function notNumber(sample: Sample, r: number, column: string, cell: string): never {
  throw new ModelImportError(`${sample.file}: column "${column}": "${cell.slice(0, 40)}" is not a number (the regressor predicts numbers)`);
}

export function checkOnSample(artifact: ImportedArtifact, sample: Sample, values: RawValue[][]): SampleCheck {
  const encoder = createRowEncoder(artifact.inputs);
  const scored = values.map((row, r) => ({ row, r })).filter(({ row }) => row.every((v, j) => v !== null || artifact.inputs[j].impute));
  const data = new Float64Array(scored.length * encoder.width);
  scored.forEach(({ row }, i) => encoder.encode(row, data, i * encoder.width, false));
  const matrix = { data, rows: scored.length, cols: encoder.width };
  const targetAt = sample.header.indexOf(artifact.target);
  const line = (i: number) => scored[i].r + 2;
  const skipped = sample.rows.length - scored.length;
  if (artifact.task === 'regression') {
    const outputs = predictValues(artifact, matrix);
    outputs.forEach((y, i) => Number.isFinite(y) || fault(sample, line(i), `predicts ${y}`));
    let score: number | null = null;
    if (targetAt >= 0 && scored.length >= 2) {
      const truth = scored.map(({ r }) => cells.number(sample.rows[r][targetAt]) ?? NaN);
      if (truth.every(Number.isFinite)) {
        const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
        let residual = 0;
        let total = 0;
        truth.forEach((t, i) => ((residual += (t - outputs[i]) ** 2), (total += (t - mean) ** 2)));
        score = total === 0 ? null : 1 - residual / total;
      }
    }
    return { rows: scored.length, skipped, metric: 'r2', score, outputs, lines: scored.map((_, i) => line(i)) };
  }
  const k = artifact.classes.length;
  const outputs = predictProba(artifact, matrix, k);
  for (let i = 0; i < scored.length; i++) {
    let total = 0;
    for (let c = 0; c < k; c++) {
      const p = outputs[i * k + c];
      if (!(p >= 0 && p <= 1)) fault(sample, line(i), `gives a probability of ${p}`);
      total += p;
    }
    if (Math.abs(total - 1) > 1e-9) fault(sample, line(i), `gives probabilities that sum to ${total}`);
  }
  let score: number | null = null;
  if (targetAt >= 0 && scored.length > 0) {
    let right = 0;
    scored.forEach(({ r }, i) => {
      const label = sample.rows[r][targetAt].trim();
      const predicted = artifact.classes[argmax(outputs, i * k, k)];
      if (label === predicted || (artifact.labelType === 'integer' && Number(label) === Number(predicted))) right++;
    });
    score = right / scored.length;
  }
  return { rows: scored.length, skipped, metric: 'accuracy', score, outputs, lines: scored.map((_, i) => line(i)) };
}

function fault(sample: Sample, line: number, what: string): never {
  throw new ModelImportError(`${sample.file}: line ${line}: the imported model ${what}`);
}
