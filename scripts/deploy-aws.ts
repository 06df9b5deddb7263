// npm run deploy:aws -- [osls options, e.g. --stage prod --region eu-west-1]
// Deploys the built Lambda archive with serverless.yml through osls, the MIT fork of
// the Serverless Framework (no vendor login needed). AWS credentials come from the usual places.
import { spawnSync } from 'node:child_process';
import { ensureArchive } from './archives.ts';
import { ROOT } from './repo-root.ts';

ensureArchive('aws');
const result = spawnSync(process.execPath, [`${ROOT}node_modules/osls/bin/serverless.js`, 'deploy', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
