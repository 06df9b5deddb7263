// Raw rows (numbers, categories, nulls) to class probabilities: the fitted encoder,
// then the family's predictProba. The function, predict and the build's checks all
// score through here; training scores its typed tables through the same encoder rules.
import type { InputSpec } from '../artifact/model-parts.ts';
import { createRowEncoder, type RawValue, type RowEncoder, type WarningTally } from '../preprocess/encode.ts';
import { predictProba, type ScaledModel } from './inference.ts';

export interface PredictableModel extends ScaledModel {
  inputs: InputSpec[];
  classes: string[];
}

export interface Scored {
  /** rows × classes, row after row. */
  probabilities: Float64Array;
  /** Per row: imputed values, unseen categories, numbers outside the training range. */
  warnings: (string[] | undefined)[];
}

export interface Predictor {
  /** `tally` counts the rows with each kind of warning. */
  predict(rows: readonly (readonly RawValue[])[], tally?: WarningTally): Scored;
  /** For callers that encode row by row into their own buffer (predict's batches). */
  encoder: RowEncoder;
  predictEncoded(data: Float64Array, rows: number): Float64Array;
}

export function createPredictor(model: PredictableModel): Predictor {
  const encoder = createRowEncoder(model.inputs);
  const classCount = model.classes.length;
  const predictEncoded = (data: Float64Array, rows: number) => predictProba(model, { data, rows, cols: encoder.width }, classCount);
  let buffer = new Float64Array(encoder.width * 16);
  return {
    encoder,
    predictEncoded,
    predict(rows, tally) {
      if (buffer.length < rows.length * encoder.width) buffer = new Float64Array(rows.length * encoder.width);
      const warnings = new Array<string[] | undefined>(rows.length);
      for (let i = 0; i < rows.length; i++) warnings[i] = encoder.encode(rows[i], buffer, i * encoder.width, true, tally);
      return { probabilities: predictEncoded(buffer, rows.length), warnings };
    },
  };
}
