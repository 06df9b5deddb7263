// Every fixture scikit-learn 1.2.1 wrote (and the layouts of other versions made by hand
// in tests/fixtures/pickles/generate.py) reads into the expected estimator, with the
// attribute values the script dumped, scikit-learn's repr, and the predict_proba
// scikit-learn gave for the held-out rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importSklearnModelFile, inputColumnNames, INFREQUENT, type Estimator, type PipelineModel } from '../pipeline/import/index.ts';
import { predictProba, type Cell } from './helpers/sklearn-predict.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'pickles');

interface Reference {
  repr: string;
  columns: string[] | null;
  classes: (string | number)[];
  rows: (Cell[] | Record<string, Cell>)[];
  proba: number[][];
  attributes: Record<string, any>;
}

const reference = (name: string): Reference => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
const load = (file: string) => importSklearnModelFile(join(DIR, file));

function rowsOf(ref: Reference): Cell[][] {
  return ref.rows.map((row) => (Array.isArray(row) ? row : ref.columns!.map((c) => row[c])));
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    assert.ok(Math.abs(actual[i] - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

/** The worst absolute difference from scikit-learn's probabilities. */
function parity(estimator: Estimator, ref: Reference): number {
  const proba = predictProba(estimator, rowsOf(ref));
  let worst = 0;
  proba.forEach((row, i) => row.forEach((p, j) => (worst = Math.max(worst, Math.abs(p - ref.proba[i][j])))));
  return worst;
}

function pipeline(estimator: Estimator): PipelineModel {
  assert.equal(estimator.kind, 'pipeline');
  return estimator as PipelineModel;
}

function step<K extends Estimator['kind']>(p: PipelineModel, i: number, kind: K): Extract<Estimator, { kind: K }> {
  const e = p.steps[i].estimator;
  assert.ok(e !== 'passthrough' && e.kind === kind, `step ${i} is ${e === 'passthrough' ? e : e.kind}, not ${kind}`);
  return e as Extract<Estimator, { kind: K }>;
}

// Largest differences measured: 2.2e-15 (variant_svc_binary), 1.4e-15 (svc), 8.9e-16 (mixed_index), the rest below 7e-16.
const TOL = 1.5e-14;

test('iris.pkl: the seed model, Pipeline([scaler, LogisticRegression]) on a DataFrame', () => {
  const ref = reference('iris');
  const model = load('iris.pkl');
  assert.equal(model.repr, ref.repr);
  assert.equal(model.repr, "Pipeline(steps=[('scaler', StandardScaler()), ('model', LogisticRegression())])");
  assert.equal(model.compression, 'none');
  const p = pipeline(model.estimator);
  assert.deepEqual(p.steps.map((s) => s.name), ['scaler', 'model']);
  assert.equal(p.sklearnVersion, '1.2.1');
  assert.deepEqual(inputColumnNames(p), ref.attributes.feature_names_in_);
  const scaler = step(p, 0, 'standard_scaler');
  close(scaler.mean!, ref.attributes.mean_, 1e-15, 'mean_');
  close(scaler.scale!, ref.attributes.scale_, 1e-15, 'scale_');
  const lr = step(p, 1, 'logistic_regression');
  assert.deepEqual(lr.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(lr.multiClass, 'multinomial');
  assert.deepEqual([lr.coef.rows, lr.coef.cols], [3, 4]);
  close(lr.coef.data, ref.attributes.coef_.flat(), 1e-15, 'coef_');
  close(lr.intercept, ref.attributes.intercept_, 1e-15, 'intercept_');
  assert.ok(parity(p, ref) < TOL);
});

test('the same model through every container: compress=3, gzip, pickle protocols 2, 4, 5, numpy 2 paths, joblib before 1.2', () => {
  const ref = reference('iris');
  const expected = load('iris.pkl');
  for (const [file, compression, protocol] of [
    ['iris_compress3.pkl', 'zlib', 4],
    ['iris_gzip.pkl', 'gzip', 4],
    ['iris_pickle_p2.pkl', 'none', 2],
    ['iris_pickle_p4.pkl', 'none', 4],
    ['iris_pickle_p5.pkl', 'none', 5],
    ['numpy2_paths.pkl', 'none', 5],
    ['joblib_1_1.pkl', 'none', 4],
  ] as const) {
    const model = load(file);
    assert.equal(model.compression, compression, file);
    assert.equal(model.protocol, protocol, file);
    assert.equal(model.repr, expected.repr, file);
    const lr = step(pipeline(model.estimator), 1, 'logistic_regression');
    close(lr.coef.data, ref.attributes.coef_.flat(), 0, `${file} coef_`);
    assert.deepEqual(inputColumnNames(model.estimator), ref.attributes.feature_names_in_, file);
    assert.ok(parity(model.estimator, ref) < TOL, file);
  }
});

test('the notebook six: each Pipeline([scaler, classifier]) with its attributes and probabilities', () => {
  const worst: Record<string, number> = {};
  for (const name of ['knn', 'svc', 'logistic_regression', 'random_forest', 'decision_tree', 'naive_bayes']) {
    const ref = reference(name);
    const model = load(`${name}.pkl`);
    assert.equal(model.repr, ref.repr, name);
    const p = pipeline(model.estimator);
    // Fitted on a NumPy array: no column names, positions only.
    assert.equal(inputColumnNames(p), null, name);
    assert.equal(p.steps[0].estimator !== 'passthrough' && p.steps[0].estimator.nFeaturesIn, 4);
    const scaler = step(p, 0, 'standard_scaler');
    close(scaler.mean!, ref.attributes.mean_, 0, `${name} mean_`);
    const a = ref.attributes;
    switch (name) {
      case 'knn': {
        const knn = step(p, 1, 'knn');
        assert.deepEqual([knn.nNeighbors, knn.weights, knn.metric, knn.p], [7, 'distance', 'euclidean', 2]);
        assert.equal(knn.fitX.rows, a.n_samples_fit_);
        close(knn.fitX.data.subarray(0, 4), a._fit_X0, 0, '_fit_X[0]');
        assert.deepEqual(Array.from(knn.y.subarray(0, 10)), a._y);
        break;
      }
      case 'svc': {
        const svc = step(p, 1, 'svc');
        assert.deepEqual(Array.from(svc.nSupport), a._n_support);
        assert.deepEqual(Array.from(svc.support.subarray(0, 10)), a.support_);
        close(svc.probA, a.probA_, 0, 'probA_');
        close(svc.probB, a.probB_, 0, 'probB_');
        close(svc.intercept, a._intercept_, 0, '_intercept_');
        close(svc.dualCoef.data.subarray(0, 5), a._dual_coef_0, 0, '_dual_coef_');
        close(svc.supportVectors.data.subarray(0, 4), a.support_vectors_0, 0, 'support_vectors_');
        assert.equal(svc.gamma, a._gamma);
        assert.deepEqual([svc.kernel, svc.degree, svc.coef0], ['rbf', 3, 0]);
        break;
      }
      case 'logistic_regression': {
        const lr = step(p, 1, 'logistic_regression');
        assert.deepEqual(lr.classes, [0, 1, 2]);
        close(lr.coef.data, a.coef_.flat(), 0, 'coef_');
        break;
      }
      case 'random_forest': {
        const rf = step(p, 1, 'random_forest');
        assert.equal(rf.trees.length, 50);
        const t = rf.trees[0];
        assert.equal(t.nodeCount, a.tree0.node_count);
        assert.equal(t.maxDepth, a.tree0.max_depth);
        assert.deepEqual(Array.from(t.left.subarray(0, 5)), a.tree0.children_left);
        assert.deepEqual(Array.from(t.feature.subarray(0, 5)), a.tree0.feature);
        close(t.threshold.subarray(0, 5), a.tree0.threshold, 0, 'threshold');
        close(t.value.subarray(0, 3), a.tree0.value0[0], 0, 'value[0]');
        assert.equal(t.valueKind, 'counts');
        assert.equal(t.missingGoToLeft, null);
        break;
      }
      case 'decision_tree': {
        const dt = step(p, 1, 'decision_tree');
        assert.equal(dt.tree.nodeCount, a.node_count);
        assert.deepEqual(Array.from(dt.tree.left.subarray(0, 5)), a.children_left);
        close(dt.tree.value.subarray(0, 3), a.value0[0], 0, 'value[0]');
        break;
      }
      case 'naive_bayes': {
        const nb = step(p, 1, 'gaussian_nb');
        close(nb.theta.data, a.theta_.flat(), 0, 'theta_');
        close(nb.variance.data, a.var_.flat(), 0, 'var_');
        close(nb.classPrior, a.class_prior_, 0, 'class_prior_');
        break;
      }
    }
    worst[name] = parity(p, ref);
  }
  for (const [name, diff] of Object.entries(worst)) assert.ok(diff < TOL, `${name}: ${diff}`);
});

test('variants: LogisticRegression ovr / binary / binary multinomial, SVC on two classes, KNN p=1 and p=3, a tree with text classes', () => {
  const expectations: [string, (e: Estimator) => void][] = [
    ['variant_logistic_ovr', (e) => assert.equal(step(pipeline(e), 1, 'logistic_regression').multiClass, 'ovr')],
    ['variant_logistic_binary', (e) => assert.equal(step(pipeline(e), 1, 'logistic_regression').multiClass, 'binary')],
    ['variant_logistic_binary_multinomial', (e) => {
      const lr = step(pipeline(e), 1, 'logistic_regression');
      assert.deepEqual([lr.multiClass, lr.coef.rows], ['multinomial', 1]);
    }],
    ['variant_svc_binary', (e) => {
      const svc = step(pipeline(e), 1, 'svc');
      assert.deepEqual([svc.kernel, svc.intercept.length, svc.dualCoef.rows], ['linear', 1, 1]);
    }],
    ['variant_knn_p1', (e) => assert.deepEqual(((k) => [k.metric, k.p, k.weights])(step(pipeline(e), 1, 'knn')), ['manhattan', 1, 'uniform'])],
    ['variant_knn_p3', (e) => assert.deepEqual(((k) => [k.metric, k.p, k.weights])(step(pipeline(e), 1, 'knn')), ['minkowski', 3, 'distance'])],
    ['variant_tree_text', (e) => assert.deepEqual(step(pipeline(e), 1, 'decision_tree').classes, ['setosa', 'versicolor', 'virginica'])],
  ];
  for (const [name, check] of expectations) {
    const ref = reference(name);
    const model = load(`${name}.pkl`);
    assert.equal(model.repr, ref.repr, name);
    check(model.estimator);
    assert.ok(parity(model.estimator, ref) < TOL, `${name}: ${parity(model.estimator, ref)}`);
  }
});

test('grid_search.pkl: GridSearchCV reads as its best_estimator_, best_score_ and best_params_ kept', () => {
  const ref = reference('grid_search');
  const model = load('grid_search.pkl');
  assert.equal(model.repr, ref.repr);
  const search = model.estimator;
  assert.ok(search.kind === 'search');
  assert.equal(search.className, 'GridSearchCV');
  assert.equal(search.bestScore, ref.attributes.best_score_);
  assert.deepEqual({ ...search.bestParams }, ref.attributes.best_params_);
  assert.equal(search.bestIndex, ref.attributes.best_index_);
  assert.equal(search.nSplits, 5);
  assert.deepEqual(inputColumnNames(search), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  const svc = step(pipeline(search.bestEstimator), 1, 'svc');
  assert.equal(svc.path, 'best_estimator_.steps[1].classifier');
  assert.ok(parity(search, ref) < TOL);
});

test('random_search.pkl and halving_search.pkl: RandomizedSearchCV (a scipy distribution kept inert) and HalvingGridSearchCV', () => {
  for (const [name, className, kind] of [['random_search', 'RandomizedSearchCV', 'logistic_regression'], ['halving_search', 'HalvingGridSearchCV', 'knn']] as const) {
    const ref = reference(name);
    const model = load(`${name}.pkl`);
    // Python's default repr carries an address the file does not have.
    assert.equal(model.repr, ref.repr.replace(/ at 0x[0-9a-f]+>/g, '>'), name);
    const search = model.estimator;
    assert.ok(search.kind === 'search');
    assert.equal(search.className, className);
    assert.equal(search.bestScore, ref.attributes.best_score_);
    assert.deepEqual({ ...search.bestParams }, ref.attributes.best_params_);
    step(pipeline(search.bestEstimator), 1, kind);
    assert.ok(parity(search, ref) < TOL, name);
  }
});

test('mixed.pkl: ColumnTransformer by name, median + StandardScaler, most_frequent + OneHotEncoder(max_categories=5), remainder dropped', () => {
  const ref = reference('mixed');
  const model = load('mixed.pkl');
  assert.equal(model.repr, ref.repr);
  const p = pipeline(model.estimator);
  const ct = step(p, 0, 'column_transformer');
  assert.deepEqual(ct.featureNamesIn, ref.attributes.feature_names_in_);
  assert.deepEqual(inputColumnNames(p), ['patient_id', 'age', 'income', 'bmi', 'color', 'city']);
  assert.equal(ct.remainder, 'drop');
  assert.deepEqual(ct.groups.map((g) => [g.name, typeof g.transformer === 'string' ? g.transformer : g.transformer.className, g.columnNames]), ref.attributes.transformers_.map(([n, t, c]: [string, string, (string | number)[]]) => [n, t, c.map((v) => (typeof v === 'number' ? ref.attributes.feature_names_in_[v] : v))]));
  assert.deepEqual(ct.groups.map((g) => g.columns), [[1, 2, 3], [4, 5], [0]]);
  const num = ct.groups[0].transformer as PipelineModel;
  const imputer = step(num, 0, 'simple_imputer');
  assert.equal(imputer.strategy, 'median');
  assert.deepEqual(imputer.statistics, ref.attributes.num_statistics_);
  const cat = ct.groups[1].transformer as PipelineModel;
  assert.deepEqual(step(cat, 0, 'simple_imputer').statistics, ref.attributes.cat_statistics_);
  const onehot = step(cat, 1, 'one_hot_encoder');
  assert.equal(onehot.handleUnknown, 'ignore');
  assert.equal(onehot.maxCategories, 5);
  assert.deepEqual(onehot.features.map((f) => f.categories), ref.attributes.categories_);
  assert.deepEqual(onehot.features.map((f) => f.infrequent), ref.attributes.infrequent_categories_);
  // The encoded columns, in order, as scikit-learn names them.
  const names = ct.groups.flatMap((g) => {
    if (g.transformer === 'drop' || g.columns.length === 0) return [];
    if (g.name === 'cat') return onehot.features.flatMap((f, i) => f.outputs.map((o) => `cat__${g.columnNames![i]}_${o}`));
    return g.columnNames!.map((c) => `${g.name}__${c}`);
  });
  assert.deepEqual(names, ref.attributes.feature_names_out);
  assert.ok(onehot.features[1].outputs.includes(INFREQUENT));
  assert.ok(parity(p, ref) < TOL);
});

test('mixed_index.pkl: ColumnTransformer by index, remainder passthrough, OneHotEncoder(drop="first", min_frequency, infrequent_if_exist) + GaussianNB', () => {
  const ref = reference('mixed_index');
  const model = load('mixed_index.pkl');
  assert.equal(model.repr, ref.repr);
  const p = pipeline(model.estimator);
  const ct = step(p, 0, 'column_transformer');
  assert.equal(ct.remainder, 'passthrough');
  assert.deepEqual(ct.groups.map((g) => [g.name, g.columns, typeof g.transformer === 'string' ? g.transformer : g.transformer.kind]), [
    ['num', [0, 1], 'pipeline'],
    ['cat', [3, 4], 'pipeline'],
    ['remainder', [2], 'passthrough'],
  ]);
  const cat = ct.groups[1].transformer as PipelineModel;
  const onehot = step(cat, 1, 'one_hot_encoder');
  assert.equal(onehot.handleUnknown, 'infrequent_if_exist');
  assert.deepEqual(onehot.features.map((f) => f.dropIndex), ref.attributes.drop_idx_);
  assert.deepEqual(onehot.features.map((f) => f.infrequent), ref.attributes.infrequent_categories_);
  const names = ct.groups.flatMap((g) => {
    if (g.name === 'cat') return onehot.features.flatMap((f, i) => f.outputs.map((o) => `cat__${g.columnNames![i]}_${o}`));
    return g.columnNames!.map((c) => `${g.name}__${c}`);
  });
  assert.deepEqual(names, ref.attributes.feature_names_out);
  const scaler = step(ct.groups[0].transformer as PipelineModel, 1, 'minmax_scaler');
  close(scaler.scale, ref.attributes.minmax_scale_, 0, 'scale_');
  close(scaler.min, ref.attributes.minmax_min_, 0, 'min_');
  assert.deepEqual(scaler.featureRange, [0, 1]);
  const imputer = step(cat, 0, 'simple_imputer');
  assert.deepEqual([imputer.strategy, imputer.fillValue], ['constant', 'missing']);
  assert.ok(parity(p, ref) < TOL);
});

test('other versions\' layouts made by hand: 8-field tree nodes (1.3), class fractions (1.4), sigma_ (before 1.0)', () => {
  const tree = load('tree_1_3.pkl');
  const dt = step(pipeline(tree.estimator), 1, 'decision_tree');
  assert.equal(dt.sklearnVersion, '1.3.2');
  assert.ok(dt.tree.missingGoToLeft instanceof Uint8Array && dt.tree.missingGoToLeft.length === dt.tree.nodeCount);
  assert.equal(dt.tree.valueKind, 'counts');
  const refTree = reference('tree_1_3');
  close(dt.tree.value.subarray(0, 3), refTree.attributes.value0[0], 0, 'value[0]');
  assert.ok(parity(tree.estimator, refTree) < TOL);

  const forest = load('forest_1_4.pkl');
  const rf = step(pipeline(forest.estimator), 1, 'random_forest');
  assert.equal(rf.sklearnVersion, '1.4.2');
  assert.equal(rf.trees.length, 10);
  assert.equal(rf.trees[0].valueKind, 'fractions');
  const refForest = reference('forest_1_4');
  close(rf.trees[0].value.subarray(0, 3), refForest.attributes.tree0_value0[0], 1e-15, 'fractions');
  assert.ok(parity(forest.estimator, refForest) < TOL);

  const sigma = step(pipeline(load('naive_bayes_sigma.pkl').estimator), 1, 'gaussian_nb');
  close(sigma.variance.data, reference('naive_bayes').attributes.var_.flat(), 0, 'sigma_');
});

test('feature names: set by a DataFrame fit, absent after an array fit, found through searches and pipelines', () => {
  assert.deepEqual(inputColumnNames(load('iris.pkl').estimator), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  // A Pipeline stores none itself (its feature_names_in_ is its first step's).
  assert.equal(pipeline(load('iris.pkl').estimator).featureNamesIn, null);
  assert.deepEqual(step(pipeline(load('iris.pkl').estimator), 0, 'standard_scaler').featureNamesIn, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  const array = pipeline(load('svc.pkl').estimator);
  assert.equal(array.featureNamesIn, null);
  assert.equal(inputColumnNames(array), null);
  assert.equal(step(array, 0, 'standard_scaler').nFeaturesIn, 4);
});

