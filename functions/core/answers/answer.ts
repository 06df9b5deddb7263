// What every task's answerer gives the request contracts: rows to predictions, and those
// predictions as JSON text. A contract never looks inside a prediction; it asks the
// answerer for the one-record answer, a batch, a row's fields or a warehouse's scalar.
import type { RawValue, WarningTally } from '../../../pipeline/preprocess/encode.ts';

/** A classifier's answer for a row: the class's index, its label and every class's probability. */
export interface ClassPrediction {
  /** The class's index in `classes` (GET /), as scikit-learn's predict gives it when labels are 0…k-1. */
  predicted_class: number;
  /** The class itself: a number when the labels are whole numbers. */
  label: string | number;
  probabilities: Record<string, number>;
  warnings?: string[];
}

/** A regressor's answer for a row: the predicted number (outside the target's training range is not an error). */
export interface ValuePrediction {
  prediction: number;
  warnings?: string[];
}

export type RowPrediction = ClassPrediction | ValuePrediction;

/**
 * What a warehouse function answers for a row (BigQuery, Redshift, Snowflake): the label,
 * the predicted class's probability, or the whole prediction as the one-record answer.
 * A regressor answers its prediction for both scalar outputs: it has no class to be sure of.
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
  /** What GET / says of the task: its classes, or the target's training range, and how a row is answered. */
  description(): Record<string, unknown>;
  /** A row's prediction as JSON Schema (2020-12), for the OpenAPI document (openapi.ts). */
  schema(): Record<string, unknown>;
  /** How a refusal of too many rows names the model ("this 3-class model"). */
  modelWords: string;
}

/** The parts every answerer shares: the one-record answer and the batch around a row's fields. */
export function envelopes(modelVersion: string, fields: (prediction: RowPrediction) => string) {
  const versionField = `"model_version":${JSON.stringify(modelVersion)}`;
  return {
    single: (prediction: RowPrediction) => `{${fields(prediction)},${versionField}}`,
    batch: (predictions: RowPrediction[]) => {
      let text = '{"predictions":[';
      for (let i = 0; i < predictions.length; i++) text += `${i > 0 ? ',' : ''}{${fields(predictions[i])}}`;
      return `${text}],${versionField}}`;
    },
  };
}

/** The warnings a row's answer may carry, as JSON Schema. */
export const WARNINGS_SCHEMA = { type: 'array', items: { type: 'string' } };
