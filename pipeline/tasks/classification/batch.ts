// A classifier's scored CSV columns: the predicted label, then each class's probability.
import { argmax } from '../../models/argmax.ts';
import type { BatchColumns, Described } from '../batch.ts';

export function classificationColumns(model: Described, free: (name: string) => string): BatchColumns {
  const classes = model.classes!;
  const width = classes.length;
  return {
    names: [free('label'), ...classes.map((name) => `probability_${name}`)],
    fromOutputs(outputs, row) {
      const offset = row * width;
      const cells = [classes[argmax(outputs, offset, width)]];
      for (let k = 0; k < width; k++) cells.push(String(outputs[offset + k]));
      return cells;
    },
    fromAnswer: (answer) => [String(answer.label), ...classes.map((label) => String(answer.probabilities?.[label]))],
  };
}
