// A model with categorical features and imputers, trained from a ";" CSV, scores the
// same way offline (npm run predict) and through a deployed endpoint (npm run invoke).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readConfig } from '../functions/core/config.ts';
import { normalizeHeaders } from '../functions/core/http.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { trainModel } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { runScript, runScriptAsync } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const csvPath = new URL('./fixtures/sklearn/mixed.csv', import.meta.url).pathname;
const { artifact } = await trainModel(loadCsvFile(csvPath), {
  seed: 42,
  folds: 5,
  testSize: 0.2,
  jobs: 1,
  grid: { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }] },
  environment: TEST_ENVIRONMENT,
});
const artifactPath = join(dir, 'mixed.json');
writeArtifactFile(artifactPath, artifact);
const service = createPredictionService(servingModelOf(artifact), readConfig({ MAX_BATCH: '100' }), () => {});

/** The file's rows as the function's records: numbers, text, null for empty or NA cells. */
const source = parse(readFileSync(csvPath), { delimiter: ';', columns: true }) as Record<string, string>[];
const records = source.map((row) =>
  Object.fromEntries(artifact.inputs.map((input) => {
    const cell = row[input.name];
    return [input.name, cell === '' || cell === 'NA' ? null : input.type === 'numeric' ? Number(cell) : cell];
  })),
);
const answer = JSON.parse(service.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: records.slice(0, 100) }) }).body) as {
  predictions: { label: number; probabilities: Record<string, number>; warnings?: string[] }[];
};

function assertScored(file: string) {
  const [header, ...rows] = parse(readFileSync(file)) as string[][];
  assert.deepEqual(header.slice(-5), ['label', 'probability_1', 'probability_2', 'probability_10', 'warnings']);
  assert.equal(rows.length, source.length);
  answer.predictions.forEach((prediction, i) => {
    const row = rows[i];
    assert.equal(row[0], source[i].patient_id, 'input order, the id column kept');
    assert.equal(row[header.length - 5], String(prediction.label));
    assert.deepEqual(row.slice(-4, -1).map(Number), ['1', '2', '10'].map((label) => prediction.probabilities[label]), `row ${i}`);
    assert.equal(row[header.length - 1], prediction.warnings?.join('; ') ?? '');
  });
  assert.ok(rows.some((row) => /is missing; imputed with the training median/.test(row[row.length - 1])), 'rows with gaps are scored, with a warning');
}

test('npm run predict scores a ";" CSV with categories and gaps as the function does', () => {
  const out = join(dir, 'scored.csv');
  const run = runScript('scripts/predict.ts', ['--data', csvPath, '--out', out, '--artifact', artifactPath]);
  assert.equal(run.status, 0, run.stderr);
  assertScored(out);
});

test('npm run invoke --file sends categories as text and gaps as null, and writes what the endpoint answers', async () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const response = service.handle({ method: req.method!, path: req.url!, headers: normalizeHeaders(req.headers), body: Buffer.concat(chunks) });
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  const out = join(dir, 'invoked.csv');
  const run = await runScriptAsync('scripts/invoke.ts', [`http://127.0.0.1:${(server.address() as { port: number }).port}/`, '--file', csvPath, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assertScored(out);
});
