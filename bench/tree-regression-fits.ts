// Per-fit times of the regression trees and forests in this process, next to
// scikit-learn's in its own (bench/peer/tree_regression_fits.py, on the same tables), in
// rounds that alternate between the two. Usage:
//   npx tsx bench/tree-regression-fits.ts [rounds=3] [repeats=6]
// Prints each setting's median over rounds of the per-round medians (forests are fitted
// a third as often as trees, at least once a round).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Matrix } from '../pipeline/data/matrix.ts';
import type { Params } from '../pipeline/models/families.ts';
import { REGRESSION_FAMILIES } from '../pipeline/models/regression-families.ts';
import { fitStandardScaler, transform } from '../pipeline/preprocess/scalers.ts';
import { ROOT } from './processes.ts';

const [rounds, repeats] = [3, 6].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const SETTINGS: Record<string, [string, Params]> = {
  tree: ['decision_tree', {}],
  'tree max_depth=5': ['decision_tree', { max_depth: 5 }],
  'forest 50': ['random_forest', { n_estimators: 50 }],
  'forest 100': ['random_forest', {}],
};
type Figures = Record<string, Record<string, number>>;

const work = mkdtempSync(join(tmpdir(), 'kit-bench-tree-regression-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function peer(save: boolean): Figures {
  const run = spawnSync('/usr/bin/python3', [join(ROOT, 'bench/peer/tree_regression_fits.py'), String(repeats), ...(save ? [work] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tree_regression_fits.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Figures;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
};

const peerRounds: Figures[] = [peer(true)];
const tables = Object.keys(peerRounds[0]).map((name) => {
  const key = name.replaceAll(' ', '_');
  const { rows, cols } = JSON.parse(readFileSync(join(work, `${key}.json`), 'utf8')) as { rows: number; cols: number };
  const bytes = readFileSync(join(work, `${key}.f64`));
  const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const X: Matrix = { data: values.slice(0, rows * cols), rows, cols };
  return { name, scaled: transform(fitStandardScaler(X), X), y: values.slice(rows * cols) };
});

function kit(): Figures {
  const out: Figures = {};
  for (const { name, scaled, y } of tables) {
    out[name] = {};
    for (const [label, [family, given]] of Object.entries(SETTINGS)) {
      const definition = REGRESSION_FAMILIES[family];
      const times: number[] = [];
      for (let r = 0; r < (label.startsWith('tree') ? repeats : Math.max(1, Math.floor(repeats / 3))); r++) {
        const start = performance.now();
        definition.fit(scaled, y, { ...definition.defaults, random_state: 0, ...given }, { seed: 0 });
        times.push(performance.now() - start);
      }
      out[name][label] = median(times);
    }
  }
  return out;
}

const kitRounds: Figures[] = [kit()];
for (let round = 1; round < rounds; round++) {
  peerRounds.push(peer(false));
  kitRounds.push(kit());
}
console.log(`${rounds} alternating rounds, ${repeats} fits of a tree and ${Math.max(1, Math.floor(repeats / 3))} of a forest each; ms per fit (median of the rounds' medians)`);
for (const { name } of tables) {
  for (const label of Object.keys(SETTINGS)) {
    const ours = median(kitRounds.map((r) => r[name][label]));
    const theirs = median(peerRounds.map((r) => r[name][label]));
    console.log(`${name.padEnd(24)} ${label.padEnd(18)} kit ${ours.toFixed(1).padStart(8)}  scikit-learn ${theirs.toFixed(1).padStart(8)}`);
  }
}
