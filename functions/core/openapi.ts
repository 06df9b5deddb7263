// The model's API as an OpenAPI 3.1 document, made from what GET / says of the model
// (its features, limits, example): GET /openapi.json serves it, and the build writes it
// as artifacts/openapi.json. It lists the request shapes every cloud receives over HTTP
// (record, KServe, MLflow, text/csv: scripts/targets.ts), the task's answer (answers/),
// and the errors service.ts gives. Every byte
// here is in every archive: descriptions are short, and GET / has the rest.
import { STATUS_TEXT } from './http.ts';

type Schema = Record<string, unknown>;

/** What the document reads of GET /'s description of the model. */
export interface Described {
  model_version: string;
  target: string;
  features: { name: string; type: string; min?: unknown; max?: unknown; format?: string; categories?: string[]; rare_categories?: string[]; missing: { accepted: boolean } }[];
  ignored_columns?: string[];
  limits: { max_batch: number };
  csv: { missing: string[]; decimal: string };
  example_request: Record<string, unknown>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, example?: unknown) => ({ 'application/json': { schema, example } });
/** An object of exactly these properties, of which `required` must be present. */
const object = (required: string[], properties: Schema): Schema => ({ type: 'object', required, additionalProperties: false, properties });

export function openApiDocument(described: Described, prediction: Schema, keyed: boolean): Schema {
  const { features, example_request: example, model_version: version } = described;
  const names = features.map((feature) => feature.name);
  const schemaOf = Object.fromEntries(
    features.map(({ name, type, min, max, format, categories, rare_categories: rare = [], missing }) => {
      const kind = type === 'number' ? 'number' : 'string';
      const description = categories ? `one of: ${[...categories, ...rare].join(', ')}` : `${format ?? 'a number'}, trained on ${min} to ${max}`;
      return [name, { type: missing.accepted ? [kind, 'null'] : kind, description }];
    }),
  );
  const ignored = Object.fromEntries((described.ignored_columns ?? []).map((name) => [name, {}]));
  const rows = (items: Schema) => ({ type: 'array', minItems: 1, maxItems: described.limits.max_batch, items });
  const error = (status: number) => ({ description: STATUS_TEXT[status], content: json(ref('Error')) });
  const errors = Object.fromEntries([...(keyed ? [401] : []), 404, 405, 500].map((status) => [status, error(status)]));
  const modelVersion = { const: version };
  const predict = {
    requestBody: {
      required: true,
      content: {
        ...json({ oneOf: [ref('Record'), ref('KServe'), ref('MLflow')] }, example),
        'text/csv': { schema: { type: 'string', description: `missing: ${JSON.stringify(described.csv.missing)}; decimal ${described.csv.decimal}` }, example: `${names}\n${names.map((name) => example[name])}\n` },
      },
    },
    responses: { 200: { description: 'OK', content: json({ oneOf: [ref('Answer'), ref('Batch')] }) }, 400: error(400), 413: error(413), 415: error(415), ...errors },
  };
  const get = { responses: { 200: { description: 'OK', content: json({ type: 'object' }) }, ...errors } };
  return {
    openapi: '3.1.0',
    info: { title: `predicts ${described.target}`, version },
    paths: { '/': { get, post: predict }, '/predict': { post: predict }, '/invocations': { post: predict }, '/openapi.json': { get }, '/health': { get: { security: [], responses: { 200: { description: 'OK' } } } } },
    components: {
      schemas: {
        Record: object(names, { ...ignored, ...schemaOf }),
        Row: { type: 'array', prefixItems: names.map((name) => schemaOf[name]), minItems: names.length, maxItems: names.length },
        KServe: object(['instances'], { instances: rows({ oneOf: [ref('Record'), ref('Row')] }) }),
        MLflow: {
          oneOf: [
            object(['dataframe_split'], { dataframe_split: object(['columns', 'data'], { columns: { type: 'array', items: { enum: [...names, ...Object.keys(ignored)] } }, data: rows({ type: 'array' }), index: {} }) }),
            object(['dataframe_records'], { dataframe_records: rows(ref('Record')) }),
            object(['inputs'], { inputs: { oneOf: [rows(ref('Record')), object(names, Object.fromEntries(names.map((name) => [name, rows(schemaOf[name])])))] } }),
          ],
        },
        Prediction: prediction,
        Answer: { allOf: [ref('Prediction')], required: ['model_version'], properties: { model_version: modelVersion } },
        Batch: { type: 'object', required: ['predictions', 'model_version'], properties: { predictions: { type: 'array', items: ref('Prediction') }, model_version: modelVersion } },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array' } } } } },
      },
      ...(keyed ? { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
    ...(keyed ? { security: [{ apiKey: [] }, { bearer: [] }] } : {}),
  };
}
