// What each cloud accepts, and what the built archive costs at cold start, so that a
// model too large for a platform is said at build time rather than at deploy time or at
// the first request. The limits are the platforms' documented ones:
// - AWS Lambda: 50 MB zipped for a direct upload, 250 MB unzipped, the function's
//   memory (serverless.yml memorySize);
// - Cloud Functions / Cloud Run functions: 100 MB zipped source for a direct upload,
//   500 MB unzipped, the memory deploy:gcp asks for (--memory, 256Mi by default).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { InputSpec } from '../pipeline/artifact/model-parts.ts';
import { formatIsoDate } from '../pipeline/data/dates.ts';
import { ROOT } from './repo-root.ts';
import { unpackZip } from './unzip.ts';

const MB = 1024 * 1024;

export interface PlatformLimits {
  name: string;
  zippedBytes: number;
  unzippedBytes: number;
  memoryMb: number;
}

/** The memory a deployment gets: serverless.yml's memorySize for Lambda, deploy:gcp's default for GCP. */
function lambdaMemoryMb(): number {
  const match = /^\s*memorySize:\s*(\d+)/m.exec(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  return match ? Number(match[1]) : 128;
}

export const LIMITS: Record<'aws' | 'gcp', () => PlatformLimits> = {
  aws: () => ({ name: 'AWS Lambda', zippedBytes: 50 * MB, unzippedBytes: 250 * MB, memoryMb: lambdaMemoryMb() }),
  gcp: () => ({ name: 'Cloud Functions', zippedBytes: 100 * MB, unzippedBytes: 500 * MB, memoryMb: 256 }),
};

export interface ColdStart {
  milliseconds: number;
  residentMb: number;
}

/** A cold start as far as this machine can tell: a fresh node requires the Lambda archive's index.js and answers one prediction. */
export function measureColdStart(zip: Buffer, inputs: readonly InputSpec[]): ColdStart | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'kit-cold-'));
  try {
    unpackZip(zip, dir);
    const record = Object.fromEntries(inputs.map((input) => [input.name, input.type === 'numeric' ? (input.mean ?? 0) : input.type === 'date' ? formatIsoDate(input.max ?? 0, input.time === true) : (input.categories?.[0] ?? input.infrequent?.[0] ?? '')]));
    const script = `const t=process.hrtime.bigint();require('./index.js').handler(${JSON.stringify(record)},{}).then(()=>{process.stdout.write('\\n'+JSON.stringify({ms:Number(process.hrtime.bigint()-t)/1e6,rss:process.memoryUsage.rss()/${MB}}))})`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });
    if (run.status !== 0) return undefined;
    // The function's own log line comes first on stdout; the figures are the last line.
    const { ms, rss } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; rss: number };
    return { milliseconds: ms, residentMb: rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bytes an archive takes once unpacked. */
export function unzippedBytes(zip: Buffer): number {
  let total = 0;
  for (const data of Object.values(unzipSync(zip))) total += data.length;
  return total;
}

/** A cold start slower than this is worth a word: users notice a first request that takes a second. */
const SLOW_COLD_START_MS = 1000;

/** What is wrong or worth knowing about an archive on its platform: one line each. */
export function limitWarnings(limits: PlatformLimits, zipBytes: number, unpackedBytes: number, cold: ColdStart | undefined): string[] {
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  const warnings: string[] = [];
  if (zipBytes > limits.zippedBytes) warnings.push(`${mb(zipBytes)} zipped is over ${limits.name}'s ${mb(limits.zippedBytes)} for a direct upload`);
  if (unpackedBytes > limits.unzippedBytes) warnings.push(`${mb(unpackedBytes)} unzipped is over ${limits.name}'s ${mb(limits.unzippedBytes)}: it cannot be deployed`);
  if (cold && cold.residentMb > 0.8 * limits.memoryMb) warnings.push(`a cold start takes ${cold.residentMb.toFixed(0)} MB of memory, ${cold.residentMb > limits.memoryMb ? 'more than' : 'close to'} the ${limits.memoryMb} MB the function is given`);
  if (cold && cold.milliseconds > SLOW_COLD_START_MS) warnings.push(`a cold start took ${(cold.milliseconds / 1000).toFixed(1)} s here (parsing and checking the embedded model): every new instance pays it`);
  return warnings;
}
