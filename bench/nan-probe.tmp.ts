import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { trainModel, DEFAULT_TRAIN_OPTIONS } from '../pipeline/train.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { createPredictor } from '../pipeline/models/predictor.ts';
const iris = loadCsvFile(IRIS_CSV_PATH);
const env = { packages: {}, gitCommit: null, createdAt: null };
const grids: Record<string, any> = {
  poly4: { svc: [{ scaler: ['standard'], classifier__kernel: ['poly'], classifier__degree: [4], classifier__C: [1] }] },
  poly5mm: { svc: [{ scaler: ['minmax'], classifier__kernel: ['poly'], classifier__degree: [5], classifier__C: [100] }] },
  nb: { naive_bayes: [{ scaler: ['standard'], classifier__var_smoothing: [1e-300] }] },
  knn: { knn: [{ scaler: ['standard'], classifier__p: [3] }] },
  lr: { logistic_regression: [{ scaler: ['minmax'] }] },
  tree: { decision_tree: [{ scaler: ['standard'] }] },
};
const probes = [1e80, -1e80, 1e308, -1e308, 1e-308, 5e-324, 0, 1e15, -1e15, 1e100, 1e200, 3.4e38];
for (const [name, grid] of Object.entries(grids)) {
  const { artifact } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 1, environment: env });
  const p = createPredictor(servingModelOf(artifact));
  let bad = 0;
  for (const a of probes) for (const b of [1, a]) {
    const { probabilities } = p.predict([[a, b, 1.4, 0.2], [a, a, a, a], [5.1, 3.5, a, b]]);
    for (let i = 0; i < 3; i++) { let sum = 0; let ok = true; for (let k = 0; k < 3; k++) { const v = probabilities[i*3+k]; if (!Number.isFinite(v) || v < 0 || v > 1) ok = false; sum += v; } if (!ok || Math.abs(sum-1) > 1e-9) bad++; }
  }
  console.log(name, 'bad rows', bad, 'of', probes.length * 2 * 3);
}
