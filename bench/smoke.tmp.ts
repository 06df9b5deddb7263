import { readFileSync } from 'node:fs';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { trainModel, DEFAULT_TRAIN_OPTIONS } from '../pipeline/train.ts';
const ref = JSON.parse(readFileSync('/work/main/bench/peer/tables_reference.json', 'utf8'));
const grid = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }], decision_tree: [{ scaler: ['standard'], classifier__max_depth: [5] }] };
for (const t of ref.classification) {
  try {
    const data = loadCsvFile('/work/main/' + t.file, { target: t.target });
    const r = await trainModel(data, { ...DEFAULT_TRAIN_OPTIONS, grid: grid as never, jobs: 1, environment: { packages: {}, gitCommit: null, createdAt: null } });
    const a = r.artifact;
    console.log(t.name.padEnd(26), 'ok', a.selection.family, 'cv', a.metrics.cvMean?.toFixed(3), 'ref LR', t.logistic_regression?.cv_accuracy?.toFixed(3), 'gate', r.gate.passed ? 'pass' : 'REFUSED p=' + r.gate.pValue.toFixed(3), '| feats', a.features.length, 'dropped', a.data.dropped.map((d: any) => d.name).join(','), '| enc', a.data.encoding, a.cells.decimal);
  } catch (e) { console.log(t.name.padEnd(26), 'FAIL', (e as Error).message.slice(0, 160)); }
}
