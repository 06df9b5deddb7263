// GET /'s description of the model: its features (types, training ranges, categories,
// what a missing value becomes), metrics, family and an example request; a deployment adds
// its limits and request shapes. model.mjs's describe() gives the same without those two.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { formatIsoDate } from '../../pipeline/data/dates.ts';
import type { RawValue } from '../../pipeline/preprocess/encode.ts';

/** What an HTTP deployment adds: its limits and the request shapes its cloud receives. */
export interface Served {
  limits: { max_batch: number; max_body_bytes: number; max_answer_bytes: number };
  shapes: string[];
}

export function describeModel(model: ServingModel, taskDescription: Record<string, unknown>, served: Served): Description & { limits: Served['limits']; request_shapes: string[] };
export function describeModel(model: ServingModel, taskDescription: Record<string, unknown>): Description;
export function describeModel(model: ServingModel, taskDescription: Record<string, unknown>, served?: Served) {
  return describe(model, taskDescription, served);
}
type Description = Omit<ReturnType<typeof describe>, 'limits' | 'request_shapes'>;

function describe(model: ServingModel, taskDescription: Record<string, unknown>, served?: Served) {
  const { answer, ...task } = taskDescription;
  const example: Record<string, RawValue> = {};
  const features = model.inputs.map((input) => {
    const time = input.time === true;
    const imputed = input.type === 'categorical' ? input.impute?.category : input.type === 'date' ? formatIsoDate(input.impute?.value ?? 0, time) : input.impute?.value;
    const missing = input.impute ? { accepted: true, imputed_with: imputed, strategy: input.impute.strategy } : { accepted: false };
    if (input.type === 'numeric') {
      example[input.name] = Number(input.mean!.toPrecision(3));
      return { name: input.name, type: 'number', min: input.min, max: input.max, mean: input.mean, std: input.std, missing };
    }
    if (input.type === 'date') {
      example[input.name] = formatIsoDate(input.max!, time);
      return { name: input.name, type: 'date', format: time ? 'ISO 8601 date-time (2015-06-01T13:45)' : 'ISO 8601 date (2015-06-01)', min: formatIsoDate(input.min!, time), max: formatIsoDate(input.max!, time), missing };
    }
    example[input.name] = input.impute?.category ?? input.categories![0] ?? input.infrequent![0];
    return {
      name: input.name,
      type: 'string',
      categories: input.categories,
      ...(input.infrequent ? { rare_categories: input.infrequent } : {}),
      missing,
      unknown_category: 'predicted as none of the known categories, with a warning',
    };
  });
  return {
    model_version: model.modelVersion,
    target: model.target,
    ...task,
    features,
    /** Accepted in a request and ignored: the training file's label, ids and dropped columns. */
    ignored_columns: model.ignoredColumns,
    metrics: {
      scoring: model.summary.scoring,
      cv_mean: model.summary.cvMean ?? null,
      cv_std: model.summary.cvStd ?? null,
      test: model.summary.test === undefined ? null : (JSON.parse(model.summary.test) as unknown),
      test_rows: model.summary.testRows,
    },
    model: {
      family: model.summary.family,
      params: JSON.parse(model.summary.params) as unknown,
      scaler: model.summary.scaler,
      kind: (model.classifier ?? model.regressor).kind,
      trained_on_rows: model.summary.trainRows,
      ...(model.summary.source === undefined ? {} : { source: model.summary.source }),
    },
    ...(served && { limits: served.limits }),
    /** How a text/csv body's cells are read, as the training file's were: its missing-value markers and decimal separator. */
    csv: model.cells,
    example_request: example,
    ...(served && { request_shapes: served.shapes }),
    answer,
  };
}
