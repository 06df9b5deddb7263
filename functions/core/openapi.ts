// The model's API as an OpenAPI 3.1 document, from the serving model: GET /openapi.json
// serves it, and the build writes it as artifacts/openapi.json. It lists the request
// shapes of the contracts the archive carries, each feature's type and training range or
// categories, the task's answer (answers/), and the errors service.ts gives.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { formatIsoDate } from '../../pipeline/data/dates.ts';
import type { Answerer } from './answers/answer.ts';
import { CONTRACTS } from './contracts/index.ts';
import { exampleRecord } from './example.ts';

type Schema = Record<string, unknown>;
export interface OpenApiOptions {
  /** Whether requests must carry the API key (API_KEY is set). */
  keyed: boolean;
  maxBatch: number;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, example?: unknown) => ({ 'application/json': example === undefined ? { schema } : { schema, example } });
/** An object of exactly these properties, of which `required` must be present. */
const object = (required: string[], properties: Schema): Schema => ({ type: 'object', required, additionalProperties: false, properties });

export function openApiDocument(model: ServingModel, answerer: Pick<Answerer, 'schema'>, { keyed, maxBatch }: OpenApiOptions): Schema {
  const names = model.inputs.map((input) => input.name);
  const has = (name: string) => CONTRACTS.some((contract) => contract.name === name);
  const feature = ({ name, type, min, max, mean, categories, infrequent, impute, time }: ServingModel['inputs'][number]): Schema => {
    const missing = impute ? `; null is imputed with ${impute.strategy}` : '';
    const nullable = (kind: string) => (impute ? [kind, 'null'] : kind);
    if (type === 'numeric') return { type: nullable('number'), description: `trained on ${min} to ${max}, mean ${mean}${missing}` };
    if (type === 'date') {
      const [from, to] = [formatIsoDate(min!, time === true), formatIsoDate(max!, time === true)];
      return { type: nullable('string'), description: `ISO 8601 date${time ? '-time' : ''}, trained on ${from} to ${to}${missing}` };
    }
    const known = [...(categories ?? []), ...(infrequent ?? [])];
    return { type: nullable('string'), description: `one of: ${known.join(', ')} (another is none of them)${missing}` };
  };
  const features = Object.fromEntries(model.inputs.map((input) => [input.name, feature(input)]));
  const ignored = Object.fromEntries((model.ignoredColumns ?? []).map((name) => [name, { description: 'ignored' }]));
  const rows = (items: Schema) => ({ type: 'array', minItems: 1, maxItems: maxBatch, items });
  const bodies: Schema[] = [ref('Record')];
  if (has('kserve')) bodies.push(ref('KServe'));
  if (has('mlflow')) bodies.push(ref('MLflow'));
  const example = exampleRecord(model);
  const prediction = answerer.schema();
  const version = { type: 'string', const: model.modelVersion };
  const schemas: Record<string, Schema> = {
    Record: object(names, { ...ignored, ...features }),
    Row: { type: 'array', prefixItems: names.map((name) => features[name]), minItems: names.length, maxItems: names.length },
    KServe: object(['instances'], { instances: rows({ oneOf: [ref('Record'), ref('Row')] }) }),
    MLflow: {
      oneOf: [
        object(['dataframe_split'], { dataframe_split: object(['columns', 'data'], { columns: { type: 'array', items: { enum: [...names, ...Object.keys(ignored)] } }, data: rows({ type: 'array' }), index: { type: 'array' } }) }),
        object(['dataframe_records'], { dataframe_records: rows(ref('Record')) }),
        object(['inputs'], { inputs: { oneOf: [rows(ref('Record')), object(names, Object.fromEntries(names.map((name) => [name, rows(features[name])])))] } }),
      ],
    },
    Prediction: prediction,
    Answer: { type: 'object', required: [...(prediction.required as string[]), 'model_version'], properties: { ...(prediction.properties as Schema), model_version: version } },
    Batch: { type: 'object', required: ['predictions', 'model_version'], properties: { predictions: { type: 'array', items: ref('Prediction') }, model_version: version } },
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string', description: 'invalid_json, invalid_csv, invalid_request, unauthorized, not_found, method_not_allowed, too_large, unsupported_media_type, internal' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } },
        },
      },
    },
  };
  const error = (description: string) => ({ description, content: json(ref('Error')) });
  const errors: Record<string, unknown> = {
    ...(keyed ? { 401: error('no or wrong API key') } : {}),
    404: error('no such path'),
    405: error('method not allowed'),
    500: error('internal error'),
  };
  const requestBody = {
    required: true,
    content: {
      ...json({ oneOf: bodies }, example),
      ...(has('csv') ? { 'text/csv': { schema: { type: 'string', description: `a header row of feature names, then a row per record; missing: ${JSON.stringify(model.cells.missing)}; decimal "${model.cells.decimal}"` }, example: `${names.join(',')}\n${names.map((name) => example[name] ?? '').join(',')}\n` } } : {}),
    },
  };
  const predict = {
    summary: 'predict: an answer to a record, a batch to a batch',
    requestBody,
    responses: {
      200: { description: 'predictions', content: json({ oneOf: [ref('Answer'), ref('Batch')] }) },
      400: error('not JSON or CSV, or not the input schema'),
      413: error('too large: MAX_BODY_BYTES, MAX_BATCH, MAX_ANSWER_BYTES'),
      415: error('not application/json or text/csv (UTF-8), or compressed'),
      ...errors,
    },
  };
  const get = (summary: string, schema: Schema) => ({ summary, responses: { 200: { description: summary, content: json(schema) }, ...errors } });
  return {
    openapi: '3.1.0',
    info: { title: `${model.target} (${model.task}, ${model.summary.family})`, version: model.modelVersion },
    paths: {
      '/': { get: get('the model', { type: 'object' }), post: predict },
      '/predict': { post: predict },
      '/invocations': { post: predict },
      '/v1/models/{model}:predict': { parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }], post: predict },
      '/openapi.json': { get: get('this document', { type: 'object' }) },
      '/health': { get: { security: [], responses: { 200: { description: 'up', content: json({ type: 'object', properties: { status: { const: 'ok' }, model_version: version } }) } } } },
    },
    components: {
      schemas,
      ...(keyed ? { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
    ...(keyed ? { security: [{ apiKey: [] }, { bearer: [] }] } : {}),
  };
}
