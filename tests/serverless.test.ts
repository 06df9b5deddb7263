// serverless.yml, packaged offline by osls (the MIT fork of the Serverless Framework),
// and the CloudFormation it generates.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyServiceConfig, packageTemplate } from '../scripts/osls.ts';
import { createZip } from '../scripts/zip.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const service = tempDir('kit-serverless-');
copyServiceConfig(service);
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
  assert.deepEqual(Object.keys(fn.Environment.Variables).sort(), ['API_KEY', 'MAX_ANSWER_BYTES', 'MAX_BATCH', 'MAX_BODY_BYTES']);
  assert.equal(fn.Environment.Variables.API_KEY, 'from-env');
  assert.equal(fn.Environment.Variables.MAX_BATCH, '50');
  // Unset in the shell, unset in the function: an empty API_KEY would stop it at cold start.
  const unset = packageTemplateOf({ API_KEY: undefined, CORS_ORIGINS: undefined });
  const variables = unset.resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Environment.Variables;
  assert.deepEqual(Object.keys(variables).sort(), ['MAX_ANSWER_BYTES', 'MAX_BATCH', 'MAX_BODY_BYTES']);
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
  assert.match(run.stdout, /settings {3}API_KEY=\(set\) MAX_BATCH=50 MAX_BODY_BYTES=1048576 MAX_ANSWER_BYTES=5242880\n/);
  assert.match(run.stdout, /model {6}[0-9a-f]{16}\n/);
  assert.match(run.stdout, /HTTP API {3}\$default \(every path and method\)\n/);
  assert.doesNotMatch(run.stdout + run.stderr, /top-secret/);
});

const batchEnv = { KIT_BATCH_RESOURCES: 'batch', BATCH_BUCKET: 'kit-rows', BATCH_KEY: 'in/rows.csv', BATCH_RESULTS_PREFIX: 'in/rows-scored/' };

test('osls package with --batch\'s settings: a Distributed Map over the CSV in S3, to the function, results to S3; the ASL is valid', () => {
  assert.equal(packageTemplateOf().resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine').length, 0, 'no state machine unless asked');
  const { resources } = packageTemplateOf(batchEnv);
  const machines = resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
  assert.equal(machines.length, 1);
  const definition = machines[0].Properties.Definition;
  const { isValid, errorsText } = aslValidator(definition);
  assert.ok(isValid, errorsText('\n'));
  const map = definition.States[definition.StartAt];
  assert.equal(map.Type, 'Map');
  assert.deepEqual(map.ItemProcessor.ProcessorConfig, { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
  assert.deepEqual(map.ItemReader, { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'kit-rows', Key: 'in/rows.csv' } });
  assert.equal(map.ItemBatcher.MaxItemsPerBatch, 500);
  assert.deepEqual(map.ResultWriter.Parameters, { Bucket: 'kit-rows', Prefix: 'in/rows-scored/' });
  const task = map.ItemProcessor.States[map.ItemProcessor.StartAt];
  const fn = resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties;
  assert.equal(task.Parameters.FunctionName, fn.FunctionName, 'the batches go to this function');
  assert.deepEqual(task.Catch.map((handler: { ErrorEquals: string[] }) => handler.ErrorEquals), [['InvalidItems']], 'an unreadable batch is kept with its error');
  // The role may invoke the function, read the CSV, write the results, run the map's children.
  const role = resources.find((resource) => resource.Type === 'AWS::IAM::Role' && JSON.stringify(resource.Properties).includes('states.amazonaws.com'))!;
  const actions = role.Properties.Policies[0].PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => statement.Action);
  for (const action of ['lambda:InvokeFunction', 's3:GetObject', 's3:PutObject', 'states:StartExecution']) assert.ok(actions.includes(action), action);
  assert.match(JSON.stringify(role), /arn:aws:s3:::kit-rows\/in\/rows\.csv/);
});

test('npm run deploy:aws -- --dry-run --batch prints the state machine; a --batch that is not an S3 object is refused', () => {
  const run = runScript('scripts/deploy-aws.ts', ['--dry-run', '--batch', 's3://kit-rows/in/rows.csv', '--stage', 'test'], {});
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /model {6}[0-9a-f]{16}\n/);
  assert.match(run.stdout, /batch {6}state machine tabular-classifier-test-score-batch: a Distributed Map over s3:\/\/kit-rows\/in\/rows\.csv in batches of 500 rows → tabular-classifier-test-predict → s3:\/\/kit-rows\/in\/rows-scored\/\n/);
  const refused = runScript('scripts/deploy-aws.ts', ['--dry-run', '--batch', 'rows.csv'], {});
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--batch takes the CSV to score as s3:\/\/BUCKET\/KEY\.csv, got "rows\.csv"/);
  const rollback = runScript('scripts/deploy-aws.ts', ['--dry-run', '--rollback', '--stage', 'test'], {});
  assert.equal(rollback.status, 0, rollback.stderr);
  assert.match(rollback.stdout, /Would roll back \(osls deploy list --stage test, then osls rollback --timestamp <the deployment before the current one>\)/);
});
