import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { unzipSync } from 'fflate';

/** Unpacks into `dir` (fflate), refusing entry names that would land outside it. */
export function unpackZip(zip: Buffer, dir: string): void {
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith('/')) continue;
    const target = normalize(join(dir, name));
    if (!target.startsWith(normalize(dir) + '/')) throw new Error(`zip entry escapes the target folder: ${name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
}
