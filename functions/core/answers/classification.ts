// A classifier's answers: for each row the class, its label and every class's
// probability, and the row's warnings.
import type { ClassifierFields, ModelCoreFields } from '../../../pipeline/artifact/model-parts.ts';
import { argmax } from '../../../pipeline/models/argmax.ts';
import { createPredictor } from '../../../pipeline/models/predictor.ts';
import { envelopes, WARNINGS_SCHEMA, type Answerer, type ClassPrediction } from './answer.ts';

export function classificationAnswerer(model: ModelCoreFields & ClassifierFields): Answerer {
  const { classes } = model;
  const predictor = createPredictor(model);
  const labels: (string | number)[] = model.labelType === 'integer' ? classes.map(Number) : classes;
  const classCount = classes.length;
  // The JSON written directly: ~5x faster than JSON.stringify on these objects (0.15 vs 0.8 ms
  // for 1000 rows). Strings go through JSON.stringify; numbers are finite, and String(number)
  // is exactly what JSON.stringify writes for them.
  const labelTexts = labels.map((label) => JSON.stringify(label));
  const keys = classes.map((label) => `${JSON.stringify(label)}:`);
  const fields = (row: unknown): string => {
    const prediction = row as ClassPrediction;
    let text = `"predicted_class":${prediction.predicted_class},"label":${labelTexts[prediction.predicted_class]},"probabilities":{`;
    for (let k = 0; k < classCount; k++) text += `${k > 0 ? ',' : ''}${keys[k]}${prediction.probabilities[classes[k]]}`;
    text += '}';
    if (prediction.warnings) text += `,"warnings":${JSON.stringify(prediction.warnings)}`;
    return text;
  };
  const { single, batch } = envelopes(model.modelVersion, fields);
  return {
    // Every class's key and number (at most 24 characters: 1.2345678901234567e-123), the longest label, the fixed fields.
    rowBytes: 64 + keys.reduce((sum, key) => sum + key.length + 25, 0) + labelTexts.reduce((longest, label) => Math.max(longest, label.length), 0),
    predict(rows, tally) {
      const { outputs: probabilities, warnings } = predictor.predict(rows, tally);
      return rows.map((_, i) => {
        const offset = i * classCount;
        const predictedClass = argmax(probabilities, offset, classCount);
        // Class names are never "__proto__" (the model's checks refuse it), so plain assignment is safe.
        const byLabel: Record<string, number> = {};
        for (let k = 0; k < classCount; k++) {
          const probability = probabilities[offset + k];
          // Never a NaN in an answer (it is not JSON): every kind keeps its sums finite, and this says so if one did not.
          if (!(probability >= 0 && probability <= 1)) throw new Error(`the model gave a probability of ${probability} for row ${i}`);
          byLabel[classes[k]] = probability;
        }
        const prediction: ClassPrediction = { predicted_class: predictedClass, label: labels[predictedClass], probabilities: byLabel };
        if (warnings[i]) prediction.warnings = warnings[i];
        return prediction;
      });
    },
    single,
    batch,
    fields,
    modelWords: `this ${classCount}-class model`,
    schema: () => {
      const probability = { type: 'number', minimum: 0, maximum: 1 };
      return {
        type: 'object',
        required: ['predicted_class', 'label', 'probabilities'],
        properties: {
          predicted_class: { type: 'integer' },
          label: { enum: labels },
          probabilities: { type: 'object', required: classes, additionalProperties: false, properties: Object.fromEntries(classes.map((label) => [label, probability])) },
          warnings: WARNINGS_SCHEMA,
        },
      };
    },
    description: () => ({
      task: 'classification',
      classes: labels,
      answer: 'predicted_class is the index of label in classes; probabilities are keyed by class',
    }),
    reply(row, output) {
      const prediction = row as ClassPrediction;
      if (output === 'label') return labelTexts[prediction.predicted_class];
      if (output === 'probability') return String(prediction.probabilities[classes[prediction.predicted_class]]);
      return single(prediction);
    },
  };
}
