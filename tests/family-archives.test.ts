// Every family's archive, run as each cloud runs it (unpacked, nothing but what it
// declares), answering exactly what the in-process predictor answers; and each one
// carries its own family's inference code and no other's.
import { asClassifier } from '../pipeline/artifact/artifact.ts';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { createPredictor } from '../pipeline/models/predictor.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { iris, irisRows, TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer, type ServerProcess } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const work = tempDir('kit-family-archives-');
// One small setting per family: the archives, not the search, are under test here.
const grid = {
  knn: [{ scaler: ['standard'], classifier__n_neighbors: [5] }],
  svc: [{ scaler: ['standard'], classifier__kernel: ['rbf'], classifier__C: [1] }],
  logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }],
  random_forest: [{ scaler: ['minmax'], classifier__n_estimators: [100] }],
  decision_tree: [{ scaler: ['standard'], classifier__max_depth: [5] }],
  naive_bayes: [{ scaler: ['standard'] }],
};
const trained = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid, jobs: 1, environment: TEST_ENVIRONMENT });

/** A string each kind's inference code holds (its schema's field names), and no other kind's does. */
const MARKERS: Record<string, string> = { linear: 'intercepts', knn: 'n_neighbors', svc: 'support_vectors', trees: 'threshold', gaussian_nb: 'class_prior' };
const records = irisRows.map((row) => Object.fromEntries(iris.featureNames.map((name, j) => [name, row[j]])));

// functions-framework installed once, as GCP's buildpack would from each archive's package.json.
const modulesDir = join(work, 'gcp-modules');
mkdirSync(modulesDir);

interface Built {
  family: string;
  kind: string;
  modelVersion: string;
  buildOutput: string;
  aws: string;
  gcp: string;
  expected: { predictions: { predicted_class: number; probabilities: number[] }[] };
}

const built: Built[] = trained.families.map(({ family, artifact: trainedArtifact }) => {
  const artifact = asClassifier(trainedArtifact);
  const artifactPath = join(work, `${family}.json`);
  writeArtifactFile(artifactPath, artifact);
  const outDir = join(work, `build-${family}`);
  const run = runScript('scripts/build.ts', ['--artifact', artifactPath, '--out-dir', outDir]);
  assert.equal(run.status, 0, run.stderr);
  const unpack = (zip: string, name: string) => {
    const dir = join(work, `${family}-${name}`);
    mkdirSync(dir);
    execFileSync('unzip', ['-q', join(outDir, zip), '-d', dir]);
    return dir;
  };
  const predictor = createPredictor(servingModelOf(artifact));
  const { outputs: probabilities } = predictor.predict(irisRows);
  const k = artifact.classes.length;
  const expected = {
    predictions: irisRows.map((_, i) => {
      const row = Array.from(probabilities.subarray(i * k, (i + 1) * k));
      return { predicted_class: row.indexOf(Math.max(...row)), probabilities: row };
    }),
  };
  return { family, kind: artifact.classifier.kind, modelVersion: artifact.modelVersion, buildOutput: run.stdout, aws: unpack('aws-lambda.zip', 'aws'), gcp: unpack('gcp-function.zip', 'gcp'), expected };
});
writeFileSync(join(modulesDir, 'package.json'), readFileSync(join(built[0].gcp, 'package.json')));
const install = spawnSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: modulesDir, encoding: 'utf8' });
assert.equal(install.status, 0, install.stderr);
const servers = new Map<string, ServerProcess>();
for (const entry of built) {
  symlinkSync(join(modulesDir, 'node_modules'), join(entry.gcp, 'node_modules'));
  servers.set(
    entry.family,
    await startServer(process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(entry.gcp, 'node_modules/.bin/functions-framework'), '--target=predict', '--port=0'], {
      cwd: entry.gcp,
      env: { NODE_ENV: '', API_KEY: undefined },
    }),
  );
}

function assertSameAnswers(family: string, answer: { predictions: { predicted_class: number; probabilities: Record<string, number> }[] }, expected: Built['expected']) {
  assert.equal(answer.predictions.length, expected.predictions.length);
  answer.predictions.forEach((prediction, i) => {
    assert.equal(prediction.predicted_class, expected.predictions[i].predicted_class, `${family}, row ${i}`);
    iris.classes.forEach((label, k) => assert.equal(prediction.probabilities[label], expected.predictions[i].probabilities[k], `${family}, row ${i}, ${label}`));
  });
}

for (const entry of built) {
  test(`${entry.family}: the build reports code and model bytes, the code within the 25 KB budget, and the archive holds only ${entry.kind} inference code`, () => {
    for (const archive of ['gcp-function.zip', 'aws-lambda.zip']) {
      const line = entry.buildOutput.split('\n').find((text) => text.includes(archive))!;
      const [, total, code, model] = /([\d.]+) KB \(code ([\d.]+) KB, model ([\d.]+) KB\)/.exec(line)!.map(Number);
      assert.ok(code <= 25, `${archive}: code ${code} KB`);
      assert.ok(Math.abs(total - code - model) <= 0.11, line);
    }
    for (const dir of [entry.aws, entry.gcp]) {
      const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
      for (const [kind, marker] of Object.entries(MARKERS)) {
        assert.equal(bundle.includes(marker), kind === entry.kind, `${entry.family}'s bundle ${kind === entry.kind ? 'lacks' : 'holds'} the ${kind} code ("${marker}")`);
      }
      assert.ok(!/fitSvc|growTree|lbfgs|solveSmo/.test(bundle), 'no training code');
    }
  });

  test(`${entry.family}: the AWS archive, required in a fresh Node with no node_modules, answers as the in-process predictor`, () => {
    const script = `
      const { handler } = require(process.cwd() + '/index.js');
      handler(JSON.parse(process.argv[1]), { awsRequestId: 'test' }).then((result) => process.stderr.write(JSON.stringify(result)));`;
    const run = spawnSync(process.execPath, ['-e', script, JSON.stringify({ instances: records })], { cwd: entry.aws, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(run.status, 0, run.stderr);
    assertSameAnswers(entry.family, JSON.parse(run.stderr), entry.expected);
  });

  test(`${entry.family}: the GCP archive, served by functions-framework --target=predict, answers as the in-process predictor`, async () => {
    const server = servers.get(entry.family)!;
    const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: records }) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-model-version'), entry.modelVersion);
    assertSameAnswers(entry.family, (await response.json()) as never, entry.expected);
    const metadata = (await (await fetch(`${server.url}/`)).json()) as { model: { family: string; kind: string } };
    assert.deepEqual([metadata.model.family, metadata.model.kind], [entry.family, entry.kind]);
  });
}
