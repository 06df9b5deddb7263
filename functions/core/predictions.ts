// Rows to the predictions the function answers, and those predictions as JSON text:
// for a classifier the class, its label and every class's probability; the warnings of
// each row. Every request shape (contracts) answers through here, so that a row is
// predicted and written the same way whatever shape asked for it.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { argmax } from '../../pipeline/models/argmax.ts';
import { createPredictor } from '../../pipeline/models/predictor.ts';
import type { RawValue, WarningTally } from '../../pipeline/preprocess/encode.ts';

export interface ClassPrediction {
  /** The class's index in `classes` (GET /), as scikit-learn's predict gives it when labels are 0…k-1. */
  predicted_class: number;
  /** The class itself: a number when the labels are whole numbers. */
  label: string | number;
  probabilities: Record<string, number>;
  warnings?: string[];
}

export type RowPrediction = ClassPrediction;

/**
 * What a warehouse function answers for a row (BigQuery, Redshift, Snowflake): the label,
 * the predicted class's probability, or the whole prediction as the one-record answer.
 */
export type OutputKind = 'label' | 'probability' | 'json';
export const OUTPUT_KINDS: readonly OutputKind[] = ['label', 'probability', 'json'];

export interface Answerer {
  /** At least the bytes one row's answer takes without its warnings: a request's answer size is known before it is scored. */
  rowBytes: number;
  predict(rows: RawValue[][], tally?: WarningTally): RowPrediction[];
  /** The answer to one record, or to a batch, as JSON text with the model version. */
  single(prediction: RowPrediction): string;
  batch(predictions: RowPrediction[]): string;
  /** The one value a row answers as JSON text: a label or number, or for "json" the one-record answer's object. */
  reply(prediction: RowPrediction, output: OutputKind): string;
  /** The prediction's fields as JSON members, without braces: for answers that add them to something else. */
  fields(prediction: RowPrediction): string;
}

export function createAnswerer(model: ServingModel): Answerer {
  const { classes, modelVersion } = model;
  const predictor = createPredictor(model);
  const labels: (string | number)[] = model.labelType === 'integer' ? classes.map(Number) : classes;
  const classCount = classes.length;
  // The JSON written directly: ~5x faster than JSON.stringify on these objects (0.15 vs 0.8 ms
  // for 1000 rows). Strings go through JSON.stringify; numbers are finite, and String(number)
  // is exactly what JSON.stringify writes for them.
  const labelTexts = labels.map((label) => JSON.stringify(label));
  const keys = classes.map((label) => `${JSON.stringify(label)}:`);
  const versionField = `"model_version":${JSON.stringify(modelVersion)}`;
  const fields = (prediction: RowPrediction): string => {
    let text = `"predicted_class":${prediction.predicted_class},"label":${labelTexts[prediction.predicted_class]},"probabilities":{`;
    for (let k = 0; k < classCount; k++) text += `${k > 0 ? ',' : ''}${keys[k]}${prediction.probabilities[classes[k]]}`;
    text += '}';
    if (prediction.warnings) text += `,"warnings":${JSON.stringify(prediction.warnings)}`;
    return text;
  };
  return {
    // Every class's key and number (at most 24 characters: 1.2345678901234567e-123), the longest label, the fixed fields.
    rowBytes: 64 + keys.reduce((sum, key) => sum + key.length + 25, 0) + labelTexts.reduce((longest, label) => Math.max(longest, label.length), 0),
    predict(rows, tally) {
      const { probabilities, warnings } = predictor.predict(rows, tally);
      return rows.map((_, i) => {
        const offset = i * classCount;
        const predictedClass = argmax(probabilities, offset, classCount);
        // Class names are never "__proto__" (modelShapeProblems refuses it), so plain assignment is safe.
        const byLabel: Record<string, number> = {};
        for (let k = 0; k < classCount; k++) {
          const probability = probabilities[offset + k];
          // Never a NaN in an answer (it is not JSON): every kind keeps its sums finite, and this says so if one did not.
          if (!(probability >= 0 && probability <= 1)) throw new Error(`the model gave a probability of ${probability} for row ${i}`);
          byLabel[classes[k]] = probability;
        }
        const prediction: RowPrediction = { predicted_class: predictedClass, label: labels[predictedClass], probabilities: byLabel };
        if (warnings[i]) prediction.warnings = warnings[i];
        return prediction;
      });
    },
    single: (prediction) => `{${fields(prediction)},${versionField}}`,
    fields,
    // A regression's { prediction } (to come) answers both scalar outputs: it has no class to be sure of.
    reply: (prediction, output) =>
      output === 'label' ? labelTexts[prediction.predicted_class] : output === 'probability' ? String(prediction.probabilities[classes[prediction.predicted_class]]) : `{${fields(prediction)},${versionField}}`,
    batch: (predictions) => {
      let text = '{"predictions":[';
      for (let i = 0; i < predictions.length; i++) text += `${i > 0 ? ',' : ''}{${fields(predictions[i])}}`;
      return `${text}],${versionField}}`;
    },
  };
}
