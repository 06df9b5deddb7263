// GET /openapi.json and the build's artifacts/openapi.json: a valid OpenAPI 3.1 document
// (checked by @seriousme/openapi-schema-validator), whose schemas (compiled by ajv as
// JSON Schema 2020-12) accept the documented samples and the service's real answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf, type ServingModel } from '../pipeline/artifact/serving-model.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { irisRows, TEST_ENVIRONMENT, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const irisArtifact = await trainIrisArtifact();
const iris = servingModelOf(irisArtifact);
// A regressor of a date, a category with missing values, and a number.
const mixedCsv = `when,color,x,y\n${Array.from({ length: 60 }, (_, i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')},${i % 7 === 0 ? '' : ['red', 'green', 'blue'][i % 3]},${(i * 0.37) % 5},${((i * 1.37) % 7 + i * 0.11).toFixed(3)}`).join('\n')}\n`;
const mixed = servingModelOf(
  (await trainModel(parseCsvDataset(Buffer.from(mixedCsv), 'mixed.csv'), { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid: { linear_regression: [{ scaler: ['standard'] }] } as never, jobs: 1, environment: TEST_ENVIRONMENT })).artifact,
);

const KEY = 'k-123';
const serviceOf = (model: ServingModel, env: Record<string, string> = {}) => createPredictionService(model, readConfig(env), () => {});
const send = (service: ReturnType<typeof serviceOf>, method: string, path: string, headers: Record<string, string>, body?: string) => {
  const response = service.handle({ method, path, headers, body });
  return { ...response, json: JSON.parse(response.body) };
};

type Doc = Record<string, any>;
/** The document after the validator, its $refs resolved, and an ajv for its schemas. */
async function checked(doc: unknown) {
  const validator = new Validator();
  // A copy: resolveRefs() resolves the references in place.
  const result = await validator.validate(structuredClone(doc) as Doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors));
  assert.equal(validator.version, '3.1');
  const resolved = validator.resolveRefs() as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const conforms = (schema: object, value: unknown, what: string) => {
    const validate = ajv.compile(schema);
    assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value).slice(0, 300)}`);
  };
  const rejects = (schema: object, value: unknown, what: string) => assert.equal(ajv.compile(schema)(value), false, `${what} should not conform`);
  return { resolved, conforms, rejects };
}

/** Every documented sample, sent to the service: the requests and answers conform to the document. */
async function assertSamplesConform(model: ServingModel, env: Record<string, string>, headers: Record<string, string>) {
  const service = serviceOf(model, env);
  const served = send(service, 'GET', '/openapi.json', headers);
  assert.equal(served.status, 200, served.body);
  assert.equal(served.headers['content-type'], 'application/json; charset=utf-8');
  const { resolved, conforms, rejects } = await checked(served.json);
  const post = resolved.paths['/'].post;
  const jsonBody = post.requestBody.content['application/json'];
  const answer = post.responses['200'].content['application/json'].schema;
  const error = post.responses['400'].content['application/json'].schema;
  const example = jsonBody.example as Record<string, unknown>;
  conforms(jsonBody.schema, example, 'the documented example request');
  const single = send(service, 'POST', '/', { ...headers, 'content-type': 'application/json' }, JSON.stringify(example));
  assert.equal(single.status, 200, single.body);
  conforms(answer, single.json, 'the answer to the example');
  conforms(resolved.components.schemas.Answer, single.json, 'the one-record answer');

  const names = model.inputs.map((input) => input.name);
  const batches = [
    { instances: [example, names.map((name) => example[name])] },
    { dataframe_split: { columns: names, data: [names.map((name) => example[name])] } },
    { dataframe_records: [example, example] },
    { inputs: [example] },
    { inputs: Object.fromEntries(names.map((name) => [name, [example[name], example[name]]])) },
  ];
  for (const body of batches) {
    conforms(jsonBody.schema, body, `request ${Object.keys(body)[0]}`);
    const batch = send(service, 'POST', '/', { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));
    assert.equal(batch.status, 200, batch.body);
    conforms(resolved.components.schemas.Batch, batch.json, `answer to ${Object.keys(body)[0]}`);
  }
  const csv = post.requestBody.content['text/csv'];
  const csvAnswer = send(service, 'POST', '/', { ...headers, 'content-type': 'text/csv' }, csv.example);
  assert.equal(csvAnswer.status, 200, csvAnswer.body);
  conforms(answer, csvAnswer.json, 'the answer to the CSV example');

  // A typo is refused by the service and by the schema alike, and the refusal is the documented error.
  const typo = { ...example, [`${names[0]}x`]: 1 };
  rejects(jsonBody.schema, typo, 'a record with an unknown field');
  const refused = send(service, 'POST', '/', { ...headers, 'content-type': 'application/json' }, JSON.stringify(typo));
  assert.equal(refused.status, 400);
  conforms(error, refused.json, 'the 400 answer');
  const unsupported = send(service, 'POST', '/', { ...headers, 'content-type': 'text/plain' }, 'x');
  assert.equal(unsupported.status, 415);
  conforms(post.responses['415'].content['application/json'].schema, unsupported.json, 'the 415 answer');
  return { doc: served.json as Doc, resolved };
}

test('iris, with an API key: GET /openapi.json is valid OpenAPI 3.1, needs the key, and its schemas accept the samples and the real answers', async () => {
  const { doc, resolved } = await assertSamplesConform(iris, { API_KEY: KEY }, { 'x-api-key': KEY });
  assert.deepEqual(doc.security, [{ apiKey: [] }, { bearer: [] }]);
  assert.deepEqual(doc.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'x-api-key' });
  assert.equal(doc.paths['/'].post.responses['401'].description, 'Unauthorized');
  assert.equal(doc.paths['/'].get.responses['401'].description, 'Unauthorized');
  const prediction = resolved.components.schemas.Prediction;
  assert.deepEqual(prediction.properties.label.enum, irisArtifact.classes);
  assert.deepEqual(Object.keys(prediction.properties.probabilities.properties), irisArtifact.classes);
  const sepal = resolved.components.schemas.Record.properties.sepal_length;
  assert.match(sepal.description, /^a number, trained on 4\.\d+ to 7\.\d+ \(outside: a warning\)$/);
  assert.deepEqual(sepal['x-training-range'], [iris.inputs[0].min, iris.inputs[0].max]);
  assert.equal(sepal.minimum, undefined, 'a value outside the training range is answered, with a warning');
  // The request example is GET /'s.
  const described = send(serviceOf(iris, { API_KEY: KEY }), 'GET', '/', { 'x-api-key': KEY }).json;
  assert.deepEqual(resolved.paths['/'].post.requestBody.content['application/json'].example, described.example_request);
  assert.equal(resolved.components.schemas.KServe.properties.instances.maxItems, 1000);
  const service = serviceOf(iris, { API_KEY: KEY });
  const refused = send(service, 'GET', '/openapi.json', {});
  assert.equal(refused.status, 401);
  assert.equal(send(service, 'POST', '/openapi.json', { 'x-api-key': KEY }).status, 405);
  // A batch over the documented maxItems is refused.
  const { conforms } = await checked(doc);
  assert.throws(() => conforms(resolved.paths['/'].post.requestBody.content['application/json'].schema, { instances: Array.from({ length: 1001 }, () => irisRows[0]) }, 'too many rows'));
});

test('a regressor of a date, a category and a number: the document without a key describes each feature and the number answered', async () => {
  const { doc, resolved } = await assertSamplesConform(mixed, {}, {});
  assert.equal(doc.security, undefined);
  assert.equal(doc.components.securitySchemes, undefined);
  assert.equal(doc.paths['/'].post.responses['401'], undefined);
  const record = resolved.components.schemas.Record;
  assert.match(record.properties.when.description, /^ISO 8601 date \(2015-06-01\), trained on 2020-01-01 to 2020-01-28 \(outside: a warning\)$/);
  assert.deepEqual(record.properties.when['x-training-range'], ['2020-01-01', '2020-01-28']);
  assert.deepEqual(record.properties.when.type, 'string');
  // The categories as an enum, any other string (answered with a warning), and null (imputed).
  const [known, other, nullable] = record.properties.color.anyOf;
  assert.deepEqual([...known.enum].sort(), ['blue', 'green', 'red']);
  assert.equal(other.type, 'string');
  assert.match(other.description, /accepted, with a warning/);
  assert.deepEqual(nullable, { type: 'null' });
  assert.deepEqual(record.properties.y, {});
  assert.equal(resolved.components.schemas.Prediction.properties.prediction.type, 'number');
  const { conforms } = await checked(doc);
  conforms(resolved.components.schemas.Record, { when: '2020-01-02', color: null, x: 1.5 }, 'a missing category');
  conforms(resolved.components.schemas.Record, { when: '2020-01-02', color: 'purple', x: 99 }, 'an unseen category, a number out of range');
  const answered = send(serviceOf(mixed), 'POST', '/', { 'content-type': 'application/json' }, JSON.stringify({ when: '2020-01-02', color: 'purple', x: 99 }));
  assert.equal(answered.status, 200, answered.body);
  assert.ok(answered.json.warnings.length >= 2, answered.body);
  // A generated client takes a known category, another one, and null.
  const dir = tempDir('kit-openapi-ts-mixed-');
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
  const generated = spawnSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'api.ts')], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  writeFileSync(
    join(dir, 'use.ts'),
    `import type { components } from './api.ts';
type R = components['schemas']['Record'];
export const records: R[] = [{ when: '2020-01-02', color: 'red', x: 1 }, { when: '2020-01-02', color: 'purple', x: 1 }, { when: '2020-01-02', color: null, x: 1 }];
// @ts-expect-error a category is a string
export const wrong: R = { when: '2020-01-02', color: 3, x: 1 };
`,
  );
  const compiled = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--noEmit', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--allowImportingTsExtensions', join(dir, 'use.ts')], { encoding: 'utf8' });
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
});

test('the build writes artifacts/openapi.json: the document a keyed deployment serves', async () => {
  const dir = tempDir('kit-openapi-');
  writeArtifactFile(join(dir, 'model.json'), irisArtifact);
  const run = runScript('scripts/build.ts', ['--artifact', join(dir, 'model.json'), '--out-dir', dir]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /openapi\.json {2}the API as OpenAPI 3\.1/);
  const written = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')) as Doc;
  await checked(written);
  assert.deepEqual(written, send(serviceOf(iris, { API_KEY: KEY }), 'GET', '/openapi.json', { 'x-api-key': KEY }).json);
});

test('openapi-typescript makes types of the document that type-check a request and its answer, and refuse an unknown label', () => {
  const dir = tempDir('kit-openapi-ts-');
  const served = send(serviceOf(iris, { API_KEY: KEY }), 'GET', '/openapi.json', { 'x-api-key': KEY });
  writeFileSync(join(dir, 'openapi.json'), served.body);
  const generated = spawnSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'api.ts')], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  const answer = send(serviceOf(iris), 'POST', '/', { 'content-type': 'application/json' }, JSON.stringify({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 })).json;
  writeFileSync(
    join(dir, 'use.ts'),
    `import type { components, paths } from './api.ts';
type Schemas = components['schemas'];
export const record: Schemas['Record'] = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
export const batch: paths['/']['post']['requestBody']['content']['application/json'] = { instances: [record, [6.9, 3.1, 5.4, 2.1]] };
export const answer: paths['/']['post']['responses']['200']['content']['application/json'] = ${JSON.stringify(answer)};
export const label: Schemas['Prediction']['label'] = 'virginica';
// @ts-expect-error not a class of the model
export const unknown: Schemas['Prediction']['label'] = 'rose';
// @ts-expect-error a feature is missing
export const partial: Schemas['Record'] = { sepal_length: 5.1 };
`,
  );
  const compiled = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--noEmit', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--allowImportingTsExtensions', join(dir, 'use.ts')], { encoding: 'utf8' });
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
});
