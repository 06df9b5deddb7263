// Per-fit times of the regression families in this process, next to scikit-learn's in
// its own (bench/peer/regression_fits.py, on the same make_regression data), in rounds
// that alternate between the two. Usage:
//   npx tsx bench/regression-fits.ts [rows=20000] [cols=20] [rounds=5] [repeats=5] [effective_rank=none]
// (an effective rank makes correlated columns, which coordinate descent takes longer on). Prints each setting's median over rounds of the per-round medians, with n_iter_.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Params } from '../pipeline/models/families.ts';
import { REGRESSION_FAMILIES } from '../pipeline/models/regression-families.ts';
import { fitStandardScaler, transform } from '../pipeline/preprocess/scalers.ts';
import { ROOT } from './processes.ts';

const [rows, cols, rounds, repeats] = [20_000, 20, 5, 5].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const effectiveRank = process.argv[6] ?? 'none';
const SETTINGS: Record<string, [string, Params]> = {
  linear_regression: ['linear_regression', {}],
  'ridge alpha=1': ['ridge', { alpha: 1 }],
  'lasso alpha=0.01': ['lasso', { alpha: 0.01 }],
  'lasso alpha=1': ['lasso', { alpha: 1 }],
  'elastic_net alpha=0.01': ['elastic_net', { alpha: 0.01 }],
  'elastic_net alpha=1': ['elastic_net', { alpha: 1 }],
};
type Figures = Record<string, { median_ms: number; n_iter: number | null }>;

const work = mkdtempSync(join(tmpdir(), 'kit-bench-regression-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const dataPath = join(work, 'data.f64');

function peer(save: boolean): Figures {
  const args = [join(ROOT, 'bench/peer/regression_fits.py'), String(rows), String(cols), String(repeats), effectiveRank, ...(save ? [dataPath] : [])];
  const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`regression_fits.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Figures;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
};

const peerRounds: Figures[] = [peer(true)];
const bytes = readFileSync(dataPath);
const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
const X = { data: values.slice(0, rows * cols), rows, cols };
const y = values.slice(rows * cols);
const scaled = transform(fitStandardScaler(X), X);

function kit(): Figures {
  const out: Figures = {};
  for (const [label, [family, given]] of Object.entries(SETTINGS)) {
    const definition = REGRESSION_FAMILIES[family];
    const times: number[] = [];
    let iterations: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      iterations = definition.fit(scaled, y, { ...definition.defaults, ...given }, { seed: 0 }).iterations;
      times.push(performance.now() - start);
    }
    out[label] = { median_ms: median(times), n_iter: iterations[0] ?? null };
  }
  return out;
}

const kitRounds: Figures[] = [kit()];
for (let round = 1; round < rounds; round++) {
  peerRounds.push(peer(false));
  kitRounds.push(kit());
}
console.log(`${rows} × ${cols} (effective rank ${effectiveRank}), ${rounds} alternating rounds of ${repeats} fits each; ms per fit (median of the rounds' medians)`);
for (const label of Object.keys(SETTINGS)) {
  const ours = median(kitRounds.map((r) => r[label].median_ms));
  const theirs = median(peerRounds.map((r) => r[label].median_ms));
  console.log(`${label.padEnd(24)} kit ${ours.toFixed(2).padStart(9)}  scikit-learn ${theirs.toFixed(2).padStart(9)}  n_iter ${kitRounds[0][label].n_iter ?? '-'} / ${peerRounds[0][label].n_iter ?? '-'}`);
}
