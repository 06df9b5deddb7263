// Raw rows (numbers, categories, dates, nulls) to the model's outputs: the fitted
// encoder, then the task's one prediction function (predictProba, or its regression
// twin). The function, predict, drift and the build's checks all score through here;
// training scores its typed tables through the same encoder rules.
import type { ModelCoreFields } from '../artifact/model-parts.ts';
import { createRowEncoder, type RawValue, type RowEncoder, type WarningTally } from '../preprocess/encode.ts';
import { SERVING_TASKS } from '../tasks/serving.ts';

export interface Scored {
  /** rows × width, row after row: each class's probability, or the prediction. */
  outputs: Float64Array;
  /** Per row: imputed values, unseen categories, numbers outside the training range. */
  warnings: (string[] | undefined)[];
}

export interface Predictor {
  /** Outputs per row: the classes' count, or 1. */
  width: number;
  /** `tally` counts the rows with each kind of warning. */
  predict(rows: readonly (readonly RawValue[])[], tally?: WarningTally): Scored;
  /** For callers that encode row by row into their own buffer (predict's batches). */
  encoder: RowEncoder;
  predictEncoded(data: Float64Array, rows: number): Float64Array;
}

export function createPredictor(model: ModelCoreFields): Predictor {
  const encoder = createRowEncoder(model.inputs);
  const task = SERVING_TASKS[model.task] as { outputs(model: ModelCoreFields, data: Float64Array, rows: number, width: number): Float64Array; width(model: ModelCoreFields): number };
  const predictEncoded = (data: Float64Array, rows: number) => task.outputs(model, data, rows, encoder.width);
  let buffer = new Float64Array(encoder.width * 16);
  return {
    width: task.width(model),
    encoder,
    predictEncoded,
    predict(rows, tally) {
      if (buffer.length < rows.length * encoder.width) buffer = new Float64Array(rows.length * encoder.width);
      const warnings = new Array<string[] | undefined>(rows.length);
      for (let i = 0; i < rows.length; i++) warnings[i] = encoder.encode(rows[i], buffer, i * encoder.width, true, tally);
      return { outputs: predictEncoded(buffer, rows.length), warnings };
    },
  };
}
