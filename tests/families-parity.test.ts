// Each family against scikit-learn 1.2.1 on wine and breast cancer, same rows and
// settings (fixtures from tests/fixtures/sklearn/generate_families.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { takeLabels, takeRows } from '../pipeline/data/matrix.ts';
import { argmaxRows } from '../pipeline/models/argmax.ts';
import { FAMILIES, type Params } from '../pipeline/models/families.ts';
import { fitClassifierPipeline } from './helpers/fit-classifier.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { encodeTable } from '../pipeline/preprocess/encode.ts';
import { transform, type ScalerKind } from '../pipeline/preprocess/scalers.ts';
import type { SvcClassifier } from '../pipeline/models/svc/inference.ts';
import { kernelValue } from '../pipeline/models/svc/kernel.ts';

interface Fixture {
  datasets: Record<
    string,
    {
      knn: { params: { n_neighbors: number; p: number }; proba: number[][]; ties: boolean[] }[];
      naiveBayes: { scaler: ScalerKind; proba: number[][] }[];
      accuracy: Record<string, { mean: number; min?: number; max?: number }>;
      svcDecisions: { params: Params; decision: number[][] }[];
    }
  >;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/families-parity.json', import.meta.url), 'utf8')) as Fixture;

function setup(name: string) {
  const data = loadCsvFile(new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname);
  const rows = Array.from({ length: data.y.length }, (_, i) => i);
  const train = rows.filter((i) => i % 5 !== 0);
  const test = rows.filter((i) => i % 5 === 0);
  const plan = planColumns(data);
  const trainX = takeRows(data.X, train);
  const trainY = takeLabels(data.y, train);
  const testX = takeRows(data.X, test);
  const testY = takeLabels(data.y, test);
  const classCount = data.classes.length;
  const fitModel = (family: string, scaler: ScalerKind, given: Params, seed = 0) => {
    const params = { ...FAMILIES[family].defaults, ...given };
    return fitClassifierPipeline(trainX, trainY, classCount, { family, scaler, params }, plan, seed);
  };
  const fit = (family: string, scaler: ScalerKind, given: Params, seed = 0) => fitModel(family, scaler, given, seed).outputs(testX);
  const accuracyOf = (probabilities: Float64Array) => {
    const predicted = argmaxRows(probabilities, classCount);
    return predicted.filter((label, i) => label === testY[i]).length / testY.length;
  };
    /** The one-vs-one decision values of the test rows under a fitted SVC. */
  const decisions = (given: Params) => {
    const { model } = fitModel('svc', 'standard', given);
    const svc = model.classifier as SvcClassifier;
    const scaled = transform(model.scaler, encodeTable(model.inputs, plan.columns, testX));
    const vectors = Float64Array.from(svc.support_vectors.flat());
    return Array.from({ length: scaled.rows }, (_, i) =>
      svc.pairs.map((pair) => pair.support.reduce((sum, s, m) => sum + pair.coef[m] * kernelValue(svc, vectors, s, scaled.data, i, scaled.cols), -pair.rho)),
    );
  };
  return { fit, accuracyOf, decisions, classCount };
}

function largestDifference(ours: Float64Array, theirs: number[][], classCount: number, skip: (i: number) => boolean = () => false): number {
  let largest = 0;
  theirs.forEach((row, i) => {
    if (skip(i)) return;
    row.forEach((value, k) => (largest = Math.max(largest, Math.abs(value - ours[i * classCount + k]))));
  });
  return largest;
}

for (const name of ['wine', 'breast_cancer']) {
  const expected = fixture.datasets[name];
  const { fit, accuracyOf, decisions, classCount } = setup(name);

  test(`${name}: KNN probabilities equal scikit-learn's within 1e-9 (rows with a distance tie at the k-th neighbour aside)`, (t) => {
    for (const { params, proba, ties } of expected.knn) {
      const ours = fit('knn', 'standard', params);
      assert.ok(ties.filter(Boolean).length < ties.length / 10, 'few ties, so the comparison covers most rows');
      const difference = largestDifference(ours, proba, classCount, (i) => ties[i]);
      assert.ok(difference <= 1e-9, `${JSON.stringify(params)}: largest difference ${difference}`);
      t.diagnostic(`${JSON.stringify(params)}: largest difference ${difference.toExponential(2)}, ${ties.filter(Boolean).length} tied rows`);
    }
  });

  test(`${name}: Gaussian naive Bayes probabilities equal scikit-learn's within 1e-9`, (t) => {
    for (const { scaler, proba } of expected.naiveBayes) {
      const difference = largestDifference(fit('naive_bayes', scaler, {}), proba, classCount);
      assert.ok(difference <= 1e-9, `${scaler}: largest difference ${difference}`);
      t.diagnostic(`${scaler}: largest difference ${difference.toExponential(2)}`);
    }
  });

  test(`${name}: SVC decision values equal scikit-learn's (libsvm's optimum, to its tolerance)`, (t) => {
    for (const { params, decision } of expected.svcDecisions) {
      const ours = decisions(params);
      let largest = 0;
      let scale = 0;
      decision.forEach((row, i) => row.forEach((value, p) => ((largest = Math.max(largest, Math.abs(value - ours[i][p]))), (scale = Math.max(scale, Math.abs(value))))));
      assert.ok(largest <= 1e-3 * Math.max(1, scale), `${JSON.stringify(params)}: largest difference ${largest} (values up to ${scale})`);
      t.diagnostic(`${JSON.stringify(params)}: largest difference ${largest.toExponential(2)} (values up to ${scale.toFixed(2)})`);
    }
  });

  test(`${name}: decision tree and random forest test accuracy equal scikit-learn's (mean over random_state 0-9; trees-parity.test.ts compares the trees), SVC's within 0.03, on the same split`, (t) => {
    const settings: Record<string, [string, Params, boolean]> = {
      'decision_tree max_depth=None': ['decision_tree', {}, true],
      'decision_tree max_depth=5': ['decision_tree', { max_depth: 5 }, true],
      'random_forest n_estimators=100': ['random_forest', { n_estimators: 100 }, true],
      'svc kernel=rbf': ['svc', { kernel: 'rbf' }, false],
      'svc kernel=poly degree=3': ['svc', { kernel: 'poly', degree: 3 }, false],
      'svc kernel=linear': ['svc', { kernel: 'linear' }, false],
    };
    const report = Object.entries(settings).map(([label, [family, params, seeded]]) => {
      const seeds = seeded ? Array.from({ length: 10 }, (_, seed) => seed) : [0];
      const ours = seeds.reduce((sum, seed) => sum + accuracyOf(fit(family, 'standard', params, seed)), 0) / seeds.length;
      return { label, ours, theirs: expected.accuracy[label].mean, tolerance: seeded ? 1e-12 : 0.03 + 1e-12 };
    });
    t.diagnostic(report.map(({ label, ours, theirs }) => `${label}: ${ours.toFixed(4)} vs ${theirs.toFixed(4)}`).join('; '));
    for (const { label, ours, theirs, tolerance } of report) assert.ok(Math.abs(ours - theirs) <= tolerance, `${label}: ours ${ours.toFixed(4)}, scikit-learn ${theirs.toFixed(4)}\n${JSON.stringify(report)}`);
  });
}
