// The user-facing scripts around the archives: local serving, invoke, deploy commands.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { embeddedModelVersion } from '../scripts/shipped-model.ts';
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
  assert.match(run.stderr, new RegExp(`shipping model ${artifact.modelVersion} \\(`));
  const unpacked = join(dir, 'gcp-function');
  assert.deepEqual(JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')).main, 'index.js');
});

test('deploy:aws-cli --dry-run prints the plan: arm64, the archive, settings without the key, the Function URL', () => {
  const run = runScript('scripts/deploy-aws-cli.ts', ['--dry-run', '--name', 'iris', '--region', 'eu-west-1'], { ...env, API_KEY: 'top-secret', LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/basic' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /function {3}iris: index\.handler, nodejs22\.x on arm64, 256 MB, 5 s, role arn:aws:iam::123456789012:role\/basic\n/);
  assert.match(run.stdout, /settings {3}API_KEY=\(set\)\n/);
  assert.match(run.stdout, new RegExp(`model {6}${artifact.modelVersion}\\n`));
  assert.match(run.stdout, /version {4}published as a new version behind the alias live/);
  assert.match(run.stdout, /URL {8}Function URL, auth NONE, public/);
  assert.doesNotMatch(run.stdout + run.stderr, /top-secret/);
  assert.equal(runScript('scripts/deploy-aws-cli.ts', ['--dry-run', '--url-auth', 'OPEN'], env).status, 2);
});

test('deploy:aws-cli creates, then updates, the function as published versions behind the alias live, checks GET /health, rolls back', async () => {
  // A fake Lambda API on 127.0.0.1 that keeps state, reached through AWS_ENDPOINT_URL_LAMBDA as the SDK allows.
  const calls: { method: string; path: string; query: string; body: any }[] = [];
  const functions = new Map<string, any>();
  const zips = new Map<string, Buffer>();
  const versions = new Map<string, Buffer>();
  const aliases = new Map<string, string>();
  const urls = new Map<string, string>();
  let answerVersion: string | undefined; // what the fake's GET /health answers instead of the embedded model
  const fake = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const [pathPart, query = ''] = req.url!.split('?');
      const path = decodeURIComponent(pathPart);
      const body = raw.length > 0 && !path.endsWith('/invocations') ? JSON.parse(raw.toString()) : undefined;
      calls.push({ method: req.method!, path, query, body });
      const answer = (status: number, value: unknown, error?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(error ? { 'x-amzn-errortype': error } : {}) });
        res.end(JSON.stringify(value));
      };
      const name = /functions\/([^/]+)/.exec(path)?.[1];
      const notFound = () => answer(404, { Type: 'User', message: `not found: ${path}` }, 'ResourceNotFoundException');
      const configuration = () => ({ ...functions.get(name!), State: 'Active', LastUpdateStatus: 'Successful' });
      if (req.method === 'POST' && path === '/2015-03-31/functions') {
        functions.set(body.FunctionName, body);
        zips.set(body.FunctionName, Buffer.from(body.Code.ZipFile, 'base64'));
        return answer(201, { FunctionName: body.FunctionName });
      }
      if (!functions.has(name!)) return notFound();
      if (req.method === 'GET' && path.endsWith(`/functions/${name}`)) return answer(200, { Configuration: configuration() });
      if (req.method === 'PUT' && path.endsWith('/code')) {
        zips.set(name!, Buffer.from(body.ZipFile, 'base64'));
        return answer(200, configuration());
      }
      if (req.method === 'PUT' && path.endsWith('/configuration')) {
        functions.set(name!, { ...functions.get(name!), ...body });
        return answer(200, configuration());
      }
      if (path.endsWith('/versions')) {
        if (req.method === 'GET') return answer(200, { Versions: [{ Version: '$LATEST' }, ...[...versions.keys()].map((version) => ({ Version: version }))] });
        const version = String(versions.size + 1);
        versions.set(version, zips.get(name!)!);
        return answer(201, { ...configuration(), Version: version });
      }
      const alias = /\/aliases\/([^/]+)$/.exec(path)?.[1];
      if (alias !== undefined) {
        if (req.method === 'GET') return aliases.has(alias) ? answer(200, { Name: alias, FunctionVersion: aliases.get(alias) }) : notFound();
        aliases.set(alias, body.FunctionVersion);
        return answer(200, { Name: alias, FunctionVersion: body.FunctionVersion });
      }
      if (req.method === 'POST' && path.endsWith('/aliases')) {
        aliases.set(body.Name, body.FunctionVersion);
        return answer(201, { Name: body.Name, FunctionVersion: body.FunctionVersion });
      }
      if (path.endsWith('/invocations')) {
        // GET /health as the function answers it: the model embedded in the version the alias serves.
        const served = versions.get(aliases.get(new URLSearchParams(query).get('Qualifier')!)!)!;
        return answer(200, { statusCode: 200, body: JSON.stringify({ status: 'ok', model_version: answerVersion ?? embeddedModelVersion(served) }) });
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
  const route = (call: { method: string; path: string; query: string }) => `${call.method} ${call.path.replace(/^\/\d{4}-\d{2}-\d{2}/, '')}${call.query ? `?${call.query}` : ''}`;

  const noRole = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris'], { ...awsEnv, LAMBDA_ROLE_ARN: undefined });
  assert.equal(noRole.status, 2);
  assert.match(noRole.stderr, /iris does not exist yet: set LAMBDA_ROLE_ARN/);

  const created = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris'], { ...awsEnv, API_KEY: 'k1', LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/basic' });
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, 'https://iris.lambda-url.eu-west-1.on.aws/\n');
  assert.match(created.stderr, new RegExp(`shipping model ${artifact.modelVersion}\n[^]*published version 1; alias live serves it\n[^]*GET /health answers model ${artifact.modelVersion}`));
  const create = calls.find((call) => call.method === 'POST' && call.path === '/2015-03-31/functions')!.body;
  assert.deepEqual(
    { runtime: create.Runtime, handler: create.Handler, architectures: create.Architectures, memory: create.MemorySize, role: create.Role, variables: create.Environment.Variables },
    { runtime: 'nodejs22.x', handler: 'index.handler', architectures: ['arm64'], memory: 256, role: 'arn:aws:iam::123456789012:role/basic', variables: { API_KEY: 'k1', MAX_BATCH: '50' } },
  );
  assert.ok(Buffer.from(create.Code.ZipFile, 'base64').equals(readFileSync(join(dir, 'aws-lambda.zip'))), 'the built archive is what gets uploaded');
  assert.deepEqual(calls.filter((call) => call.path.endsWith('/url') && call.method === 'POST').map((call) => [call.body, call.query]), [[{ AuthType: 'NONE' }, 'Qualifier=live']], 'the URL serves the alias');
  const grants = calls.filter((call) => call.path.endsWith('/policy')).map((call) => call.body);
  assert.deepEqual(grants.map((grant) => [grant.Action, grant.Principal]), [['lambda:InvokeFunctionUrl', '*'], ['lambda:InvokeFunction', '*']]);

  calls.length = 0;
  const updated = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris', '--url-auth', 'AWS_IAM'], { ...awsEnv, LAMBDA_ROLE_ARN: undefined, MAX_BATCH: undefined });
  assert.equal(updated.status, 0, updated.stderr);
  assert.deepEqual(calls.map(route).filter((call) => !call.startsWith('GET /functions/iris') || call.includes('/url') || call.includes('/aliases')), [
    'PUT /functions/iris/code',
    'PUT /functions/iris/configuration',
    'POST /functions/iris/versions',
    'GET /functions/iris/aliases/live',
    'PUT /functions/iris/aliases/live',
    'POST /functions/iris/invocations?Qualifier=live',
    'GET /functions/iris/url?Qualifier=live',
    'PUT /functions/iris/url?Qualifier=live',
  ]);
  assert.deepEqual(calls.find((call) => call.path.endsWith('/code'))!.body.Architectures, ['arm64']);
  assert.deepEqual(calls.find((call) => call.path.endsWith('/configuration'))!.body.Environment, { Variables: {} }, 'a setting unset in the shell is removed');
  assert.match(updated.stderr, /the live function has API_KEY set and this shell does not: this deploy REMOVES it/);
  assert.match(updated.stderr, /the live function has MAX_BATCH=50 and this shell does not: this deploy removes it/);
  assert.match(updated.stderr, /published version 2; alias live serves it \(it served 1\)/);
  assert.equal(calls.filter((call) => call.path.endsWith('/policy')).length, 0, 'an IAM-only URL gets no public grant');

  // A deployed function that answers another model: the alias goes back, the deploy fails.
  answerVersion = '0000000000000000';
  const wrong = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris', '--no-url'], awsEnv);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, new RegExp(`GET /health answered model 0000000000000000, not ${artifact.modelVersion} \\(the version deployed\\); alias live moved back to version 2`));
  assert.equal(aliases.get('live'), '2');
  answerVersion = undefined;

  const rolledBack = await runScriptAsync('scripts/deploy-aws-cli.ts', ['--name', 'iris', '--rollback'], awsEnv);
  assert.equal(rolledBack.status, 0, rolledBack.stderr);
  assert.match(rolledBack.stderr, /alias live moved from version 2 back to 1; GET \/health answers \{"status":"ok"/);
  assert.equal(aliases.get('live'), '1');
});

test('deploy:gcp deploys a new revision, checks GET /health, and --rollback sends the traffic to the revision before (a stand-in gcloud)', async () => {
  const health = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', model_version: req.headers.authorization === 'Bearer id-token' ? artifact.modelVersion : 'unauthenticated' }));
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  after(() => health.close());
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'gcloud.log');
  writeFileSync(
    join(bin, 'gcloud'),
    `#!/bin/sh
echo "$*" >> ${log}
case "$*" in
  "functions describe"*) echo "http://127.0.0.1:${(health.address() as { port: number }).port}" ;;
  "auth print-identity-token") echo id-token ;;
  "run revisions list"*) printf 'iris-00003-new\\niris-00002-old\\niris-00001-older\\n' ;;
  "run services describe"*) echo iris-00003-new ;;
esac
`,
  );
  chmodSync(join(bin, 'gcloud'), 0o755);
  const gcpEnv = { ...env, PATH: `${bin}:${process.env.PATH}` };
  const deployed = await runScriptAsync('scripts/deploy-gcp.ts', ['--name', 'iris', '--region', 'europe-west1'], gcpEnv);
  assert.equal(deployed.status, 0, deployed.stderr);
  assert.match(deployed.stderr, new RegExp(`shipping model ${artifact.modelVersion}[^]*deployed: GET /health answers model ${artifact.modelVersion}`));
  assert.match(readFileSync(log, 'utf8'), /^functions deploy iris --gen2 .*\nfunctions describe iris --gen2 --region=europe-west1 --format=value\(serviceConfig.uri\)\nauth print-identity-token\n$/);
  const publicDeploy = await runScriptAsync('scripts/deploy-gcp.ts', ['--name', 'iris', '--public'], gcpEnv);
  assert.equal(publicDeploy.status, 1, 'a public function is asked without a token: this stand-in then answers another model');
  assert.match(publicDeploy.stderr, /GET \/health answered model unauthenticated, not [0-9a-f]{16}[^]*npm run deploy:gcp -- --rollback --name iris/);
  writeFileSync(log, '');
  const rolledBack = await runScriptAsync('scripts/deploy-gcp.ts', ['--name', 'iris', '--region', 'europe-west1', '--rollback'], gcpEnv);
  assert.equal(rolledBack.status, 0, rolledBack.stderr);
  assert.match(readFileSync(log, 'utf8'), /run services update-traffic iris --region=europe-west1 --to-revisions=iris-00002-old=100\n/);
  assert.match(rolledBack.stderr, /sending all traffic of iris from iris-00003-new back to iris-00002-old/);
  const dryRollback = runScript('scripts/deploy-gcp.ts', ['--dry-run', '--rollback', '--name', 'iris'], env);
  assert.match(dryRollback.stdout, /gcloud run services update-traffic iris --region=us-central1 --to-revisions=PREVIOUS_REVISION=100\n$/);
});

test('a deploy refuses, or rebuilds, an archive whose embedded model is not model.json\'s', () => {
  const stale = join(dir, 'stale');
  mkdirSync(stale, { recursive: true });
  writeFileSync(join(stale, 'aws-lambda.zip'), readFileSync(join(dir, 'aws-lambda.zip')));
  writeFileSync(join(stale, 'gcp-function.zip'), readFileSync(join(dir, 'gcp-function.zip')));
  const other = { ...artifact, modelVersion: 'ffffffffffffffff' };
  writeFileSync(join(stale, 'model.json'), JSON.stringify(other));
  // model.json says another version than the archive: the build runs; an artifact that does not validate stops the deploy.
  const run = runScript('scripts/deploy-aws-cli.ts', ['--dry-run'], { ...env, KIT_ARTIFACTS_DIR: stale });
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`aws-lambda\\.zip carries model ${artifact.modelVersion}, but \\S*model\\.json is model ffffffffffffffff: rebuilding it`));
  assert.equal(embeddedModelVersion(readFileSync(join(dir, 'aws-lambda.zip'))), artifact.modelVersion);
});
