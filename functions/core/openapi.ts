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
      const nullable = missing.accepted ? [{ type: 'null' }] : [];
      // A category the model was not trained on is accepted (and answered with a warning), as is
      // a value outside the training range: neither is an enum or a minimum/maximum alone.
      if (categories) return [name, { anyOf: [{ enum: [...categories, ...rare] }, { type: 'string', description: 'another category: accepted, with a warning' }, ...nullable] }];
      const kind = type === 'number' ? 'number' : 'string';
      return [name, { type: missing.accepted ? [kind, 'null'] : kind, description: `${format ?? 'a number'}, trained on ${min} to ${max} (outside: a warning)`, 'x-training-range': [min, max] }];
    }),
  );
  const ignored = Object.fromEntries((described.ignored_columns ?? []).map((name) => [name, {}]));
  const rows = (items: Schema) => ({ type: 'array', maxItems: described.limits.max_batch, items });
  // What a documented operation can answer besides 200 (never a 404 or a 405).
  const errors = (...statuses: number[]) => Object.fromEntries([...statuses, ...(keyed ? [401] : []), 500].map((status) => [status, { description: STATUS_TEXT[status], content: json(ref('Error')) }]));
  const modelVersion = { const: version };
  const predict = {
    requestBody: {
      required: true,
      content: {
        ...json({ oneOf: [ref('Record'), ref('KServe'), ref('MLflow')] }, example),
        'text/csv': { schema: { type: 'string' }, example: `${names}\n${names.map((name) => example[name])}\n` },
      },
    },
    responses: { 200: { description: 'OK', content: json({ oneOf: [ref('Answer'), ref('Batch')] }) }, ...errors(400, 413, 415) },
  };
  const get = { responses: { 200: { description: 'OK' }, ...errors() } };
  return {
    openapi: '3.1.0',
    info: { title: described.target, version },
    paths: { '/': { get, post: predict } }, // and POST /predict, /invocations, /v1/models/<name>:predict; GET /health, /openapi.json
    components: {
      schemas: {
        Record: object(names, { ...ignored, ...schemaOf }),
        Row: { type: 'array', prefixItems: names.map((name) => schemaOf[name]), minItems: names.length, maxItems: names.length },
        KServe: object(['instances'], { instances: rows({ oneOf: [ref('Record'), ref('Row')] }) }),
        MLflow: {
          oneOf: [
            object(['dataframe_split'], { dataframe_split: object(['columns', 'data'], { columns: { type: 'array', items: { enum: [...names, ...Object.keys(ignored)] } }, data: rows({ type: 'array' }), index: {} }) }),
            object(['dataframe_records'], { dataframe_records: rows(ref('Record')) }),
            // Or {"<feature>": [values], ...}: one list per feature.
            object(['inputs'], { inputs: { oneOf: [rows(ref('Record')), { type: 'object', required: names }] } }),
          ],
        },
        Prediction: prediction,
        Answer: { allOf: [ref('Prediction')], required: ['model_version'], properties: { model_version: modelVersion } },
        Batch: { type: 'object', required: ['predictions', 'model_version'], properties: { predictions: { type: 'array', items: ref('Prediction') }, model_version: modelVersion } },
        // code and message, and for a 400 the issues: [{path, message}] (README).
        Error: { type: 'object', required: ['error'], properties: { error: { required: ['code', 'message'] } } },
      },
      ...(keyed ? { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
    ...(keyed ? { security: [{ apiKey: [] }, { bearer: [] }] } : {}),
  };
}
