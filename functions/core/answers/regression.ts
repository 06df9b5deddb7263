// A regressor's answers: for each row {"prediction": 24.31} and its warnings. A number
// outside the target's training range is answered as it is: extrapolation is not an error.
import type { ModelCoreFields, RegressorFields } from '../../../pipeline/artifact/model-parts.ts';
import { createPredictor } from '../../../pipeline/models/predictor.ts';
import { envelopes, WARNINGS_SCHEMA, type Answerer, type ValuePrediction } from './answer.ts';

export function regressionAnswerer(model: ModelCoreFields & RegressorFields): Answerer {
  const predictor = createPredictor(model);
  const fields = (row: unknown): string => {
    const prediction = row as ValuePrediction;
    let text = `"prediction":${prediction.prediction}`;
    if (prediction.warnings) text += `,"warnings":${JSON.stringify(prediction.warnings)}`;
    return text;
  };
  const { single, batch } = envelopes(model.modelVersion, fields);
  return {
    // The number (at most 24 characters) and the fixed fields.
    rowBytes: 48,
    predict(rows, tally) {
      const { outputs, warnings } = predictor.predict(rows, tally);
      return rows.map((_, i) => {
        const value = outputs[i];
        // Never a NaN or an infinity in an answer (they are not JSON): every kind keeps its sums finite, and this says so if one did not.
        if (!Number.isFinite(value)) throw new Error(`the model gave a prediction of ${value} for row ${i}`);
        const prediction: ValuePrediction = { prediction: value };
        if (warnings[i]) prediction.warnings = warnings[i];
        return prediction;
      });
    },
    single,
    batch,
    fields,
    modelWords: 'this regression model',
    schema: () => ({
      type: 'object',
      required: ['prediction'],
      properties: { prediction: { type: 'number' }, warnings: WARNINGS_SCHEMA },
    }),
    description: () => ({
      task: 'regression',
      target_range: { ...model.targetStats, note: "the training part's target; a prediction outside it is answered, not refused" },
      answer: "prediction is the model's number for the row; warnings, when present, say what was imputed or outside the training range",
    }),
    reply: (row, output) => (output === 'json' ? single(row) : String((row as ValuePrediction).prediction)),
  };
}
