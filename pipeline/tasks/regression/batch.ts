// A regressor's scored CSV column: the prediction.
import type { BatchColumns, Described } from '../batch.ts';

export function regressionColumns(_model: Described, free: (name: string) => string): BatchColumns {
  return {
    names: [free('prediction')],
    fromOutputs: (outputs, row) => [String(outputs[row])],
    fromAnswer: (answer) => [String(answer.prediction)],
  };
}
