// The built archives, run the way each cloud runs them: unpacked into an empty folder,
// with nothing but what they declare.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { irisRows, refitTrainingPipeline, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { awsEvent } from './helpers/lambda-events.ts';
import { ROOT, runScript } from './helpers/run.ts';
import { startServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const work = tempDir('kit-archives-');
const artifact = await trainIrisArtifact();
const artifactPath = join(work, 'model.json');
writeArtifactFile(artifactPath, artifact);

const pipeline = refitTrainingPipeline(artifact);
const expectedProbabilities = pipeline.predictProba(irisRows);
const expectedClasses = pipeline.predict(irisRows);
const records = irisRows.map((row) => Object.fromEntries(artifact.features.map((name, j) => [name, row[j]])));

function build(outDir: string) {
  const run = runScript('scripts/build.ts', ['--artifact', artifactPath, '--out-dir', outDir]);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}
const firstBuild = build(join(work, 'build-1'));
const secondBuild = build(join(work, 'build-2'));
const gcpZip = join(work, 'build-1', 'gcp-function.zip');
const awsZip = join(work, 'build-1', 'aws-lambda.zip');

function unzipInto(zip: string, name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return dir;
}

function assertMatchesPipeline(prediction: { predicted_class: number; probabilities: Record<string, number> }, row: number) {
  assert.equal(prediction.predicted_class, expectedClasses[row], `row ${row}`);
  artifact.classes.forEach((label, k) => {
    assert.ok(Math.abs(prediction.probabilities[label] - expectedProbabilities[row][k]) <= 1e-12, `row ${row} ${label}`);
  });
}

test('the build prints each archive with its size and SHA-256, and building twice gives identical bytes', () => {
  for (const name of ['gcp-function.zip', 'aws-lambda.zip']) {
    const first = readFileSync(join(work, 'build-1', name));
    const second = readFileSync(join(work, 'build-2', name));
    assert.ok(first.equals(second), `${name} differs between two builds`);
    const line = firstBuild.split('\n').find((text) => text.includes(name));
    assert.match(line ?? '', new RegExp(`${name}\\s+[\\d.]+ KB \\(code [\\d.]+ KB, model [\\d.]+ KB\\)\\s+sha256 [0-9a-f]{64}`));
  }
  assert.equal(firstBuild.replaceAll('build-1', 'build-2'), secondBuild);
});

test('each archive is within the 25 KB budget and holds exactly its files, with fixed times and modes', () => {
  for (const zip of [gcpZip, awsZip]) assert.ok(statSync(zip).size <= 25 * 1024, `${zip}: ${statSync(zip).size} bytes`);
  const listing = (zip: string) => execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' });
  assert.match(listing(gcpZip), /-rw-r--r--.*80-Jan-01 00:00 index\.js\n-rw-r--r--.*80-Jan-01 00:00 package\.json/);
  assert.match(listing(awsZip), /number of entries: 1\n-rw-r--r--.*80-Jan-01 00:00 index\.js\n/);
  const manifest = JSON.parse(execFileSync('unzip', ['-p', gcpZip, 'package.json'], { encoding: 'utf8' }));
  assert.equal(manifest.main, 'index.js');
  assert.equal(manifest.scripts, undefined, 'no scripts: the buildpack would run a build script');
  assert.equal(manifest.type, undefined, 'index.js is CommonJS');
  const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/@google-cloud/functions-framework/package.json'), 'utf8'));
  assert.deepEqual(manifest.dependencies, { '@google-cloud/functions-framework': installed.version });
  assert.ok(manifest.engines.node);
});

test('GCP archive: unpacked, given only its dependencies, served by functions-framework --target=predict', async () => {
  const dir = unzipInto(gcpZip, 'gcp');
  const install = spawnSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  const server = await startServer(process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(dir, 'node_modules/.bin/functions-framework'), '--target=predict', '--port=0'], {
    cwd: dir,
    env: { NODE_ENV: '', API_KEY: undefined },
  });
  try {
    for (let i = 0; i < records.length; i++) {
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(records[i]) });
      assert.equal(response.status, 200);
      const prediction = (await response.json()) as { predicted_class: number; probabilities: Record<string, number>; model_version: string };
      assert.equal(prediction.model_version, artifact.modelVersion);
      assertMatchesPipeline(prediction, i);
    }
    const malformed = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sepal_length": ' });
    assert.equal(malformed.status, 400);
    // The archive's guard answers before the framework's parsers: JSON, not Express's HTML page.
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'invalid_json');
  } finally {
    await server.stop();
  }
});

test('AWS archive: unpacked with no node_modules, index.handler loaded by require() in a fresh Node, fed the AWS sample events', () => {
  const dir = unzipInto(awsZip, 'aws');
  const body = JSON.stringify({ instances: records });
  const events = [
    awsEvent('rest', { method: 'POST', path: '/', body, contentType: 'application/json' }),
    awsEvent('http-v2', { method: 'POST', path: '/', body, contentType: 'application/json' }),
    awsEvent('alb', { method: 'POST', path: '/', body: Buffer.from(body).toString('base64'), contentType: 'application/json', base64: true }),
    { instances: records },
  ];
  const eventsFile = join(work, 'events.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  const script = `
    const { handler } = require(process.cwd() + '/index.js');
    const events = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
    Promise.all(events.map((event, i) => handler(event, { awsRequestId: 'test-' + i }))).then((results) => {
      process.stderr.write(JSON.stringify(results));
    });`;
  const run = spawnSync(process.execPath, ['-e', script, eventsFile], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stderr) as Record<string, any>[];
  const bodies = results.slice(0, 3).map((result) => {
    assert.equal(result.statusCode, 200);
    return JSON.parse(result.body);
  });
  assert.equal(results[0].multiValueHeaders['x-model-version'][0], artifact.modelVersion);
  assert.equal(results[2].statusDescription, '200 OK');
  for (const answer of [...bodies, results[3]]) {
    assert.equal(answer.predictions.length, records.length);
    answer.predictions.forEach((prediction: { predicted_class: number; probabilities: Record<string, number> }, i: number) => assertMatchesPipeline(prediction, i));
  }
  assert.match(run.stdout, /"severity":"INFO"/, 'one log line per request on stdout');
});

test('a missing, truncated or tampered artifact fails the build with the reason, and writes no archive', () => {
  const outDir = join(work, 'never');
  const cases: [string, (text: string) => string | undefined, RegExp][] = [
    ['missing.json', () => undefined, /missing\.json: no such file/],
    ['truncated.json', (text) => text.slice(0, 500), /truncated\.json is not valid JSON .*truncated/],
    ['tampered.json', (text) => text.replace(/"intercepts": \[\n\s+(-?[\d.e-]+)/, '"intercepts": [\n 42'), /tampered\.json was changed after training/],
  ];
  const original = readFileSync(artifactPath, 'utf8');
  for (const [name, mutate, message] of cases) {
    const path = join(work, name);
    const content = mutate(original);
    if (content !== undefined) writeFileSync(path, content);
    const run = runScript('scripts/build.ts', ['--artifact', path, '--out-dir', outDir]);
    assert.equal(run.status, 1, name);
    assert.match(run.stderr, message);
    assert.throws(() => statSync(join(outDir, 'aws-lambda.zip')));
  }
});
