// Every benchmark's figures, as one JSON record in artifacts/bench-<name>.json: what ran
// (the bench, the commit, whether the tree had changes), when, and on what machine, beside
// the figures themselves. npm run docs:bench turns the records into docs/benchmark-results.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { ROOT } from './processes.ts';

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function benchMachine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Writes the record and returns its path. */
export function writeBenchRecord(name: string, figures: Record<string, unknown>): string {
  const path = join(ARTIFACTS_DIR, `bench-${name}.json`);
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  const record = { bench: name, date: new Date().toISOString(), commit: git(['rev-parse', 'HEAD']), changedTree: status === null ? null : status !== '', machine: benchMachine(), ...figures };
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
