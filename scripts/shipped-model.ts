// What a deploy ships, checked before and after: the model version embedded in the
// archive (it must be the one artifacts/model.json holds, or the archive is rebuilt),
// and the version the deployed function's GET /health answers.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { ARTIFACTS_DIR, ensureArchive } from './archives.ts';
import { runTsScript } from './run-ts-script.ts';
import { TARGETS } from './targets.ts';

/** The build inlines the serving model as JSON text; its version is the one `"modelVersion":"…"` in the bundle. */
export function embeddedModelVersion(zip: Uint8Array): string | undefined {
  const index = unzipSync(zip)['index.js'];
  if (!index) return undefined;
  const found = [...Buffer.from(index).toString('utf8').matchAll(/"modelVersion":"([0-9a-f]{16})"/g)].map((match) => match[1]);
  return found.length > 0 && found.every((version) => version === found[0]) ? found[0] : undefined;
}

export interface ShippedArchive {
  path: string;
  zip: Buffer;
  modelVersion: string;
}

/**
 * The target's archive, embedding the promoted model (model.json beside the archives):
 * an archive built from another model is rebuilt first, and one that still does not
 * match (or carries no model) is refused with a line saying why.
 */
export function shippedArchive(target: keyof typeof TARGETS, say: (line: string) => void): ShippedArchive | undefined {
  const path = ensureArchive(target);
  const artifact = join(ARTIFACTS_DIR, 'model.json');
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (!existsSync(artifact)) {
    say(`${shown(artifact)} is missing: cannot tell which model ${shown(path)} should carry; train and build first (npm run build)`);
    return undefined;
  }
  const expected = (JSON.parse(readFileSync(artifact, 'utf8')) as { modelVersion?: string }).modelVersion;
  let zip = readFileSync(path);
  let embedded = embeddedModelVersion(zip);
  if (embedded !== expected) {
    say(`${shown(path)} carries model ${embedded ?? '(none found)'}, but ${shown(artifact)} is model ${expected}: rebuilding it (npm run build)`);
    if (runTsScript('scripts/build.ts', ['--artifact', artifact, '--out-dir', ARTIFACTS_DIR], { sideStep: true }) !== 0) return undefined;
    zip = readFileSync(path);
    embedded = embeddedModelVersion(zip);
    if (embedded !== expected) {
      say(`${shown(path)} still carries model ${embedded ?? '(none found)'} after the build, not ${expected}: refusing to deploy it`);
      return undefined;
    }
  }
  return { path, zip, modelVersion: expected! };
}

/** What GET /health answered, checked against the version shipped: undefined when it matches, else why not. */
export function healthProblem(status: number, body: string, expected: string): string | undefined {
  if (status !== 200) return `GET /health answered ${status}: ${body.slice(0, 200)}`;
  let version: unknown;
  try {
    version = (JSON.parse(body) as { model_version?: unknown }).model_version;
  } catch {
    return `GET /health answered something that is not JSON: ${body.slice(0, 200)}`;
  }
  return version === expected ? undefined : `GET /health answered model ${String(version)}, not ${expected} (the version deployed)`;
}

/** GET <url>/health, a few times while a new revision takes traffic; undefined when it answers the expected version. */
export async function checkHealthOverHttp(url: string, expected: string, headers: Record<string, string> = {}, attempts = 5): Promise<string | undefined> {
  let problem: string | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    try {
      const response = await fetch(`${url.replace(/\/+$/, '')}/health`, { headers, signal: AbortSignal.timeout(15_000) });
      problem = healthProblem(response.status, await response.text(), expected);
    } catch (error) {
      problem = `GET ${url}/health failed: ${(error as Error).message}`;
    }
    if (problem === undefined) return undefined;
  }
  return problem;
}
