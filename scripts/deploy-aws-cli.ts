// npm run deploy:aws-cli -- [--name NAME] [--region REGION] [--url-auth NONE|AWS_IAM] [--no-url] [--dry-run]
// Deploys the built Lambda archive with the AWS SDK: creates the function (or updates
// its code and configuration), nodejs22.x on arm64 as serverless.yml has it, and gives
// it a Function URL. Credentials and region are found the way the AWS CLI finds them:
// environment (session token included), AWS_PROFILE and the shared config and
// credentials files, SSO, credential_process, or the instance's role. A new function
// needs its execution role in LAMBDA_ROLE_ARN.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionUrlAuthType,
} from '@aws-sdk/client-lambda';
import { ensureArchive } from './archives.ts';
import { describeSettings, settingsFromEnv } from './deploy-env.ts';
import { parseFlags } from './cli-args.ts';

const { values } = parseFlags({
  args: process.argv.slice(2),
  options: {
    name: { type: 'string', default: 'tabular-classifier' },
    region: { type: 'string' },
    'url-auth': { type: 'string', default: 'NONE' },
    'no-url': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});
const authType = values['url-auth'] as FunctionUrlAuthType;
if (authType !== 'NONE' && authType !== 'AWS_IAM') {
  process.stderr.write(`deploy:aws-cli: --url-auth must be NONE (public, then set API_KEY) or AWS_IAM, got "${values['url-auth']}"\n`);
  process.exit(2);
}

const archive = ensureArchive('aws');
const zip = readFileSync(archive);
const environment = settingsFromEnv();
const configuration = {
  FunctionName: values.name,
  Runtime: 'nodejs22.x' as const,
  Handler: 'index.handler',
  MemorySize: 256,
  Timeout: 5,
  Description: 'Tabular classifier prediction endpoint (tabular-serverless-kit)',
  // Always sent, so that a setting unset in the shell is removed from the function too.
  Environment: { Variables: environment },
};
const role = process.env.LAMBDA_ROLE_ARN || undefined;

if (values['dry-run']) {
  process.stdout.write(
    [
      `Would deploy with the AWS SDK (${values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the region of your AWS config'}):`,
      `  function   ${values.name}: index.handler, nodejs22.x on arm64, 256 MB, 5 s${role ? `, role ${role}` : ' (an existing function keeps its role; a new one needs LAMBDA_ROLE_ARN)'}`,
      `  code       ${relative(process.cwd(), archive) || archive} (sha256 ${createHash('sha256').update(zip).digest('hex')})`,
      `  settings   ${describeSettings(environment)}`,
      `  URL        ${values['no-url'] ? 'none (--no-url)' : `Function URL, auth ${authType}${authType === 'NONE' ? ', public: anyone may invoke it' : ''}`}`,
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const client = new LambdaClient(values.region ? { region: values.region } : {});
const say = (message: string) => process.stderr.write(`deploy:aws-cli: ${message}\n`);
const waiter = { client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 };

try {
  const exists = await client.send(new GetFunctionCommand({ FunctionName: values.name })).then(
    () => true,
    (error: unknown) => {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    },
  );
  if (exists) {
    say(`updating ${values.name}: code, then configuration`);
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: values.name, ZipFile: zip, Architectures: ['arm64'] }));
    await waitUntilFunctionUpdatedV2(waiter, { FunctionName: values.name });
    await client.send(new UpdateFunctionConfigurationCommand({ ...configuration, ...(role ? { Role: role } : {}) }));
    await waitUntilFunctionUpdatedV2(waiter, { FunctionName: values.name });
  } else {
    if (!role) {
      say(`${values.name} does not exist yet: set LAMBDA_ROLE_ARN to the ARN of its execution role (one with AWSLambdaBasicExecutionRole)`);
      process.exit(2);
    }
    say(`creating ${values.name}`);
    await client.send(new CreateFunctionCommand({ ...configuration, Role: role, Code: { ZipFile: zip }, Architectures: ['arm64'] }));
    await waitUntilFunctionActiveV2(waiter, { FunctionName: values.name });
  }

  if (!values['no-url']) {
    const current = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: values.name })).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    });
    const url = current
      ? (await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: values.name, AuthType: authType }))).FunctionUrl
      : (await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: values.name, AuthType: authType }))).FunctionUrl;
    if (authType === 'NONE') {
      // A public URL needs a resource policy that lets anyone invoke it through the URL
      // (both statements, as the console writes them).
      await allow('FunctionURLAllowPublicAccess', { Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' });
      await allow('FunctionURLAllowInvokeAction', { Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true });
    }
    say(`deployed; Function URL (auth ${authType}): ${url}`);
    process.stdout.write(`${url}\n`);
  } else {
    say('deployed (no Function URL)');
  }
} catch (error) {
  const { name, message } = error as Error;
  say(`${name}: ${message}`);
  process.exitCode = 1;
}

async function allow(statementId: string, grant: { Action: string; FunctionUrlAuthType?: 'NONE'; InvokedViaFunctionUrl?: boolean }): Promise<void> {
  try {
    await client.send(new AddPermissionCommand({ FunctionName: values.name, StatementId: statementId, Principal: '*', ...grant }));
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error; // already there from an earlier deployment
  }
}
