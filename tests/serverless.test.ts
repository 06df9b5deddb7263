// serverless.yml, packaged offline by osls (the MIT fork of the Serverless Framework),
// and the CloudFormation it generates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createZip } from '../scripts/zip.ts';
import { ROOT } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const service = tempDir('kit-serverless-');
copyFileSync(join(ROOT, 'serverless.yml'), join(service, 'serverless.yml'));
mkdirSync(join(service, 'artifacts'));
// osls only copies the prebuilt archive; its content is tested in archives.test.ts.
writeFileSync(join(service, 'artifacts/aws-lambda.zip'), createZip([{ name: 'index.js', data: Buffer.from('exports.handler = async () => ({});') }]));

function packageTemplate(outName: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--package', outName, '--stage', 'test', '--region', 'eu-west-1'], {
    cwd: service,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env },
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const template = JSON.parse(readFileSync(join(service, outName, 'cloudformation-template-update-stack.json'), 'utf8'));
  return { template, resources: Object.values(template.Resources) as { Type: string; Properties: Record<string, any> }[] };
}

test('osls package: the Lambda function runs index.handler on nodejs22.x with the function settings', () => {
  const { resources } = packageTemplate('package-default', { API_KEY: 'from-env', MAX_BATCH: '50' });
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
  const unset = packageTemplate('package-no-key', { API_KEY: undefined, CORS_ORIGINS: undefined });
  const variables = unset.resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Environment.Variables;
  assert.deepEqual(Object.keys(variables).sort(), ['MAX_BATCH', 'MAX_BODY_BYTES']);
});

test('osls package: an HTTP API routes every path and method to the function; the Function URL is opt-in', () => {
  const { resources } = packageTemplate('package-routes');
  assert.equal(resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Api').length, 1);
  const routes = resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey).sort();
  assert.deepEqual(routes, ['$default']);
  assert.equal(resources.filter((resource) => resource.Type === 'AWS::Lambda::Url').length, 0);
  const withUrl = packageTemplate('package-url', { FUNCTION_URL: 'true' });
  const urls = withUrl.resources.filter((resource) => resource.Type === 'AWS::Lambda::Url');
  assert.equal(urls.length, 1);
  assert.equal(urls[0].Properties.AuthType, 'NONE');
});
