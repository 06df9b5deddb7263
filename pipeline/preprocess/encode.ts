// The fitted ColumnTransformer applied to raw rows: numeric inputs (imputed), then each
// date input's numbers (year, month, day, weekday, hour, season: data/dates.ts), then
// each categorical input one-hot encoded with unknown categories as all zeros
// (handle_unknown="ignore") and rare ones in one last column (max_categories). The
// numbers come first so that the scaler covers them. The one transform: the deployed
// function, predict, and training (its folds, refits and reports, through encodeTable)
// all encode through createRowEncoder's encode.
import type { InputSpec } from '../artifact/model-parts.ts';
import { dateFeatureNames, formatIsoDate, parseIsoDate, writeDateFeatures } from '../data/dates.ts';
import type { Matrix } from '../data/matrix.ts';

/** A request's value of one input: a number, a category or a date's text, or null (missing). */
export type RawValue = number | string | null;

/** The one-hot column of each known category of an input, rare ones sharing the last. */
export function categorySlots(input: InputSpec): Map<string, number> {
  const slots = new Map<string, number>();
  const categories = input.categories ?? [];
  categories.forEach((category, k) => slots.set(category, k));
  for (const category of input.infrequent ?? []) slots.set(category, categories.length);
  return slots;
}

/** Columns an input takes once encoded: 1 for a number, a date's numbers, one per category (+1 for the rare ones). */
export function inputWidth(input: InputSpec): number {
  if (input.type === 'numeric') return 1;
  if (input.type === 'date') return dateFeatureNames(input.time === true).length;
  return (input.categories?.length ?? 0) + (input.infrequent?.length ? 1 : 0);
}

/** Encoded columns before the one-hot blocks: the numeric inputs' and the dates' (what the scaler scales). */
export function numericWidth(inputs: readonly InputSpec[]): number {
  let width = 0;
  for (const input of inputs) if (input.type !== 'categorical') width += inputWidth(input);
  return width;
}

/** Names of the encoded columns, as get_feature_names_out writes them (without the transformer prefix). */
export function encodedNames(inputs: readonly InputSpec[]): string[] {
  const names = inputs.filter((input) => input.type === 'numeric').map((input) => input.name);
  for (const input of inputs) if (input.type === 'date') for (const feature of dateFeatureNames(input.time === true)) names.push(`${input.name}_${feature}`);
  for (const input of inputs) {
    if (input.type !== 'categorical') continue;
    for (const category of input.categories ?? []) names.push(`${input.name}_${category}`);
    if (input.infrequent?.length) names.push(`${input.name}_infrequent_sklearn`);
  }
  return names;
}

/** Rows with each kind of warning (a row counts once per kind): what a request's log line reports, never the values. */
export interface WarningTally {
  outOfRange: number;
  unseenCategory: number;
  imputed: number;
}

export function emptyTally(): WarningTally {
  return { outOfRange: 0, unseenCategory: 0, imputed: 0 };
}

export interface RowEncoder {
  width: number;
  /**
   * Writes one row (values in input order) at `offset` of `out`; the row's warnings, if
   * any (with `warn` false, none are worded: training encodes whole tables), counted by
   * kind in `tally` when one is given.
   */
  encode(row: readonly RawValue[], out: Float64Array, offset: number, warn?: boolean, tally?: WarningTally): string[] | undefined;
}

/** A request's text in a warning: at most 40 characters of it, so that an answer stays as small as its request. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function createRowEncoder(inputs: readonly InputSpec[]): RowEncoder {
  // Where each input's encoded column(s) start: numbers first, then the dates', then the one-hot blocks.
  const start = new Int32Array(inputs.length);
  let width = 0;
  for (const type of ['numeric', 'date', 'categorical'] as const) {
    inputs.forEach((input, j) => {
      if (input.type !== type) return;
      start[j] = width;
      width += inputWidth(input);
    });
  }
  const slots = inputs.map((input) => (input.type === 'categorical' ? categorySlots(input) : undefined));
  const hasTime = inputs.map((input) => input.time === true);
  return {
    width,
    encode(row, out, offset, warn = true, tally) {
      let warnings: string[] | undefined;
      let imputed = false;
      let outOfRange = false;
      let unseen = false;
      out.fill(0, offset, offset + width);
      for (let j = 0; j < inputs.length; j++) {
        const input = inputs[j];
        let value = row[j];
        if (value === null) {
          // The request schema lets null through only for an input that has an imputer.
          const fill = input.type === 'categorical' ? input.impute!.category! : input.impute!.value!;
          imputed = true;
          if (warn) (warnings ??= []).push(`${input.name} is missing; imputed with the training ${input.impute!.strategy.replace('_', ' ')} value ${input.type === 'date' ? formatIsoDate(fill as number, hasTime[j]) : JSON.stringify(fill)}`);
          value = fill;
          if (input.type === 'numeric') {
            out[offset + start[j]] = value as number;
            continue;
          }
        }
        if (input.type === 'numeric') {
          const number = value as number;
          out[offset + start[j]] = number;
          if (number < input.min! || number > input.max!) {
            outOfRange = true;
            if (warn) (warnings ??= []).push(`${input.name} = ${number} is outside the training range [${input.min}, ${input.max}]`);
          }
          continue;
        }
        if (input.type === 'date') {
          // A request's text (validated as ISO 8601 before), or a training table's epoch.
          const epoch = typeof value === 'string' ? parseIsoDate(value)?.epoch : (value as number);
          if (epoch === undefined) throw new RangeError(`${input.name}: ${quoted(value as string)} is not an ISO 8601 date`);
          writeDateFeatures(epoch, hasTime[j], out, offset + start[j]);
          if (epoch < input.min! || epoch > input.max!) {
            outOfRange = true;
            if (warn) (warnings ??= []).push(`${input.name} = ${formatIsoDate(epoch, hasTime[j])} is outside the training range [${formatIsoDate(input.min!, hasTime[j])}, ${formatIsoDate(input.max!, hasTime[j])}]`);
          }
          continue;
        }
        const slot = slots[j]!.get(value as string);
        if (slot === undefined) {
          unseen = true;
          if (warn) (warnings ??= []).push(`${input.name} = ${quoted(value as string)} is not a category seen in training; encoded as none of them`);
        } else out[offset + start[j] + slot] = 1;
      }
      if (tally) {
        if (outOfRange) tally.outOfRange++;
        if (unseen) tally.unseenCategory++;
        if (imputed) tally.imputed++;
      }
      return warnings;
    },
  };
}

/**
 * A training table (numbers, dates as epochs, category codes into each column's
 * `levels`, NaN for missing) through the fitted transformer: each row is handed to the
 * row encoder as the function would get it (the category's text, null for a gap), so
 * training and serving share one transform.
 */
export function encodeTable(inputs: readonly InputSpec[], columns: readonly { levels: readonly string[] }[], X: Matrix): Matrix {
  const encoder = createRowEncoder(inputs);
  const { width } = encoder;
  const out = new Float64Array(X.rows * width);
  const categorical = inputs.map((input) => input.type === 'categorical');
  const levels = columns.map((column) => column.levels);
  const row = new Array<RawValue>(inputs.length);
  for (let i = 0, at = 0; i < X.rows; i++) {
    for (let j = 0; j < inputs.length; j++, at++) {
      const value = X.data[at];
      row[j] = Number.isNaN(value) ? null : categorical[j] ? levels[j][value] : value;
    }
    encoder.encode(row, out, i * width, false);
  }
  return { data: out, rows: X.rows, cols: width };
}
