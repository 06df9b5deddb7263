import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const RECORDED_PACKAGES = ['ml-logistic-regression', 'ml-matrix'];

/**
 * What the artifact records about where it was made. Wall-clock time only comes in
 * through SOURCE_DATE_EPOCH, so that training twice on the same data gives the same bytes.
 */
export function collectEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return {
    packages: Object.fromEntries(RECORDED_PACKAGES.map((name) => [name, installedVersion(name)])),
    gitCommit: gitCommit(),
    createdAt: createdAt(env.SOURCE_DATE_EPOCH),
  };
}

function installedVersion(name: string): string {
  const path = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function createdAt(sourceDateEpoch: string | undefined): string | null {
  if (sourceDateEpoch === undefined || sourceDateEpoch === '') return null;
  if (!/^\d+$/.test(sourceDateEpoch)) throw new RangeError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${sourceDateEpoch}"`);
  return new Date(Number(sourceDateEpoch) * 1000).toISOString();
}
