// npm run import turns scikit-learn 1.2.1's pickles (tests/fixtures/sklearn/
// generate_import.py) into model files the build packages like trained ones: each
// family's imported model, built into both archives and asked as each cloud runs them,
// answers scikit-learn's predict_proba within 1e-9, on every iris row and on rows
// outside the training range. A model the kit cannot serve, or a hostile pickle, is one
// line naming the file and the class.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readArtifactFile, readModelFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { predictValues } from '../pipeline/models/regression-inference.ts';
import { createRowEncoder, type RawValue } from '../pipeline/preprocess/encode.ts';
import { askBothArchives, buildFromFile } from './helpers/built-archives.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

interface RegressorFixture {
  file: string;
  features: string[] | null;
  records: Record<string, number>[];
  predict: number[];
}

interface ModelFixture {
  file: string;
  features: string[] | null;
  classes: (string | number)[];
  records: Record<string, number | null>[];
  proba: number[][];
  accuracy_on_mixed_csv?: number;
}

const FIXTURES = join(ROOT, 'tests/fixtures/sklearn');
const PICKLES = join(FIXTURES, 'import');
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'import-parity.json'), 'utf8')) as { models: Record<string, ModelFixture>; regressors: Record<string, RegressorFixture> };
const dir = tempDir('kit-import-');
const TOLERANCE = 1e-9;

const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
/** The ColumnTransformer models read mixed.csv's columns: numbers first, then the categorical ones (patient_id dropped). */
const MIXED_FEATURES = ['age', 'income', 'bmi', 'color', 'city'];
const isMixed = (name: string) => name.startsWith('columns_');

function importModel(name: string, extra: string[] = []) {
  const model = fixture.models[name];
  const out = join(dir, `${name}.json`);
  const args = [join(PICKLES, model.file), '--out', out, '--target', isMixed(name) ? 'outcome' : 'species', ...(model.features ? ['--features', model.features.join(',')] : []), ...extra];
  const result = runScript('scripts/import.ts', args);
  assert.equal(result.status, 0, result.stderr);
  return { out, result };
}

function largestDifference(probabilities: (k: number, i: number) => number, model: ModelFixture): number {
  let worst = 0;
  model.proba.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(probabilities(k, i) - p)))));
  return worst;
}

for (const [name, model] of Object.entries(fixture.models)) {
  test(`${name}: the imported model, in process and through both archives, answers scikit-learn's probabilities within 1e-9`, async (t) => {
    const { out } = importModel(name);
    const artifact = readModelFile(out);
    assert.ok('source' in artifact && artifact.source === 'import');
    assert.equal(artifact.provenance.modelSha256, createHash('sha256').update(readFileSync(join(PICKLES, model.file))).digest('hex'));
    assert.equal(artifact.provenance.modelFile, model.file);
    const { summary } = servingModelOf(artifact);
    assert.equal(summary.scoring, 'none (imported model)');
    assert.equal(summary.source, `import of ${model.file} (sha256 ${artifact.provenance.modelSha256}), scikit-learn 1.2.1`);
    assert.equal(artifact.provenance.featureNames, model.features ? '--features' : 'feature_names_in_');
    assert.ok(artifact.task === 'classification');
    assert.deepEqual(artifact.classes, model.classes.map(String));
    assert.deepEqual(artifact.features, isMixed(name) ? MIXED_FEATURES : IRIS_FEATURES);
    if (isMixed(name)) assert.deepEqual(artifact.ignoredColumns, ['outcome', 'patient_id']);

    // In process: the serving encoder and the family's predictProba.
    const encoder = createRowEncoder(artifact.inputs);
    const data = new Float64Array(model.records.length * encoder.width);
    model.records.forEach((record, i) => encoder.encode(artifact.features.map((f) => record[f]) as RawValue[], data, i * encoder.width, false));
    const k = artifact.classes.length;
    const inProcess = predictProba(artifact, { data, rows: model.records.length, cols: encoder.width }, k);
    const local = largestDifference((c, i) => inProcess[i * k + c], model);

    const out_ = join(dir, name);
    mkdirSync(out_);
    const built = buildFromFile(out, out_);
    const { lambda, gcp } = await askBothArchives(built, JSON.stringify({ instances: model.records }));
    assert.equal(lambda.status, 200, JSON.stringify(lambda.body));
    assert.equal(gcp.status, 200, JSON.stringify(gcp.body));
    const fromArchive = (body: { predictions: { probabilities: Record<string, number> }[] }) => (c: number, i: number) => body.predictions[i].probabilities[String(model.classes[c])];
    const differences = [local, largestDifference(fromArchive(lambda.body), model), largestDifference(fromArchive(gcp.body), model)];
    t.diagnostic(`max |Δp| over ${model.records.length} rows: in process ${differences[0].toExponential(2)}, Lambda ${differences[1].toExponential(2)}, GCP ${differences[2].toExponential(2)}`);
    assert.ok(differences.every((d) => d <= TOLERANCE), differences.join(', '));
  });
}

const REGRESSION_FEATURES = ['sepal_length', 'sepal_width', 'petal_length'];

for (const [name, model] of Object.entries(fixture.regressors)) {
  test(`${name}: the imported regressor, in process and through both archives, answers scikit-learn's predictions within 1e-9`, async (t) => {
    const out = join(dir, `${name}.json`);
    const result = runScript('scripts/import.ts', [join(PICKLES, model.file), '--out', out, '--target', 'petal_width', ...(model.features ? ['--features', model.features.join(',')] : [])]);
    assert.equal(result.status, 0, result.stderr);
    const artifact = readModelFile(out);
    assert.ok('source' in artifact && artifact.task === 'regression');
    assert.equal(artifact.provenance.family, name);
    assert.deepEqual(artifact.features, REGRESSION_FEATURES);
    const encoder = createRowEncoder(artifact.inputs);
    const data = new Float64Array(model.records.length * encoder.width);
    model.records.forEach((record, i) => encoder.encode(artifact.features.map((f) => record[f]), data, i * encoder.width, false));
    const inProcess = predictValues(artifact, { data, rows: model.records.length, cols: encoder.width });
    const worst = (value: (i: number) => number) => model.predict.reduce((w, y, i) => Math.max(w, Math.abs(value(i) - y)), 0);
    const out_ = join(dir, name);
    mkdirSync(out_);
    const { lambda, gcp } = await askBothArchives(buildFromFile(out, out_), JSON.stringify({ instances: model.records }));
    assert.equal(lambda.status, 200, JSON.stringify(lambda.body));
    assert.equal(gcp.status, 200, JSON.stringify(gcp.body));
    const fromArchive = (body: { predictions: { prediction: number }[] }) => (i: number) => body.predictions[i].prediction;
    const differences = [worst((i) => inProcess[i]), worst(fromArchive(lambda.body)), worst(fromArchive(gcp.body))];
    t.diagnostic(`max |Δy| over ${model.records.length} rows: in process ${differences[0].toExponential(2)}, Lambda ${differences[1].toExponential(2)}, GCP ${differences[2].toExponential(2)}`);
    assert.ok(differences.every((d) => d <= TOLERANCE), differences.join(', '));
  });
}

test('--data with a regressor: the target column gives targetStats, and the kit\'s R² on the rows is recorded', () => {
  const out = join(dir, 'regression-data.json');
  const result = runScript('scripts/import.ts', [join(PICKLES, 'linear_regression.pkl'), '--out', out, '--data', join(ROOT, 'pipeline/data/iris.csv'), '--target', 'petal_width']);
  assert.equal(result.status, 0, result.stderr);
  const artifact = readModelFile(out);
  assert.ok('source' in artifact && artifact.task === 'regression');
  assert.deepEqual([artifact.targetStats.min, artifact.targetStats.max], [0.1, 2.5]);
  assert.deepEqual(artifact.ignoredColumns, ['petal_width', 'species']);
  assert.equal(artifact.provenance.check?.metric, 'r2');
  // scikit-learn's R² of the same model on the 150 iris rows, from its predictions.
  const truth = readFileSync(join(ROOT, 'pipeline/data/iris.csv'), 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[3]));
  const predicted = fixture.regressors.linear_regression.predict;
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  const r2 = 1 - truth.reduce((s, y, i) => s + (y - predicted[i]) ** 2, 0) / truth.reduce((s, y) => s + (y - mean) ** 2, 0);
  assert.ok(Math.abs(artifact.provenance.check!.score! - r2) < 1e-12, `${artifact.provenance.check!.score} vs ${r2}`);
});

test('--data names the columns of a model fitted without them, sets the ranges, and records the kit\'s accuracy on its rows', () => {
  const model = fixture.models.logistic;
  const out = join(dir, 'with-data.json');
  const result = runScript('scripts/import.ts', [join(PICKLES, model.file), '--out', out, '--data', join(ROOT, 'pipeline/data/iris.csv'), '--target', 'species']);
  assert.equal(result.status, 0, result.stderr);
  const artifact = readModelFile(out);
  assert.ok('source' in artifact && artifact.task === 'classification');
  assert.equal(artifact.provenance.featureNames, '--data');
  assert.deepEqual(artifact.features, IRIS_FEATURES);
  assert.deepEqual(artifact.ignoredColumns, ['species']);
  assert.deepEqual([artifact.inputs[0].min, artifact.inputs[0].max], [4.3, 7.9]);
  // scikit-learn's own accuracy on the 150 iris rows, from its probabilities.
  const species = readFileSync(join(ROOT, 'pipeline/data/iris.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[4]);
  const right = species.filter((label, i) => model.classes[model.proba[i].indexOf(Math.max(...model.proba[i]))] === label).length;
  assert.equal(artifact.provenance.check?.rows, 150);
  assert.deepEqual([artifact.provenance.check?.metric, artifact.provenance.check?.score], ['accuracy', right / 150]);
  assert.match(result.stdout, /checked on 150 rows of iris\.csv, accuracy/);
});

test('--data with a ColumnTransformer model: a ";" CSV with missing cells is scored through the kit\'s encoder, with scikit-learn\'s accuracy', () => {
  const model = fixture.models.columns_logistic;
  const out = join(dir, 'columns-data.json');
  const result = runScript('scripts/import.ts', [join(PICKLES, model.file), '--out', out, '--data', join(FIXTURES, 'mixed.csv'), '--target', 'outcome']);
  assert.equal(result.status, 0, result.stderr);
  const artifact = readModelFile(out);
  assert.ok('source' in artifact);
  assert.deepEqual(artifact.ignoredColumns, ['outcome', 'patient_id']);
  assert.equal(artifact.provenance.check?.rows, 600);
  assert.ok(Math.abs(artifact.provenance.check!.score! - model.accuracy_on_mixed_csv!) < 1e-12, `${artifact.provenance.check!.score} vs ${model.accuracy_on_mixed_csv}`);
});

test('a model without column names and no --features nor --data: one line saying how to name them', () => {
  const result = runScript('scripts/import.ts', [join(PICKLES, 'logistic.pkl'), '--out', join(dir, 'unnamed.json')]);
  assert.equal(result.status, 1);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^import: logistic\.pkl: .*no feature_names_in_.*--features/);
});

for (const [file, named] of [['unsupported.pkl', /GradientBoostingClassifier is not supported/], ['hostile.pkl', /posix\.system is not supported.*nothing in it is run/]] as const) {
  test(`${file}: refused in one line naming the file and the class, and nothing written`, () => {
    const out = join(dir, `${file}.json`);
    const result = runScript('scripts/import.ts', [join(PICKLES, file), '--out', out]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(result.stderr.startsWith(`import: ${file}: `), result.stderr);
    assert.match(result.stderr, named);
    assert.doesNotMatch(result.stdout + result.stderr, /hostile pickle ran/);
    assert.throws(() => readFileSync(out), /ENOENT/);
  });
}

test('an imported model file edited afterwards is refused by the build; commands that need a training record say it is imported', () => {
  const { out } = importModel('naive_bayes');
  assert.throws(() => readArtifactFile(out), /imported from scikit-learn \(npm run import\): it has no training record/);
  const edited = JSON.parse(readFileSync(out, 'utf8'));
  edited.classifier.class_prior[0] = 0.5;
  const path = join(dir, 'edited.json');
  writeFileSync(path, JSON.stringify(edited));
  assert.throws(() => readModelFile(path), /was changed after training/);
  const build = runScript('scripts/build.ts', ['--artifact', path, '--out-dir', join(dir, 'edited')]);
  assert.equal(build.status, 1);
  assert.match(build.stderr, /was changed after training/);
});

test('what the reader reads but the kit cannot serve is refused in one line naming the class and what to change', () => {
  const refusal = (file: string, extra: string[] = []) => {
    const result = runScript('scripts/import.ts', [join(ROOT, 'tests/fixtures/pickles', file), '--out', join(dir, 'refused.json'), ...extra]);
    assert.equal(result.status, 1, result.stdout);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    return result.stderr.trim();
  };
  assert.equal(refusal('variant_knn_p3.pkl'), 'import: variant_knn_p3.pkl: KNeighborsClassifier at steps[1].classifier: weights="distance" is not supported (the kit serves weights="uniform")');
  assert.match(refusal('mixed_index.pkl'), /^import: mixed_index\.pkl: OneHotEncoder at .*: drop is not supported/);
  assert.equal(refusal('iris.pkl', ['--features', 'a,b,c,d']), "import: iris.pkl: --features (a,b,c,d) differs from the model's own feature_names_in_ (sepal_length,sepal_width,petal_length,petal_width)");
});
