// serverless.yml, packaged offline by osls (the MIT fork of the Serverless Framework),
// and the CloudFormation it generates.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageTemplate } from '../scripts/osls.ts';
import { createZip } from '../scripts/zip.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const service = tempDir('kit-serverless-');
copyFileSync(join(ROOT, 'serverless.yml'), join(service, 'serverless.yml'));
mkdirSync(join(service, 'artifacts'));
// osls only copies the prebuilt archive; its content is tested in archives.test.ts.
writeFileSync(join(service, 'artifacts/aws-lambda.zip'), createZip([{ name: 'index.js', data: Buffer.from('exports.handler = async () => ({});') }]));

const packageTemplateOf = (env: NodeJS.ProcessEnv = {}) => packageTemplate(service, ['--stage', 'test', '--region', 'eu-west-1'], env);

test('osls package: the Lambda function runs index.handler on nodejs22.x with the function settings', () => {
  const { resources } = packageTemplateOf({ API_KEY: 'from-env', MAX_BATCH: '50' });
  const functions = resources.filter((resource) => resource.Type === 'AWS::Lambda::Function');
  assert.equal(functions.length, 1);
  const fn = functions[0].Properties;
  assert.equal(fn.Handler, 'index.handler');
  assert.equal(fn.Runtime, 'nodejs22.x');
  assert.deepEqual(fn.Architectures, ['arm64']);
  assert.equal(fn.MemorySize, 256);
  assert.equal(fn.Timeout, 5);
  assert.match(JSON.stringify(fn.Code), /aws-lambda\.zip/, 'the prebuilt archive is what gets uploaded');
  assert.deepEqual(Object.keys(fn.Environment.Variables).sort(), ['API_KEY', 'MAX_BATCH', 'MAX_BODY_BYTES']);
  assert.equal(fn.Environment.Variables.API_KEY, 'from-env');
  assert.equal(fn.Environment.Variables.MAX_BATCH, '50');
  // Unset in the shell, unset in the function: an empty API_KEY would stop it at cold start.
  const unset = packageTemplateOf({ API_KEY: undefined, CORS_ORIGINS: undefined });
  const variables = unset.resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Environment.Variables;
  assert.deepEqual(Object.keys(variables).sort(), ['MAX_BATCH', 'MAX_BODY_BYTES']);
});

test('osls package: an HTTP API routes every path and method to the function; the Function URL is opt-in', () => {
  const { resources } = packageTemplateOf();
  assert.equal(resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Api').length, 1);
  const routes = resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey).sort();
  assert.deepEqual(routes, ['$default']);
  assert.equal(resources.filter((resource) => resource.Type === 'AWS::Lambda::Url').length, 0);
  const withUrl = packageTemplateOf({ FUNCTION_URL: 'true' });
  const urls = withUrl.resources.filter((resource) => resource.Type === 'AWS::Lambda::Url');
  assert.equal(urls.length, 1);
  assert.equal(urls[0].Properties.AuthType, 'NONE');
});

test('npm run deploy:aws -- --dry-run packages offline and prints what it would deploy, never the key', () => {
  const run = runScript('scripts/deploy-aws.ts', ['--dry-run', '--stage', 'test', '--region', 'eu-west-1'], { API_KEY: 'top-secret', MAX_BATCH: '50' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Would deploy \(osls deploy --stage test --region eu-west-1\):\n/);
  assert.match(run.stdout, /function {3}tabular-classifier-test-predict: index\.handler, nodejs22\.x on arm64, 256 MB, 5 s\n/);
  assert.match(run.stdout, /code {7}artifacts\/aws-lambda\.zip \(sha256 [0-9a-f]{64}\)\n/);
  assert.match(run.stdout, /settings {3}API_KEY=\(set\) MAX_BATCH=50 MAX_BODY_BYTES=1048576\n/);
  assert.match(run.stdout, /HTTP API {3}\$default \(every path and method\)\n/);
  assert.doesNotMatch(run.stdout + run.stderr, /top-secret/);
});
