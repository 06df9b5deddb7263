// Rows to the predictions the function answers, and those predictions as JSON text: for
// a classifier the class, its label and every class's probability; for a regressor the
// number; the warnings of each row. Every request shape (contracts) answers through
// here, so that a row is predicted and written the same way whatever shape asked for it.
// Each task's answerer is its own module (answers/); the build keeps only the model's.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { ANSWERERS } from './answers/index.ts';
import type { Answerer } from './answers/answer.ts';

export type { Answerer, ClassPrediction, OutputKind, RowPrediction, ValuePrediction } from './answers/answer.ts';
export { OUTPUT_KINDS } from './answers/answer.ts';

export function createAnswerer(model: ServingModel): Answerer {
  const create = (ANSWERERS as Record<string, (model: ServingModel) => Answerer>)[model.task];
  if (!create) throw new Error(`this build does not answer for a ${model.task} model`);
  return create(model);
}
