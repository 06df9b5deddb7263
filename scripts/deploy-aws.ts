// npm run deploy:aws -- [--dry-run] [--batch s3://BUCKET/KEY.csv] [--rollback] [osls options, e.g. --stage prod --region eu-west-1]
// Deploys the built Lambda archive with serverless.yml through osls, the MIT fork of
// the Serverless Framework (no vendor login needed): each deploy publishes a new Lambda
// version, and the deployed GET /health must then answer the model version shipped.
// --rollback redeploys the deployment before the current one (osls rollback). --batch
// adds a Step Functions state machine that scores the CSV in S3 (serverless/batch.yml).
// AWS credentials come from the usual places. --dry-run packages offline and prints
// what would be deployed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { describeSettings } from './deploy-env.ts';
import { OSLS, packageTemplate } from './osls.ts';
import { ROOT } from './repo-root.ts';
import { checkHealthOverHttp, shippedArchive } from './shipped-model.ts';

const say = (line: string) => process.stderr.write(`deploy:aws: ${line}\n`);
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const rollback = args.includes('--rollback');
const batchAt = args.indexOf('--batch');
const batchInput = batchAt >= 0 ? args[batchAt + 1] : undefined;
// What osls itself is given: the kit's own flags taken out.
const options = args.filter((arg, i) => arg !== '--dry-run' && arg !== '--rollback' && i !== batchAt && !(batchAt >= 0 && i === batchAt + 1));
const osls = (command: string[], env: NodeJS.ProcessEnv = process.env, capture = false) =>
  spawnSync(process.execPath, [OSLS, ...command, ...options], { cwd: ROOT, env, encoding: 'utf8', stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit' });

/** serverless/batch.yml's settings from s3://BUCKET/KEY.csv: results go beside it, under KEY-scored/. */
function batchEnv(uri: string | undefined): Record<string, string> | undefined {
  const match = uri === undefined ? null : /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  if (!match) {
    say(`--batch takes the CSV to score as s3://BUCKET/KEY.csv, got ${uri === undefined ? 'nothing' : `"${uri}"`}`);
    process.exit(2);
  }
  return { KIT_BATCH_RESOURCES: 'batch', BATCH_BUCKET: match[1], BATCH_KEY: match[2], BATCH_RESULTS_PREFIX: `${match[2].replace(/\.csv$/i, '')}-scored/` };
}
const batch = batchAt >= 0 ? batchEnv(batchInput) : undefined;

if (rollback) {
  // osls keeps every deployment's template and archive in its deployment bucket: the one before the current one.
  if (dryRun) {
    process.stdout.write(`Would roll back (osls deploy list ${options.join(' ')}, then osls rollback --timestamp <the deployment before the current one>), then GET /health\n`);
    process.exit(0);
  }
  const listed = osls(['deploy', 'list'], process.env, true);
  const timestamps = [...(listed.stdout ?? '').matchAll(/Timestamp:\s*(\d+)/g)].map((match) => match[1]).sort();
  if (listed.status !== 0 || timestamps.length < 2) {
    say(`no earlier deployment to roll back to (osls deploy list found ${timestamps.length})`);
    process.exit(1);
  }
  const previous = timestamps[timestamps.length - 2];
  say(`rolling back to the deployment of ${new Date(Number(previous)).toISOString()} (osls rollback --timestamp ${previous})`);
  process.exit(osls(['rollback', '--timestamp', previous]).status ?? 1);
}

const shipped = shippedArchive('aws', say);
if (!shipped) process.exit(1);
const env = { ...process.env, ...batch };
if (!dryRun) {
  say(`shipping model ${shipped.modelVersion}`);
  const status = osls(['deploy'], env).status ?? 1;
  if (status !== 0) process.exit(status);
  const info = osls(['info'], env, true);
  const url = /https:\/\/[^\s]+\.execute-api\.[^\s]+?(?=\/?\s|$)/m.exec(info.stdout ?? '')?.[0];
  if (!url) {
    say('deployed, but osls info names no HTTP API URL: GET /health not checked');
    process.exit(1);
  }
  const problem = await checkHealthOverHttp(url, shipped.modelVersion);
  if (problem) {
    say(`${problem}; to go back to the previous deployment: npm run deploy:aws -- --rollback ${options.join(' ')}`.trimEnd());
    process.exit(1);
  }
  say(`deployed: ${url}/health answers model ${shipped.modelVersion}`);
} else {
  const { resources } = packageTemplate(ROOT, options, batch ?? {});
  const fn = resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties;
  const routes = resources.filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route').map((resource) => resource.Properties.RouteKey as string);
  const url = resources.find((resource) => resource.Type === 'AWS::Lambda::Url');
  const machine = resources.find((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')?.Properties;
  const map = machine?.Definition.States.ScoreRows;
  process.stdout.write(
    [
      `Would deploy (osls deploy ${options.join(' ')}):`,
      `  function   ${fn.FunctionName}: ${fn.Handler}, ${fn.Runtime} on ${(fn.Architectures ?? ['x86_64']).join(', ')}, ${fn.MemorySize} MB, ${fn.Timeout} s`,
      `  code       ${relative(process.cwd(), shipped.path) || shipped.path} (sha256 ${createHash('sha256').update(shipped.zip).digest('hex')})`,
      `  model      ${shipped.modelVersion}`,
      `  settings   ${describeSettings((fn.Environment?.Variables ?? {}) as Record<string, string>)}`,
      `  HTTP API   ${routes.length > 0 ? routes.join(', ') : '(none)'}${routes.includes('$default') ? ' (every path and method)' : ''}`,
      `  URL        ${url ? `Function URL, auth ${url.Properties.AuthType}` : 'no Function URL (FUNCTION_URL=true adds one)'}`,
      `  batch      ${
        machine
          ? `state machine ${machine.StateMachineName}: a Distributed Map over s3://${map.ItemReader.Parameters.Bucket}/${map.ItemReader.Parameters.Key} in batches of ${map.ItemBatcher.MaxItemsPerBatch} rows → ${fn.FunctionName} → s3://${map.ResultWriter.Parameters.Bucket}/${map.ResultWriter.Parameters.Prefix}`
          : 'no state machine (--batch s3://BUCKET/KEY.csv adds one)'
      }`,
      '  versions   each deploy publishes a new Lambda version; npm run deploy:aws -- --rollback goes back to the previous deployment',
      '',
    ].join('\n'),
  );
}
