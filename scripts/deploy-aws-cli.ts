// npm run deploy:aws-cli -- [--name NAME] [--region REGION] [--url-auth NONE|AWS_IAM] [--no-url] [--dry-run] [--rollback]
// Deploys the built Lambda archive with the AWS SDK: creates the function (or updates its
// code and configuration), nodejs22.x on arm64 as serverless.yml has it, publishes the
// result as a new version and points the alias "live" at it; the Function URL serves the
// alias. The deployed GET /health must then answer the model version shipped, or the
// alias goes back to the version it had. --rollback points the alias at the version
// before the one it serves. Credentials and region are found the way the AWS CLI finds
// them: environment (session token included), AWS_PROFILE and the shared config and
// credentials files, SSO, credential_process, or the instance's role. A new function
// needs its execution role in LAMBDA_ROLE_ARN.
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionUrlAuthType,
} from '@aws-sdk/client-lambda';
import { describeSettings, FUNCTION_SETTINGS, settingsFromEnv } from './deploy-env.ts';
import { parseFlags } from './cli-args.ts';
import { healthProblem, shippedArchive } from './shipped-model.ts';

const ALIAS = 'live';
const { values } = parseFlags({
  args: process.argv.slice(2),
  options: {
    name: { type: 'string', default: 'tabular-classifier' },
    region: { type: 'string' },
    'url-auth': { type: 'string', default: 'NONE' },
    'no-url': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    rollback: { type: 'boolean', default: false },
  },
});
const authType = values['url-auth'] as FunctionUrlAuthType;
if (authType !== 'NONE' && authType !== 'AWS_IAM') {
  process.stderr.write(`deploy:aws-cli: --url-auth must be NONE (public, then set API_KEY) or AWS_IAM, got "${values['url-auth']}"\n`);
  process.exit(2);
}
const say = (message: string) => process.stderr.write(`deploy:aws-cli: ${message}\n`);
const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the region of your AWS config';

if (values.rollback && values['dry-run']) {
  process.stdout.write(`Would roll back ${values.name} (${region}): alias ${ALIAS} to the published version before the one it serves, then GET /health through it\n`);
  process.exit(0);
}

const shipped = values.rollback ? undefined : shippedArchive('aws', say);
if (!values.rollback && !shipped) process.exit(1);
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
  const { path, zip, modelVersion } = shipped!;
  process.stdout.write(
    [
      `Would deploy with the AWS SDK (${region}):`,
      `  function   ${values.name}: index.handler, nodejs22.x on arm64, 256 MB, 5 s${role ? `, role ${role}` : ' (an existing function keeps its role; a new one needs LAMBDA_ROLE_ARN)'}`,
      `  code       ${relative(process.cwd(), path) || path} (sha256 ${createHash('sha256').update(zip).digest('hex')})`,
      `  model      ${modelVersion}`,
      `  version    published as a new version behind the alias ${ALIAS}, which the Function URL serves (--rollback moves it back)`,
      `  settings   ${describeSettings(environment)}`,
      '             (a setting the live function has and this shell does not is removed: the deploy says which)',
      `  URL        ${values['no-url'] ? 'none (--no-url)' : `Function URL, auth ${authType}${authType === 'NONE' ? ', public: anyone may invoke it' : ''}`}`,
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const client = new LambdaClient(values.region ? { region: values.region } : {});
const waiter = { client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 };
const notFound = (error: unknown) => {
  if (error instanceof ResourceNotFoundException) return undefined;
  throw error;
};

/** GET /health through the alias, as a Function URL or API Gateway would send it (payload 2.0). */
async function health(): Promise<{ status: number; body: string }> {
  const event = { version: '2.0', rawPath: '/health', headers: {}, requestContext: { http: { method: 'GET', path: '/health' } }, isBase64Encoded: false };
  const result = await client.send(new InvokeCommand({ FunctionName: values.name, Qualifier: ALIAS, Payload: Buffer.from(JSON.stringify(event)) }));
  const text = Buffer.from(result.Payload ?? new Uint8Array()).toString('utf8');
  if (result.FunctionError) return { status: 0, body: `the function failed (${result.FunctionError}): ${text}` };
  const answer = JSON.parse(text || '{}') as { statusCode?: number; body?: string };
  return { status: answer.statusCode ?? 0, body: answer.body ?? '' };
}

/** The alias's version, or undefined when there is no alias yet. */
const aliasVersion = async () => (await client.send(new GetAliasCommand({ FunctionName: values.name, Name: ALIAS })).catch(notFound))?.FunctionVersion;

async function pointAlias(version: string, exists: boolean): Promise<void> {
  if (exists) await client.send(new UpdateAliasCommand({ FunctionName: values.name, Name: ALIAS, FunctionVersion: version }));
  else await client.send(new CreateAliasCommand({ FunctionName: values.name, Name: ALIAS, FunctionVersion: version, Description: 'the version that serves (npm run deploy:aws-cli)' }));
}

try {
  if (values.rollback) {
    const current = await aliasVersion();
    if (current === undefined) throw new Error(`${values.name} has no alias ${ALIAS} to roll back`);
    const versions: number[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListVersionsByFunctionCommand({ FunctionName: values.name, Marker: marker }));
      for (const entry of page.Versions ?? []) if (entry.Version && /^\d+$/.test(entry.Version)) versions.push(Number(entry.Version));
      marker = page.NextMarker;
    } while (marker);
    const previous = versions.filter((version) => version < Number(current)).sort((a, b) => b - a)[0];
    if (previous === undefined) throw new Error(`no published version of ${values.name} before ${current} to roll back to`);
    await pointAlias(String(previous), true);
    say(`alias ${ALIAS} moved from version ${current} back to ${previous}; GET /health answers ${(await health()).body}`);
    process.exit(0);
  }
  const { zip, modelVersion } = shipped!;
  say(`shipping model ${modelVersion}`);
  const live = await client.send(new GetFunctionCommand({ FunctionName: values.name })).catch(notFound);
  if (live) {
    // A setting the live function has and the shell does not is removed by this deploy: say so first.
    const current = live.Configuration?.Environment?.Variables ?? {};
    for (const name of FUNCTION_SETTINGS.filter((setting) => current[setting] !== undefined && environment[setting] === undefined)) {
      say(
        name === 'API_KEY'
          ? `the live function has API_KEY set and this shell does not: this deploy REMOVES it, and the function will answer without a key; set API_KEY to keep it`
          : `the live function has ${name}=${current[name]} and this shell does not: this deploy removes it (the default applies)`,
      );
    }
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
  // The code and settings just deployed, as a version of their own, so that the alias can go back.
  const published = await client.send(new PublishVersionCommand({ FunctionName: values.name, CodeSha256: createHash('sha256').update(zip).digest('base64') }));
  const version = published.Version!;
  const before = await aliasVersion();
  await pointAlias(version, before !== undefined);
  say(`published version ${version}; alias ${ALIAS} serves it${before ? ` (it served ${before})` : ''}`);

  const answer = await health();
  const problem = healthProblem(answer.status, answer.body, modelVersion);
  if (problem) {
    if (before !== undefined) await pointAlias(before, true);
    say(`${problem}${before !== undefined ? `; alias ${ALIAS} moved back to version ${before}` : ''}`);
    process.exit(1);
  }
  say(`GET /health answers model ${modelVersion}`);

  if (!values['no-url']) {
    const current = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: values.name, Qualifier: ALIAS })).catch(notFound);
    const url = current
      ? (await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: values.name, Qualifier: ALIAS, AuthType: authType }))).FunctionUrl
      : (await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: values.name, Qualifier: ALIAS, AuthType: authType }))).FunctionUrl;
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
    await client.send(new AddPermissionCommand({ FunctionName: values.name, Qualifier: ALIAS, StatementId: statementId, Principal: '*', ...grant }));
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error; // already there from an earlier deployment
  }
}
