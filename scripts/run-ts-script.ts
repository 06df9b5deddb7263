import { spawnSync } from 'node:child_process';
import { ROOT } from './repo-root.ts';

/**
 * Runs another TypeScript script of the kit in a child process, output passed through.
 * A side step (building what a command needs first) sends its stdout to stderr, so that
 * the command's own stdout stays what it prints.
 */
export function runTsScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; sideStep?: boolean } = {}): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: options.sideStep ? ['inherit', 2, 'inherit'] : 'inherit',
    env: options.env ?? process.env,
  });
  return result.status ?? 1;
}
