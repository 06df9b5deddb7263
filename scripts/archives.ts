import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './repo-root.ts';
import { runTsScript } from './run-ts-script.ts';
import { TARGETS } from './targets.ts';
import { unpackZip } from './unzip.ts';

/** Where the archives are read from: artifacts/, or KIT_ARTIFACTS_DIR (the tests build elsewhere). */
export const ARTIFACTS_DIR = process.env.KIT_ARTIFACTS_DIR || join(ROOT, 'artifacts');

/** The path of a cloud's archive, building first (and training first) when it is missing. */
export function ensureArchive(target: keyof typeof TARGETS): string {
  const path = join(ARTIFACTS_DIR, TARGETS[target].archive);
  if (!existsSync(path)) {
    process.stderr.write(`${path} is missing: building it first (npm run build)\n`);
    const status = runTsScript('scripts/build.ts', ['--out-dir', ARTIFACTS_DIR], { sideStep: true });
    if (status !== 0) process.exit(status);
  }
  return path;
}

/** Unpacks a cloud's archive into `dir` (a fresh temp folder when omitted), as its console would. */
export function unpackArchive(target: keyof typeof TARGETS, dir?: string): { dir: string; cleanup: () => void } {
  const zip = ensureArchive(target);
  const folder = dir ?? mkdtempSync(join(tmpdir(), `kit-${target}-`));
  if (dir) rmSync(dir, { recursive: true, force: true });
  unpackZip(readFileSync(zip), folder);
  return { dir: folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}
