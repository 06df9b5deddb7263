import { spawnSync } from 'node:child_process';
import { ROOT } from '../../scripts/repo-root.ts';

export { ROOT };

/** Runs a TypeScript script of this repo in a child Node process, as `npm run` would. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
