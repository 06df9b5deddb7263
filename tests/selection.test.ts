import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { seededRandom, stratifiedKFold, stratifiedTrainTestSplit } from '../pipeline/data/split.ts';
import { asClassifier } from '../pipeline/artifact/artifact.ts';
import { GridError, parseGrid as parseTaskGrid } from '../pipeline/selection/grid.ts';
import { classificationGate, majorityClass } from '../pipeline/tasks/classification/gate.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { binomialUpperTail, GATE_WORDS } from '../pipeline/tasks/gate.ts';
import { classificationTaskOf } from './helpers/fit-classifier.ts';
import { runScript } from './helpers/run.ts';
import { gaussianBlobs } from './helpers/synthetic.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const parseGrid = (grid: unknown, source: string) => parseTaskGrid(grid, source, classificationTaskOf(3));

test("StratifiedKFold test folds equal scikit-learn's (committed fixture)", () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/stratified-kfold.json', import.meta.url), 'utf8')) as { cases: { y: number[]; k: number; testFolds: number[] }[] };
  for (const { y, k, testFolds } of fixture.cases) assert.deepEqual(Array.from(stratifiedKFold(y, k)), testFolds, `n=${y.length}, k=${k}`);
});

test('the train/test split is stratified, seeded, and returns training rows shuffled', () => {
  const y = Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));
  const split = stratifiedTrainTestSplit(y, 0.2, seededRandom(42));
  assert.equal(split.test.length, 30);
  assert.deepEqual([0, 1, 2].map((k) => split.test.filter((i) => y[i] === k).length), [10, 10, 10]);
  assert.deepEqual([...split.train, ...split.test].sort((a, b) => a - b), y.map((_, i) => i));
  assert.notDeepEqual(split.train, [...split.train].sort((a, b) => a - b), 'train_test_split returns rows in shuffled order');
  assert.deepEqual(stratifiedTrainTestSplit(y, 0.2, seededRandom(42)), split);
});

test('a grid expands in ParameterGrid order, defaults filled in; the default grid is the notebook\'s 158 settings of six families', () => {
  const { candidates } = parseGrid({ logistic_regression: { scaler: ['minmax', 'standard'], classifier__C: [1, 10] } }, 'grid.json');
  assert.deepEqual(candidates.map((c) => c.given), [
    { classifier__C: 1, scaler: 'minmax' },
    { classifier__C: 1, scaler: 'standard' },
    { classifier__C: 10, scaler: 'minmax' },
    { classifier__C: 10, scaler: 'standard' },
  ]);
  assert.deepEqual(candidates[0].params, { C: 1, penalty: 'l2', l1_ratio: null, multi_class: 'auto', tol: 1e-4, max_iter: 100, fit_intercept: true, solver: null });
  const defaults = parseGrid(DEFAULT_GRID, 'default').candidates;
  assert.equal(defaults.length, 158);
  const count = (family: string) => defaults.filter((c) => c.family === family).length;
  assert.deepEqual([count('knn'), count('svc'), count('logistic_regression'), count('random_forest'), count('decision_tree'), count('naive_bayes')], [54, 60, 30, 6, 6, 2]);
  assert.deepEqual(defaults.find((c) => c.family === 'svc' && c.given.classifier__kernel === 'poly')!.params, { C: 0.01, kernel: 'poly', degree: 2, gamma: 'scale', coef0: 0, tol: 1e-3, max_iter: -1, probability: true, shrinking: true, random_state: null });
  assert.deepEqual(defaults.find((c) => c.family === 'decision_tree')!.given, { classifier__max_depth: null, scaler: 'standard' });
  assert.deepEqual(defaults.find((c) => c.family === 'naive_bayes')!.params, { var_smoothing: 1e-9 });
  const ml = parseGrid({ 'ml-logistic-regression': [{ scaler: ['standard'], classifier__numSteps: [100], classifier__learningRate: [0.05] }] }, 'g');
  assert.deepEqual(ml.candidates[0].params, { numSteps: 100, learningRate: 0.05 });
});

test('a bad grid stops with a message naming the file and the key', () => {
  const bad = (grid: unknown, message: RegExp) =>
    assert.throws(() => parseGrid(grid, 'grid.json'), (error: unknown) => error instanceof GridError && message.test(error.message));
  bad([], /^grid\.json: \(top level\): expected an object keyed by model family \(knn, svc, logistic_regression, random_forest, decision_tree, naive_bayes, ml-logistic-regression\), got a list$/);
  bad({}, /names no model family/);
  bad({ logreg: [{}] }, /^grid\.json: "logreg": unknown classification model family; expected one of knn, svc, logistic_regression, random_forest, decision_tree, naive_bayes, ml-logistic-regression$/);
  bad({ knn: [{ classifier__n_neighbors: [0] }] }, /^grid\.json: knn\[0\]\.classifier__n_neighbors\[0\]: expected a positive whole number, got 0$/);
  bad({ svc: [{ classifier__kernel: ['cubic'] }] }, /^grid\.json: svc\[0\]\.classifier__kernel\[0\]: expected one of "rbf", "poly", "linear", "sigmoid", got "cubic"$/);
  bad({ svc: [{ classifier__gamma: [-1] }] }, /classifier__gamma\[0\]: expected "scale", "auto" or a positive number, got -1$/);
  bad({ decision_tree: [{ classifier__max_depth: [0] }] }, /classifier__max_depth\[0\]: expected null \(no limit\) or a whole number of at least 1, got 0$/);
  bad({ random_forest: [{ classifier__max_features: ['all'] }] }, /classifier__max_features\[0\]: expected null \(all\), "sqrt", "log2"/);
  bad({ naive_bayes: [{ classifier__var_smoothing: [-1e-9] }] }, /classifier__var_smoothing\[0\]: expected a number of at least 0, got -1e-9$/);
  bad({ logistic_regression: [] }, /^grid\.json: logistic_regression: expected a non-empty list of parameter grids/);
  bad({ logistic_regression: [{ classifier__alpha: [1] }] }, /^grid\.json: logistic_regression\[0\]\.classifier__alpha: is not a parameter of logistic_regression; expected scaler or one of classifier__C, classifier__penalty/);
  bad({ logistic_regression: [{ C: [1] }] }, /logistic_regression\[0\]\.C: is not a parameter of logistic_regression/);
  bad({ logistic_regression: [{ classifier__C: 1 }] }, /logistic_regression\[0\]\.classifier__C: expected a list of values, got 1$/);
  bad({ logistic_regression: [{ classifier__C: [] }] }, /logistic_regression\[0\]\.classifier__C: is an empty list; give at least one value$/);
  bad({ logistic_regression: [{ classifier__C: [1, '10'] }] }, /logistic_regression\[0\]\.classifier__C\[1\]: expected a positive number, got "10"$/);
  bad({ logistic_regression: [{ classifier__C: [-1] }] }, /classifier__C\[0\]: expected a positive number, got -1$/);
  bad({ logistic_regression: [{ classifier__penalty: ['l3'] }] }, /classifier__penalty\[0\]: expected one of "l2", "l1", "elasticnet", "none", null, got "l3"$/);
  bad({ logistic_regression: [{ classifier__max_iter: [10.5] }] }, /classifier__max_iter\[0\]: expected a positive whole number, got 10\.5$/);
  bad({ logistic_regression: [{ scaler: ['robust'] }] }, /logistic_regression\[0\]\.scaler\[0\]: expected one of "standard", "minmax", got "robust"$/);
  bad({ logistic_regression: [{ classifier__penalty: ['elasticnet'] }] }, /logistic_regression\[0\]: penalty "elasticnet" needs classifier__l1_ratio/);
  bad({ 'ml-logistic-regression': [{ classifier__numSteps: [0] }] }, /classifier__numSteps\[0\]: expected a positive whole number, got 0$/);
});

test('npm run train -- --grid FILE: a bad file exits 1 naming the key; a missing or broken file is named', () => {
  const grid = join(dir, 'grid.json');
  writeFileSync(grid, JSON.stringify({ logistic_regression: [{ classifier__C: [1, 'ten'] }] }));
  const bad = runScript('scripts/train.ts', ['--grid', grid, '--out', join(dir, 'never.json')]);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim(), `train: ${grid}: logistic_regression[0].classifier__C[1]: expected a positive number, got "ten"`);
  writeFileSync(grid, '{"logistic_regression": [');
  assert.match(runScript('scripts/train.ts', ['--grid', grid]).stderr, new RegExp(`train: ${grid}: not valid JSON`));
  assert.match(runScript('scripts/train.ts', ['--grid', join(dir, 'absent.json')]).stderr, /absent\.json: cannot read the grid file \(ENOENT\)/);
});

test('ml-logistic-regression stays selectable by a grid, with what it does today', () => {
  const grid = join(dir, 'ml.json');
  writeFileSync(grid, JSON.stringify({ 'ml-logistic-regression': [{ scaler: ['standard', 'minmax'], classifier__numSteps: [400], classifier__learningRate: [0.05] }] }));
  const out = join(dir, 'ml-model.json');
  const run = runScript('scripts/train.ts', ['--grid', grid, '--out', out, '--jobs', '2']);
  assert.equal(run.status, 0, run.stderr);
  const artifact = asClassifier(readArtifactFile(out));
  assert.equal(artifact.selection.family, 'ml-logistic-regression');
  assert.equal(artifact.classifier.kind === 'linear' && artifact.classifier.link, 'ovr');
  assert.equal(artifact.selection.results.length, 2);
  assert.ok(artifact.metrics.test!.accuracy >= 0.9, `test accuracy ${artifact.metrics.test!.accuracy}`);
  assert.match(run.stdout, /ml-logistic-regression\s+learningRate=0\.05 numSteps=400 scaler=(standard|minmax)/);
});

test('the baseline gate: binomial tail values, the majority class, and its verdicts', () => {
  assert.ok(Math.abs(binomialUpperTail(10, 12, 0.5) - 79 / 4096) < 1e-15);
  assert.equal(binomialUpperTail(0, 10, 0.3), 1);
  assert.ok(binomialUpperTail(1480, 2000, 0.34) < 1e-100, 'a 10 000-row set at 0.74 against a 0.34 baseline passes easily');
  assert.equal(majorityClass([0, 1, 1, 2], 3), 1);
  assert.equal(majorityClass([0, 1], 2), 0, 'a tie goes to the first class, as DummyClassifier');
  const options = { minimum: null, alpha: 0.05, rows: GATE_WORDS.test, minimumFlag: '--min-accuracy' };
  const clear = classificationGate([740, 340, 1000], options);
  assert.equal(clear.passed, true);
  const chance = classificationGate([7, 6, 12], options);
  assert.equal(chance.passed, false);
  assert.match(chance.reason!, /^accuracy 0\.583 \(7\/12 on the test part\) does not clearly beat the majority-class baseline's 0\.500: a classifier no better than the baseline would do this well with probability 0\.39 \(needs < 0\.05\)$/);
  const bar = classificationGate([900, 500, 1000], { ...options, minimum: 0.95 });
  assert.match(bar.reason!, /accuracy 0\.900 on the test part is below --min-accuracy 0\.95/);
});

test('npm run train refuses a model that does not beat the majority class, and leaves the previous artifact', () => {
  const out = join(dir, 'gated.json');
  writeFileSync(out, 'the previous artifact');
  // 70 % of one class, features independent of the label: nothing beats predicting the majority.
  const random = seededRandom(9);
  const lines = ['x1,x2,label', ...Array.from({ length: 200 }, (_, i) => `${random().toFixed(4)},${random().toFixed(4)},${i % 10 < 7 ? 'common' : 'rare'}`)];
  const data = join(dir, 'imbalanced-noise.csv');
  writeFileSync(data, `${lines.join('\n')}\n`);
  // A few quick families: the gate's verdict, not the search, is under test.
  const families = ['--model', 'logistic_regression,naive_bayes,decision_tree'];
  const run = runScript('scripts/train.ts', ['--data', data, '--out', out, ...families]);
  assert.equal(run.status, 1, run.stdout);
  assert.match(run.stderr, /Refusing to write the model: accuracy 0\.\d+ \(\d+\/200 held out: out of fold on the training part, and on the test part\) does not clearly beat the majority-class baseline's 0\.\d+: .*\/gated\.json was left as it was/);
  assert.equal(readFileSync(out, 'utf8'), 'the previous artifact');
  const blobs = gaussianBlobs({ classes: 3, features: 2, rowsPerClass: 100, separation: 1.2, seed: 4 });
  const weak = join(dir, 'weak.csv');
  writeFileSync(weak, blobs.csv);
  const passes = runScript('scripts/train.ts', ['--data', weak, '--out', join(dir, 'weak.json'), ...families]);
  assert.equal(passes.status, 0, `a weak but real signal (Bayes ${blobs.bayesAccuracy.toFixed(2)}) passes the default gate: ${passes.stderr}`);
});
