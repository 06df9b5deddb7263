// A categorical model through both built archives, as each cloud runs them, against an
// independent reference: scikit-learn 1.2.1's ColumnTransformer + LogisticRegression
// pipeline fitted on the same 480 rows of the mixed table (tests/fixtures/sklearn/
// generate_tables.py), with every category kept and with the rarest ones grouped in one
// column (max_categories=5): held-out rows, rows of nulls, unseen categories.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { parseCsvDataset } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/sklearn/mixed-parity.json'), 'utf8')) as {
  train_rows: number;
  classes: number[];
  records: Record<string, number | string | null>[];
  probabilities: number[][];
  probabilities_max_categories_5: number[][];
};
const dir = tempDir('kit-archive-parity-');
// The fixture's training rows, as the file has them: the kit fits its final model on every row given (--test-size 0).
const lines = readFileSync(join(ROOT, 'tests/fixtures/sklearn/mixed.csv'), 'utf8').split('\r\n');
const trainingCsv = Buffer.from(`${lines.slice(0, fixture.train_rows + 1).join('\r\n')}\r\n`);
const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1], classifier__tol: [1e-10], classifier__max_iter: [10000] }] };

async function buildModel(name: string, maxCategories: number): Promise<string> {
  const { artifact } = await trainModel(parseCsvDataset(trainingCsv, 'mixed.csv'), { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, grid, jobs: 1, environment: TEST_ENVIRONMENT, preprocess: { maxCategories } });
  assert.equal(artifact.provenance.trainRows, fixture.train_rows);
  const path = join(dir, `${name}.json`);
  writeArtifactFile(path, artifact);
  const out = join(dir, name);
  const built = runScript('scripts/build.ts', ['--artifact', path, '--out-dir', out]);
  assert.equal(built.status, 0, built.stderr);
  return out;
}

function largestDifference(predictions: { probabilities: Record<string, number> }[], expected: number[][]): number {
  assert.equal(predictions.length, expected.length);
  let worst = 0;
  predictions.forEach((prediction, i) => fixture.classes.forEach((label, k) => (worst = Math.max(worst, Math.abs(prediction.probabilities[String(label)] - expected[i][k])))));
  return worst;
}

for (const [name, maxCategories, expected] of [['every category', 20, fixture.probabilities], ['rare categories grouped (max_categories=5)', 5, fixture.probabilities_max_categories_5]] as const) {
  test(`${name}: both archives answer scikit-learn's probabilities within 4.1e-6`, async (t) => {
    const out = await buildModel(maxCategories === 5 ? 'grouped' : 'all', maxCategories);
    const body = JSON.stringify({ instances: fixture.records });

    const lambdaDir = join(out, 'aws');
    unpackZip(readFileSync(join(out, 'aws-lambda.zip')), lambdaDir);
    const { handler } = createRequire(`${lambdaDir}/`)('./index.js') as { handler: (event: unknown, context: object) => Promise<{ predictions: { probabilities: Record<string, number> }[] }> };
    const lambda = largestDifference((await handler(JSON.parse(body), {})).predictions, expected);

    const gcpDir = join(out, 'gcp');
    unpackZip(readFileSync(join(out, 'gcp-function.zip')), gcpDir);
    const server = await startServer(process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${gcpDir}`, '--port=0']);
    const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(response.status, 200);
    const gcp = largestDifference(((await response.json()) as { predictions: { probabilities: Record<string, number> }[] }).predictions, expected);
    await server.stop();

    t.diagnostic(`largest difference: Lambda archive ${lambda.toExponential(2)}, GCP archive ${gcp.toExponential(2)}`);
    assert.ok(lambda <= 4.1e-6 && gcp <= 4.1e-6, `Lambda ${lambda}, GCP ${gcp}`);
  });
}
