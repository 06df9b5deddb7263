// npm run deploy:aws-cli -- [--name NAME] [--region REGION] [--dry-run]
// Deploys with the `aws-lambda` CLI (`lambda deploy <config>`): writes its YAML config
// for the built bundle, then runs it. The execution role comes from LAMBDA_ROLE_ARN.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { ARTIFACTS_DIR, unpackArchive } from './archives.ts';
import { settingsFromEnv } from './deploy-env.ts';

const AWS_LAMBDA_CLI = 'aws-lambda@1.0.7';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'tabular-classifier' },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const role = process.env.LAMBDA_ROLE_ARN;
if (!role) {
  process.stderr.write('deploy:aws-cli: set LAMBDA_ROLE_ARN to the ARN of the function\'s execution role (one with AWSLambdaBasicExecutionRole)\n');
  process.exit(2);
}

// The CLI zips the folder PATH points at, so the archive is unpacked beside the config.
unpackArchive('aws', join(ARTIFACTS_DIR, 'aws-lambda'));
const yaml = (value: string) => JSON.stringify(value); // a JSON string is a valid YAML scalar
const environment = Object.entries(settingsFromEnv());
const config = [
  '# Written by npm run deploy:aws-cli for the `aws-lambda` CLI: lambda deploy artifacts/aws-lambda.lambda',
  'PATH: ./aws-lambda',
  'AWS_KEY: { Ref: "env.AWS_ACCESS_KEY_ID" }',
  'AWS_SECRET: { Ref: "env.AWS_SECRET_ACCESS_KEY" }',
  `AWS_REGION: ${yaml(values.region)}`,
  `FunctionName: ${yaml(values.name)}`,
  `Role: ${yaml(role)}`,
  'Runtime: "nodejs22.x"',
  'Handler: "index.handler"',
  'MemorySize: "256"',
  'Timeout: "5"',
  'Description: "Tabular classifier prediction endpoint (tabular-serverless-kit)"',
  // Always written: this CLI removes settings that its config leaves out.
  'Environment:',
  ...(environment.length > 0 ? ['  Variables:', ...environment.map(([name, value]) => `    ${name}: ${yaml(value)}`)] : ['  Variables: {}']),
  '',
].join('\n');
const configPath = join(ARTIFACTS_DIR, 'aws-lambda.lambda');
writeFileAtomic(configPath, config);
process.stderr.write(`Wrote ${configPath}\n`);

const command = ['npx', '--yes', AWS_LAMBDA_CLI, 'deploy', configPath];
if (values['dry-run']) {
  process.stdout.write(`${command.join(' ')}\n`);
} else {
  process.exitCode = spawnSync(command[0], command.slice(1), { stdio: 'inherit' }).status ?? 1;
}
