// npm run bench:drift: the drift stream's cost. A reference profile of 100 000 training
// rows × 10 features (7 numbers, 3 categories), then 1 000 000 production rows fed batch by
// batch (1000 rows, as requests arrive; generated per batch so they never sit in memory
// together), then the per-feature comparison. Medians of BENCH_DRIFT_RUNS runs in one
// process; peak RSS of the whole process (VmHWM). Timings exclude generating the rows.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriftAccumulator, type BatchColumn } from '../pipeline/drift/accumulate.ts';
import { compareProfile } from '../pipeline/drift/compare.ts';
import { profileCategorical, profileNumeric, type ReferenceProfile } from '../pipeline/drift/profile.ts';
import { peakRssMb, ROOT } from './processes.ts';
import { writeBenchRecord } from './record.ts';
import { summarize } from './stats.ts';

const RUNS = Number(process.env.BENCH_DRIFT_RUNS ?? 5);
const TRAINING_ROWS = 100_000;
const CURRENT_ROWS = 1_000_000;
const BATCH = Number(process.env.BENCH_DRIFT_BATCH ?? 1000);
const NUMBERS = 7;
const LEVELS = [['red', 'green', 'blue', 'amber'], Array.from({ length: 30 }, (_, k) => `city${k}`), ['yes', 'no']];

// xorshift32 uniforms: deterministic, cheap, no allocation.
let state = 2463534242;
const uniform = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const normalish = () => uniform() + uniform() + uniform() - 1.5;

function fillNumbers(out: Float64Array, j: number, shift: number): void {
  for (let i = 0; i < out.length; i++) out[i] = uniform() < 0.02 ? Number.NaN : j % 2 ? Math.round(normalish() * 4 + shift) : normalish() * (j + 1) + shift;
}
function fillCodes(out: Int32Array, levels: number, skew: number): void {
  for (let i = 0; i < out.length; i++) out[i] = uniform() < 0.01 ? -1 : Math.min(levels - 1, Math.floor(uniform() ** skew * levels));
}

const ownPeakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

const started = process.hrtime.bigint();
const training = Array.from({ length: NUMBERS }, (_, j) => {
  const values = new Float64Array(TRAINING_ROWS);
  fillNumbers(values, j, 0);
  return values;
});
const trainingCodes = LEVELS.map((levels) => {
  const codes = new Int32Array(TRAINING_ROWS);
  fillCodes(codes, levels.length, 1.5);
  return codes;
});
const profileStart = process.hrtime.bigint();
const profile: ReferenceProfile = {
  version: 1,
  rows: TRAINING_ROWS,
  features: [
    ...training.map((values, j) => ({ ...profileNumeric(values), name: `x${j}`, role: 'feature' as const })),
    ...trainingCodes.map((codes, k) => ({ ...profileCategorical({ codes, levels: LEVELS[k] }), name: `c${k}`, role: 'feature' as const })),
  ],
};
const profileMs = Number(process.hrtime.bigint() - profileStart) / 1e6;
const profileBytes = JSON.stringify(profile).length;
training.length = 0;
trainingCodes.length = 0;

const numbers = Array.from({ length: NUMBERS }, () => new Float64Array(BATCH));
const codes = LEVELS.map(() => new Int32Array(BATCH));
const batch: Record<string, BatchColumn> = {};
numbers.forEach((column, j) => (batch[`x${j}`] = column));
codes.forEach((column, k) => (batch[`c${k}`] = { codes: column, levels: LEVELS[k] }));

const streamMs: number[] = [];
const compareMs: number[] = [];
let drifted = '';
for (let run = 0; run < RUNS; run++) {
  const accumulator = createDriftAccumulator(profile);
  let spent = 0n;
  for (let done = 0; done < CURRENT_ROWS; done += BATCH) {
    numbers.forEach((column, j) => fillNumbers(column, j, j === 0 ? 0.3 : 0));
    codes.forEach((column, k) => fillCodes(column, LEVELS[k].length, k === 1 ? 1.2 : 1.5));
    const t = process.hrtime.bigint();
    accumulator.add(batch);
    spent += process.hrtime.bigint() - t;
  }
  streamMs.push(Number(spent) / 1e6);
  const t = process.hrtime.bigint();
  const result = compareProfile(profile, accumulator.counts());
  compareMs.push(Number(process.hrtime.bigint() - t) / 1e6);
  drifted = result.map((f) => `${f.name} ${f.test} p=${f.pValue?.toExponential(1)} W=${f.distances.wasserstein?.toFixed(3) ?? '-'} JS=${f.distances.jensenShannon?.toFixed(3)}`).join('\n  ');
}
const stream = summarize(streamMs);
const compare = summarize(compareMs);
const totalS = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`drift stream: ${CURRENT_ROWS.toLocaleString('en')} rows × ${profile.features.length} features in batches of ${BATCH}, ${RUNS} runs, node ${process.version}`);
console.log(`  profile of ${TRAINING_ROWS.toLocaleString('en')} training rows: ${profileMs.toFixed(0)} ms, ${profileBytes} bytes of JSON (${(profileBytes / profile.features.length).toFixed(0)} per feature)`);
console.log(`  stream (accumulate only): median ${stream.median.toFixed(0)} ms (min ${stream.min.toFixed(0)}, max ${stream.max.toFixed(0)}), ${((CURRENT_ROWS / stream.median) * 1000 / 1e6).toFixed(1)} M rows/s`);
console.log(`  comparison (tests and distances): median ${compare.median.toFixed(1)} ms`);
console.log(`  peak RSS of the process: ${ownPeakRssMb().toFixed(0)} MB; whole bench ${totalS.toFixed(1)} s (row generation included)`);
console.log(`  last run's features:\n  ${drifted}`);

// The whole command as a user runs it: npm run drift on a 1 000 000-row CSV of iris-like
// rows against a naive Bayes iris model (every row scored too), as one process: wall time
// and the peak RSS of the process tree, sampled every 20 ms.
const work = mkdtempSync(join(tmpdir(), 'kit-bench-drift-'));
try {
  const model = join(work, 'model.json');
  const trained = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/train.ts'), '--model', 'naive_bayes', '--out', model, '--runs-dir', join(work, 'runs')], { cwd: ROOT, encoding: 'utf8' });
  if (trained.status !== 0) throw new Error(`training the iris model failed: ${trained.stderr}`);
  const csv = join(work, 'current.csv');
  const out = createWriteStream(csv);
  out.write('sepal_length,sepal_width,petal_length,petal_width\n');
  const cell = (low: number, high: number) => (low + uniform() * (high - low)).toFixed(1);
  for (let i = 0; i < CURRENT_ROWS; i += 10_000) {
    let chunk = '';
    for (let r = 0; r < 10_000; r++) chunk += `${cell(4.3, 7.9)},${cell(2, 4.4)},${cell(1, 6.9)},${cell(0.1, 2.5)}\n`;
    out.write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const commandRuns: { seconds: number; peakRssMb: number; exitCode: number | null }[] = [];
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/drift.ts'), '--artifact', model, '--data', csv, '--json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 20);
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(sampler);
    commandRuns.push({ seconds: Number(process.hrtime.bigint() - t) / 1e9, peakRssMb: peak, exitCode });
  }
  const seconds = summarize(commandRuns.map((run) => run.seconds));
  console.log(`npm run drift on ${CURRENT_ROWS.toLocaleString('en')} CSV rows (iris model, every row scored): median ${seconds.median.toFixed(2)} s (min ${seconds.min.toFixed(2)}, max ${seconds.max.toFixed(2)}), peak RSS ${commandRuns.reduce((most, run) => Math.max(most, run.peakRssMb), 0).toFixed(0)} MB, exit ${commandRuns[0].exitCode}`);
  writeBenchRecord('drift', {
    currentRows: CURRENT_ROWS,
    batch: BATCH,
    features: profile.features.length,
    profileMs,
    profileBytes,
    streamMs: stream,
    compareMs: compare,
    command: { rows: CURRENT_ROWS, runs: commandRuns, medianSeconds: seconds.median },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
