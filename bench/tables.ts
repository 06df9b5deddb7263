// npm run bench:tables -- [--only pima_tr,boston]: every public and synthetic table of
// tests/fixtures/tables/ trained as a new user would (no flag but the target), with one
// setting per family, beside a scikit-learn pipeline of the same families given the same
// rows and columns by hand (bench/peer/tables_reference.json, made by
// bench/peer/tables_reference.py): CV accuracy (StratifiedKFold(5) on the 80 % training
// part, seed 42) for classification, CV R² (KFold(5) on every row in file order,
// --test-size 0) for regression. A table on stdout, the figures in
// artifacts/bench-tables.json.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchRecord } from './record.ts';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { formatTable } from '../scripts/text-table.ts';
import { ROOT } from './processes.ts';
import { readFileSync } from 'node:fs';

interface Reference {
  name: string;
  file: string;
  target: string;
  [family: string]: unknown;
}
const reference = JSON.parse(readFileSync(join(ROOT, 'bench/peer/tables_reference.json'), 'utf8')) as { classification: Reference[]; regression: Reference[] };
const GRIDS = {
  classification: { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }], random_forest: [{ scaler: ['standard'] }] },
  regression: { linear_regression: [{ scaler: ['standard'] }], ridge: [{ scaler: ['standard'], regressor__alpha: [1] }], random_forest: [{ scaler: ['standard'] }] },
};
const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only?.split(',');

const rows: { table: string; task: string; family: string; kit: number | null; scikitLearn: number; difference: number | null; note: string }[] = [];
for (const task of ['classification', 'regression'] as const) {
  for (const table of reference[task]) {
    if (only && !only.includes(table.name)) continue;
    const families = Object.keys(GRIDS[task]).filter((family) => typeof table[family] === 'object' && table[family] !== null);
    if (families.length === 0) continue;
    const key = task === 'classification' ? 'cv_accuracy' : 'cv_r2';
    let artifact;
    let note = '';
    try {
      const dataset = loadCsvFile(join(ROOT, table.file), { target: table.target });
      const result = await trainModel(dataset, {
        ...DEFAULT_TRAIN_OPTIONS,
        testSize: task === 'regression' ? 0 : DEFAULT_TRAIN_OPTIONS.testSize,
        grid: GRIDS[task] as never,
        // Every setting on every fold, as cross_val_score scores the reference.
        search: 'full',
        jobs: cpus().length,
        environment: { packages: {}, gitCommit: null, createdAt: null },
      });
      artifact = result.artifact;
      note = result.gate.passed ? '' : 'the gate refuses';
    } catch (error) {
      note = `fails: ${(error as Error).message.split('\n')[0].slice(0, 80)}`;
    }
    for (const family of families) {
      const theirs = (table[family] as Record<string, number>)[key];
      const ours = artifact?.selection.families.find((entry) => entry.family === family)?.cvMean ?? null;
      rows.push({ table: table.name, task, family, kit: ours, scikitLearn: theirs, difference: ours === null ? null : ours - theirs, note });
    }
  }
}
const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(4));
console.log(formatTable(['table', 'task', 'family', 'kit CV', 'scikit-learn CV', 'kit − scikit-learn', 'note'], rows.map((row) => [row.table, row.task, row.family, fixed(row.kit), fixed(row.scikitLearn), row.difference === null ? '—' : (row.difference >= 0 ? '+' : '') + row.difference.toFixed(4), row.note])));
const within = (bound: number, task: string) => rows.filter((row) => row.task === task && row.difference !== null && Math.abs(row.difference) <= bound).length;
console.log(`\nclassification: ${within(0.03, 'classification')} of ${rows.filter((row) => row.task === 'classification').length} family CV accuracies within 0.03; regression: ${within(0.02, 'regression')} of ${rows.filter((row) => row.task === 'regression').length} CV R² within 0.02`);
writeBenchRecord('tables', { rows });
