import { spawn, spawnSync } from 'node:child_process';
import { ROOT } from '../../scripts/repo-root.ts';
import { tempDir } from './temp-dir.ts';

// Every npm run train a test starts records its run here, not in the user's artifacts/runs.
process.env.KIT_RUNS_DIR ??= tempDir('kit-test-runs-');

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

/** runScript without blocking this process: for scripts that talk to a server this test file runs. */
export function runScriptAsync(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}
