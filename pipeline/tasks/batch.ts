// The scored CSV's columns after the input's, per task (tasks/*/batch.ts): a class's
// label and each class's probability, or the prediction. npm run predict writes them
// from the model's outputs, invoke --file from the function's answers: the same
// columns either way.
import type { ModelCoreFields } from '../artifact/model-parts.ts';
import { classificationColumns } from './classification/batch.ts';
import { regressionColumns } from './regression/batch.ts';

export type Described = Pick<ModelCoreFields, 'task' | 'classes' | 'target'>;

/** A row's answer from the function, as any request shape gives it. */
export interface RowAnswer {
  label?: string | number;
  probabilities?: Record<string, number>;
  prediction?: number;
}

export interface BatchColumns {
  names: string[];
  /** Row `row`'s cells from the outputs (the predictor's width per row). */
  fromOutputs(outputs: Float64Array, row: number): string[];
  /** A row's cells from the function's answer for it. */
  fromAnswer(answer: RowAnswer): string[];
}

const COLUMNS = { classification: classificationColumns, regression: regressionColumns };

/** The output columns for a model; `free` names a column so as not to repeat an input's ("label" becomes "predicted_label"). */
export function batchColumns(model: Described, inputHeader: readonly string[]): BatchColumns {
  return COLUMNS[model.task](model, (name) => (inputHeader.includes(name) ? `predicted_${name}` : name));
}
