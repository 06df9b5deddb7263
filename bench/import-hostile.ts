// npx tsx bench/import-hostile.ts: how long each hostile model file takes to be refused,
// and the peak RSS of the process doing it. Each file runs in a fresh Node process
// (node --import tsx), 5 times, interleaved; figures are medians. "baseline" is the same
// process importing the reader and reading nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const HOSTILE = join(import.meta.dirname, '..', 'tests', 'fixtures', 'pickles', 'hostile');
const RUNS = 5;

if (process.argv[2] === '--one') {
  const { importSklearnModelFile } = await import('../pipeline/import/index.ts');
  const file = process.argv[3];
  const start = performance.now();
  let message = 'read';
  if (file !== 'baseline') {
    try {
      importSklearnModelFile(join(HOSTILE, file));
    } catch (error) {
      message = (error as Error).message;
    }
  }
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, message }));
  process.exit(0);
}

const files = ['baseline', ...readdirSync(HOSTILE).filter((f) => f.endsWith('.pkl')).sort()];
const samples = new Map<string, { ms: number; rssMb: number; message: string }[]>(files.map((f) => [f, []]));
for (let run = 0; run < RUNS; run++) {
  for (const file of files) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', file], { encoding: 'utf8' });
    samples.get(file)!.push(JSON.parse(out));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [file, runs] of samples) {
  const ms = median(runs.map((r) => r.ms)).toFixed(1);
  const rss = median(runs.map((r) => r.rssMb)).toFixed(0);
  console.log(`${file.padEnd(18)} ${ms.padStart(7)} ms  ${rss.padStart(4)} MB peak RSS  ${runs[0].message.slice(0, 90)}`);
}
