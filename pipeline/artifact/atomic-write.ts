import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { removeStaleTemporariesOf, temporaryPathOf } from './temp-files.ts';

/**
 * Writes through a temp file in the same folder, flushed to disk, then renamed over
 * the target: a reader (or a crash) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  removeStaleTemporariesOf(path);
  const temporary = temporaryPathOf(path);
  try {
    const fd = openSync(temporary, 'w', 0o644);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
