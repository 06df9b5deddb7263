import { spawnSync } from 'node:child_process';
import { ROOT } from './repo-root.ts';

/** Runs another TypeScript script of the kit in a child process, output passed through. */
export function runTsScript(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit', env });
  return result.status ?? 1;
}
