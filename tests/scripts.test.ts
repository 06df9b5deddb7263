// The user-facing scripts around the archives: local serving, invoke, deploy commands.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { ROOT, runScript, runScriptAsync } from './helpers/run.ts';
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

test('deploy:aws-cli --dry-run prints the plan: arm64, the archive, settings without the key, the Function URL', () => {
  const run = runScript('scripts/deploy-aws-cli.ts', ['--dry-run', '--name', 'iris', '--region', 'eu-west-1'], { ...env, API_KEY: 'top-secret', LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/basic' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /function {3}iris: index\.handler, nodejs22\.x on arm64, 256 MB, 5 s, role arn:aws:iam::123456789012:role\/basic\n/);
  assert.match(run.stdout, /settings {3}API_KEY=\(set\)\n/);
  assert.match(run.stdout, /URL {8}Function URL, auth NONE, public/);
  assert.doesNotMatch(run.stdout + run.stderr, /top-secret/);
  assert.equal(runScript('scripts/deploy-aws-cli.ts', ['--dry-run', '--url-auth', 'OPEN'], env).status, 2);
});

test('deploy:aws-cli creates, then updates, the function and its Function URL through the Lambda API', async () => {
  // A fake Lambda API on 127.0.0.1 that keeps state, reached through AWS_ENDPOINT_URL_LAMBDA as the SDK allows.
  const calls: { method: string; path: string; body: any }[] = [];
  const functions = new Map<string, any>();
  const urls = new Map<string, string>();
  const fake = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const body = text ? JSON.parse(text) : undefined;
      const path = decodeURIComponent(req.url!.split('?')[0]);
      calls.push({ method: req.method!, path, body });
      const answer = (status: number, value: unknown, error?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(error ? { 'x-amzn-errortype': error } : {}) });
        res.end(JSON.stringify(value));
      };
      const name = /functions\/([^/]+)/.exec(path)?.[1];
      const notFound = () => answer(404, { Type: 'User', message: `Function not found: ${name}` }, 'ResourceNotFoundException');
      const configuration = () => ({ ...functions.get(name!), State: 'Active', LastUpdateStatus: 'Successful' });
      if (req.method === 'POST' && path === '/2015-03-31/functions') {
        functions.set(body.FunctionName, body);
        return answer(201, { FunctionName: body.FunctionName });
      }
      if (!functions.has(name!)) return notFound();
      if (req.method === 'GET' && path.endsWith(`/functions/${name}`)) return answer(200, { Configuration: configuration() });
      if (req.method === 'PUT' && path.endsWith('/code')) return answer(200, configuration());
      if (req.method === 'PUT' && path.endsWith('/configuration')) {
        functions.set(name!, { ...functions.get(name!), ...body });
        return answer(200, configuration());
      }
      if (path.endsWith('/url')) {
        if (req.method === 'GET') return urls.has(name!) ? answer(200, { FunctionUrl: urls.get(name!) }) : notFound();
        urls.set(name!, `https://${name}.lambda-url.eu-west-1.on.aws/`);
        return answer(req.method === 'POST' ? 201 : 200, { FunctionUrl: urls.get(name!), AuthType: body.AuthType });
      }
      if (req.method === 'POST' && path.endsWith('/policy')) return answer(201, { Statement: '{}' });
      answer(400, { message: `unexpected ${req.method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  after(() => fake.close());
  const awsEnv = {
    ...env,
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(fake.address() as { port: number }).port}`,
    AWS_ACCESS_KEY_ID: 'AKIATEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
    AWS_REGION: 'eu-west-1',
    AWS_PROFILE: undefined,
    MAX_BATCH: '50',
  };

  const noRole = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris'], { ...awsEnv, LAMBDA_ROLE_ARN: undefined });
  assert.equal(noRole.status, 2);
  assert.match(noRole.stderr, /iris does not exist yet: set LAMBDA_ROLE_ARN/);

  const created = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris'], { ...awsEnv, LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/basic' });
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, 'https://iris.lambda-url.eu-west-1.on.aws/\n');
  const create = calls.find((call) => call.method === 'POST' && call.path === '/2015-03-31/functions')!.body;
  assert.deepEqual(
    { runtime: create.Runtime, handler: create.Handler, architectures: create.Architectures, memory: create.MemorySize, role: create.Role, variables: create.Environment.Variables },
    { runtime: 'nodejs22.x', handler: 'index.handler', architectures: ['arm64'], memory: 256, role: 'arn:aws:iam::123456789012:role/basic', variables: { MAX_BATCH: '50' } },
  );
  assert.ok(Buffer.from(create.Code.ZipFile, 'base64').equals(readFileSync(join(dir, 'aws-lambda.zip'))), 'the built archive is what gets uploaded');
  assert.deepEqual(calls.find((call) => call.path.endsWith('/url') && call.method === 'POST')!.body, { AuthType: 'NONE' });
  const grants = calls.filter((call) => call.path.endsWith('/policy')).map((call) => call.body);
  assert.deepEqual(grants.map((grant) => [grant.Action, grant.Principal]), [['lambda:InvokeFunctionUrl', '*'], ['lambda:InvokeFunction', '*']]);

  calls.length = 0;
  const updated = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris', '--url-auth', 'AWS_IAM'], { ...awsEnv, LAMBDA_ROLE_ARN: undefined, MAX_BATCH: undefined });
  assert.equal(updated.status, 0, updated.stderr);
  assert.deepEqual(calls.map((call) => `${call.method} ${call.path.replace(/^\/\d{4}-\d{2}-\d{2}/, '')}`).filter((call) => !call.startsWith('GET /functions/iris') || call.endsWith('/url')), [
    'PUT /functions/iris/code',
    'PUT /functions/iris/configuration',
    'GET /functions/iris/url',
    'PUT /functions/iris/url',
  ]);
  assert.deepEqual(calls.find((call) => call.path.endsWith('/code'))!.body.Architectures, ['arm64']);
  assert.deepEqual(calls.find((call) => call.path.endsWith('/configuration'))!.body.Environment, { Variables: {} }, 'a setting unset in the shell is removed');
  assert.equal(calls.filter((call) => call.path.endsWith('/policy')).length, 0, 'an IAM-only URL gets no public grant');
});
