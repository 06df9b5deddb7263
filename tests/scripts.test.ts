// The user-facing scripts around the archives: local serving, invoke, deploy commands.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir('kit-scripts-');
const artifact = await trainIrisArtifact();
writeArtifactFile(join(dir, 'model.json'), artifact);
const build = runScript('scripts/build.ts', ['--artifact', join(dir, 'model.json'), '--out-dir', dir]);
assert.equal(build.status, 0, build.stderr);
const env = { KIT_ARTIFACTS_DIR: dir, API_KEY: undefined };

const awsServer = await startServer(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/serve-aws.ts'), '--port', '0'], { cwd: ROOT, env: { ...env, API_KEY: 'local-key' } });
const invoke = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runScript('scripts/invoke.ts', args, { ...env, ...extraEnv });

test('serve:aws answers like a Function URL in front of the built handler', async () => {
  const health = await fetch(`${awsServer.url}/health`);
  assert.equal(health.status, 200);
  assert.equal(health.headers.get('x-model-version'), artifact.modelVersion);
  const denied = await fetch(`${awsServer.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(denied.status, 401);
});

test('invoke prints one prediction readably, and a CSV as a table', () => {
  const one = invoke([awsServer.url, '--api-key', 'local-key', '--data', '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /^setosa \(class 0; setosa 0\.\d{3}, versicolor 0\.\d{3}, virginica 0\.\d{3}\)\nmodel [0-9a-f]{16}\n$/);
  const csv = join(dir, 'rows.csv');
  writeFileSync(csv, 'species,petal_width,sepal_length,sepal_width,petal_length\nsetosa,0.2,5.1,3.5,1.4\nvirginica,2.3,6.9,3.1,5.4\nodd,9.9,5.0,3.0,1.5\n');
  const table = invoke([awsServer.url, '--file', csv], { API_KEY: 'local-key' });
  assert.equal(table.status, 0, table.stderr);
  const lines = table.stdout.split('\n');
  assert.match(lines[0], /^row\s+species\s+petal_width\s+sepal_length\s+sepal_width\s+petal_length\s+predicted\s+probability\s+warnings$/);
  assert.match(lines[2], /^\s*2\s+setosa\s+.*setosa\s+0\.\d{3}$/);
  assert.match(lines[3], /^\s*3\s+virginica\s+.*virginica\s+0\.\d{3}$/);
  assert.match(lines[4], /petal_width = 9\.9 is outside the training range/);
  assert.match(table.stdout, /3 rows/);
});

test('invoke exits non-zero with the server\'s own message on an HTTP error', () => {
  const denied = invoke([awsServer.url, '--data', '{}']);
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /invoke: HTTP 401: missing or wrong API key/);
  const invalid = invoke([awsServer.url, '--api-key', 'local-key', '--data', '{"sepal_length": "x"}']);
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /HTTP 400: the request does not match the model's input schema\n  sepal_length: expected a number, got the string "x"/);
  const unreachable = invoke(['http://127.0.0.1:9/', '--data', '{}']);
  assert.equal(unreachable.status, 1);
  assert.match(unreachable.stderr, /cannot reach http:\/\/127\.0\.0\.1:9\//);
  assert.equal(invoke(['not-a-url']).status, 2);
});

test('deploy:gcp --dry-run prints the gcloud command for the unpacked archive, never the API key', () => {
  const run = runScript('scripts/deploy-gcp.ts', ['--dry-run', '--name', 'iris', '--region', 'europe-west1', '--public'], { ...env, API_KEY: 'top-secret', MAX_BATCH: '50' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^gcloud functions deploy iris --gen2 --runtime=nodejs22 --trigger-http --entry-point=predict --source=\S+\/gcp-function --region=europe-west1 --memory=256Mi --allow-unauthenticated "--set-env-vars=NODE_ENV=production,API_KEY=\$\{API_KEY\},MAX_BATCH=50"\n$/);
  assert.doesNotMatch(run.stdout, /top-secret/);
  const unpacked = join(dir, 'gcp-function');
  assert.deepEqual(JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')).main, 'index.js');
});

test('deploy:aws-cli writes the aws-lambda CLI config for the built bundle, with the role from LAMBDA_ROLE_ARN', () => {
  const missing = runScript('scripts/deploy-aws-cli.ts', ['--dry-run'], { ...env, LAMBDA_ROLE_ARN: '' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /set LAMBDA_ROLE_ARN/);
  const run = runScript('scripts/deploy-aws-cli.ts', ['--dry-run', '--name', 'iris'], { ...env, LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/basic', CORS_ORIGINS: '*' });
  assert.equal(run.status, 0, run.stderr);
  const config = readFileSync(join(dir, 'aws-lambda.lambda'), 'utf8');
  for (const line of ['PATH: ./aws-lambda', 'FunctionName: "iris"', 'Role: "arn:aws:iam::123456789012:role/basic"', 'Runtime: "nodejs22.x"', 'Handler: "index.handler"', '    CORS_ORIGINS: "*"']) {
    assert.ok(config.split('\n').includes(line), `missing line ${line} in\n${config}`);
  }
  assert.equal(readFileSync(join(dir, 'aws-lambda', 'index.js')).length > 1000, true);
  assert.match(run.stdout, /npx --yes aws-lambda@1\.0\.7 deploy \S+aws-lambda\.lambda/);
});
