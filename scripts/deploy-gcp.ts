// npm run deploy:gcp -- [--name NAME] [--region REGION] [--project ID] [--public] [--dry-run]
// Deploys the built GCP archive with gcloud (2nd gen, nodejs22, entry point predict);
// without gcloud on PATH, or with --dry-run, prints the exact command instead.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ARTIFACTS_DIR, unpackArchive } from './archives.ts';
import { onPath, settingsFromEnv, shellLine } from './deploy-env.ts';
import { parseFlags } from './cli-args.ts';

const { values } = parseFlags({
  args: process.argv.slice(2),
  options: {
    name: { type: 'string', default: 'tabular-classifier' },
    region: { type: 'string', default: 'us-central1' },
    project: { type: 'string' },
    memory: { type: 'string', default: '256Mi' },
    public: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});

// gcloud uploads a folder, so the archive is unpacked where the command can find it later.
const { dir } = unpackArchive('gcp', join(ARTIFACTS_DIR, 'gcp-function'));
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
if (values['dry-run'] || !onPath('gcloud')) {
  if (!values['dry-run']) process.stderr.write('gcloud is not installed here; run this where it is (https://cloud.google.com/sdk):\n');
  // The printed line never shows the API key: the shell fills it in when the line is run.
  const printable = command.map((arg) =>
    env.API_KEY && arg.startsWith('--set-env-vars=') ? `"${escapeForDoubleQuotes(arg).replace(escapeForDoubleQuotes(`API_KEY=${env.API_KEY}`), 'API_KEY=${API_KEY}')}"` : shellLine([arg]),
  );
  process.stdout.write(`${printable.join(' ')}\n`);
} else {
  process.exitCode = spawnSync(command[0], command.slice(1), { stdio: 'inherit' }).status ?? 1;
}

function escapeForDoubleQuotes(text: string): string {
  return text.replace(/[\\"$`]/g, (char) => `\\${char}`);
}

/** gcloud splits --set-env-vars on commas; a value holding one (a CORS_ORIGINS list) needs gcloud's ^DELIM^ form. */
function envVarsFlag(vars: Record<string, string>): string {
  const pairs = Object.entries(vars).map(([name, value]) => `${name}=${value}`);
  return pairs.some((pair) => pair.includes(',')) ? `^|^${pairs.join('|')}` : pairs.join(',');
}
