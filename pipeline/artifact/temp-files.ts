// Temporary files are named after the process that writes them (`.model.json.tmp-<pid>`),
// so that one killed with SIGKILL, which no handler sees, can be told from a writer still
// at work: the next write beside it removes the temporaries of processes that are gone.
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where `path` is written before it is renamed into place. */
export function temporaryPathOf(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.tmp-${pid}`);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what dead writers left in `dir`: entries named `prefix` + `<pid>` (+ anything
 * after a "-"), files or folders, whose process no longer runs. Nothing else is touched.
 */
export function removeStaleTemporaries(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)(-|$)/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid || processIsAlive(Number(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Removes the stale temporaries of `path` (see temporaryPathOf). */
export function removeStaleTemporariesOf(path: string): void {
  removeStaleTemporaries(dirname(path), `.${basename(path)}.tmp-`);
}
