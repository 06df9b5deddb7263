// npm run deploy:gcp -- [--name NAME] [--region REGION] [--project ID] [--public] [--dry-run] [--rollback]
// Deploys the built GCP archive with gcloud (2nd gen, nodejs22, entry point predict): a
// new Cloud Run revision of the function, which then takes the traffic; afterwards the
// deployed GET /health must answer the model version shipped. --rollback sends the
// traffic back to the revision before the one serving. Without gcloud on PATH, or with
// --dry-run, prints the exact commands instead.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ARTIFACTS_DIR } from './archives.ts';
import { onPath, settingsFromEnv, shellLine } from './deploy-env.ts';
import { parseFlags } from './cli-args.ts';
import { checkHealthOverHttp, shippedArchive } from './shipped-model.ts';
import { unpackZip } from './unzip.ts';

const { values } = parseFlags({
  args: process.argv.slice(2),
  options: {
    name: { type: 'string', default: 'tabular-classifier' },
    region: { type: 'string', default: 'us-central1' },
    project: { type: 'string' },
    memory: { type: 'string', default: '256Mi' },
    public: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    rollback: { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stderr.write(`deploy:gcp: ${line}\n`);
const where = [`--region=${values.region}`, ...(values.project ? [`--project=${values.project}`] : [])];
const printOnly = values['dry-run'] || !onPath('gcloud');
if (!values['dry-run'] && printOnly) say('gcloud is not installed here; run this where it is (https://cloud.google.com/sdk):');

/** gcloud's output, or undefined (its error shown) when it fails. */
function gcloud(args: string[]): string | undefined {
  const run = spawnSync('gcloud', args, { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** The deployed function's GET /health, with an identity token unless it is public. */
async function health(expected: string): Promise<string | undefined> {
  const url = gcloud(['functions', 'describe', values.name, '--gen2', ...where, '--format=value(serviceConfig.uri)']);
  if (!url) return 'cannot read the function\'s URL (gcloud functions describe failed)';
  const token = values.public ? undefined : gcloud(['auth', 'print-identity-token']);
  say(`checking ${url}/health`);
  return checkHealthOverHttp(url, expected, token ? { authorization: `Bearer ${token}` } : {});
}

if (values.rollback) {
  // A 2nd gen function is a Cloud Run service of the same name: its revisions, newest first.
  const list = ['run', 'revisions', 'list', `--service=${values.name}`, ...where, '--format=value(metadata.name)', '--sort-by=~metadata.creationTimestamp'];
  const serving = ['run', 'services', 'describe', values.name, ...where, '--format=value(status.traffic[0].revisionName)'];
  if (printOnly) {
    process.stdout.write(`${shellLine(['gcloud', ...list])}\n${shellLine(['gcloud', ...serving])}\n${shellLine(['gcloud', 'run', 'services', 'update-traffic', values.name, ...where, '--to-revisions=PREVIOUS_REVISION=100'])}\n`);
    process.exit(0);
  }
  const revisions = (gcloud(list) ?? '').split('\n').filter(Boolean);
  const current = gcloud(serving) ?? revisions[0];
  const previous = revisions[revisions.indexOf(current) + 1];
  if (!previous) {
    say(`no revision older than ${current ?? '(none)'} to roll back to (revisions: ${revisions.join(', ') || 'none'})`);
    process.exit(1);
  }
  say(`sending all traffic of ${values.name} from ${current} back to ${previous}`);
  if (gcloud(['run', 'services', 'update-traffic', values.name, ...where, `--to-revisions=${previous}=100`]) === undefined) process.exit(1);
  const url = gcloud(['functions', 'describe', values.name, '--gen2', ...where, '--format=value(serviceConfig.uri)']);
  if (url) {
    const answer = await fetch(`${url}/health`, { headers: values.public ? {} : { authorization: `Bearer ${gcloud(['auth', 'print-identity-token']) ?? ''}` } }).then((response) => response.text(), (error: Error) => error.message);
    say(`GET /health now answers ${answer}`);
  }
  say('the next npm run deploy:gcp sends the traffic to its new revision again');
  process.exit(0);
}

const shipped = shippedArchive('gcp', say);
if (!shipped) process.exit(1);
say(`shipping model ${shipped.modelVersion} (${relative(process.cwd(), shipped.path) || shipped.path})`);
// gcloud uploads a folder, so the archive is unpacked where the command can find it later.
const dir = join(ARTIFACTS_DIR, 'gcp-function');
rmSync(dir, { recursive: true, force: true });
unpackZip(shipped.zip, dir);
// NODE_ENV=production also keeps Express's error pages free of stack traces (the function sets it too).
const env: Record<string, string> = { NODE_ENV: 'production', ...settingsFromEnv() };
const command = [
  'gcloud', 'functions', 'deploy', values.name,
  '--gen2', '--runtime=nodejs22', '--trigger-http', '--entry-point=predict',
  `--source=${dir}`, `--region=${values.region}`, `--memory=${values.memory}`,
  values.public ? '--allow-unauthenticated' : '--no-allow-unauthenticated',
  `--set-env-vars=${envVarsFlag(env)}`,
  ...(values.project ? [`--project=${values.project}`] : []),
];
if (printOnly) {
  // The printed line never shows the API key: the shell fills it in when the line is run.
  const printable = command.map((arg) =>
    env.API_KEY && arg.startsWith('--set-env-vars=') ? `"${escapeForDoubleQuotes(arg).replace(escapeForDoubleQuotes(`API_KEY=${env.API_KEY}`), 'API_KEY=${API_KEY}')}"` : shellLine([arg]),
  );
  process.stdout.write(`${printable.join(' ')}\n`);
} else {
  const status = spawnSync(command[0], command.slice(1), { stdio: 'inherit' }).status ?? 1;
  if (status !== 0) process.exit(status);
  const problem = await health(shipped.modelVersion);
  if (problem) {
    say(`${problem}; to send the traffic back to the previous revision: npm run deploy:gcp -- --rollback --name ${values.name} --region ${values.region}${values.project ? ` --project ${values.project}` : ''}`);
    process.exit(1);
  }
  say(`deployed: GET /health answers model ${shipped.modelVersion}`);
}

function escapeForDoubleQuotes(text: string): string {
  return text.replace(/[\\"$`]/g, (char) => `\\${char}`);
}

/** gcloud splits --set-env-vars on commas; a value holding one (a CORS_ORIGINS list) needs gcloud's ^DELIM^ form. */
function envVarsFlag(vars: Record<string, string>): string {
  const pairs = Object.entries(vars).map(([name, value]) => `${name}=${value}`);
  return pairs.some((pair) => pair.includes(',')) ? `^|^${pairs.join('|')}` : pairs.join(',');
}
