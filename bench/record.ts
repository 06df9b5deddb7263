// Every benchmark's figures, as one JSON record in artifacts/bench-<name>.json: what ran
// (the bench, the commit, whether the tree had changes), when, and on what machine, beside
// the figures themselves. npm run docs:bench turns the records into docs/benchmark-results.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { gitCommit } from '../pipeline/artifact/provenance.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { ROOT } from './processes.ts';

/** Whether the tree had uncommitted changes (null outside a git checkout). */
function changedTree(): boolean | null {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    return null;
  }
}

/** The machine as every benchmark names it: cores × CPU, Node. */
export function benchMachine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
}

/** Writes the record and returns its path. */
export function writeBenchRecord(name: string, figures: Record<string, unknown>): string {
  const path = join(ARTIFACTS_DIR, `bench-${name}.json`);
  const record = { bench: name, date: new Date().toISOString(), commit: gitCommit(), changedTree: changedTree(), machine: benchMachine(), memoryGiB: Math.round(totalmem() / 2 ** 30), ...figures };
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
