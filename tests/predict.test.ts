import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { irisRows, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const artifact = await trainIrisArtifact();
const artifactPath = join(dir, 'model.json');
writeArtifactFile(artifactPath, artifact);
const model = servingModelOf(artifact);

test('npm run predict scores a CSV offline: input columns kept, label, every probability and warnings, in input order', () => {
  // Columns in another order, an extra id column with a comma in it, CRLF line ends.
  const lines = ['id,petal_width,petal_length,sepal_width,sepal_length'];
  irisRows.forEach((row, i) => lines.push(`"row, ${i}",${row[3]},${row[2]},${row[1]},${row[0]}`));
  lines.push('"far, away",9.9,1.4,3.5,5.1', '"broken",0.2,oops,3.5,5.1', '"gap",0.2,n/a,3.5,5.1');
  const data = join(dir, 'rows.csv');
  writeFileSync(data, `${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'scored.csv');
  const run = runScript('scripts/predict.ts', ['--data', data, '--out', out, '--artifact', artifactPath]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /predict: 151 of 153 rows scored in [\d.]+ s \(\d+ rows\/s\); 2 not scored \(a cell could not be read: see their warnings column\) → /);
  const scored = parse(readFileSync(out)) as string[][];
  assert.deepEqual(scored[0], ['id', 'petal_width', 'petal_length', 'sepal_width', 'sepal_length', 'label', 'probability_setosa', 'probability_versicolor', 'probability_virginica', 'warnings']);
  const expected = predictProba({ scaler: artifact.scaler, classifier: artifact.classifier }, matrixFromRows(irisRows), 3);
  irisRows.forEach((_, i) => {
    const row = scored[i + 1];
    assert.equal(row[0], `row, ${i}`, 'input order and the quoted field kept');
    const probabilities = row.slice(6, 9).map(Number);
    // Full precision, exactly what the function answers.
    assert.deepEqual(probabilities, Array.from(expected.subarray(i * 3, i * 3 + 3)));
    assert.equal(row[5], artifact.classes[probabilities.indexOf(Math.max(...probabilities))]);
  });
  const far = scored[151];
  assert.match(far[9], /^petal_width = 9\.9 is outside the training range \[[\d.]+, [\d.]+\]$/);
  assert.notEqual(far[5], '', 'an out-of-range row is still scored');
  assert.deepEqual(scored[152].slice(5), ['', '', '', '', 'not scored: petal_length = "oops" is not a number']);
  // n/a marks a missing cell; iris had none, so its model has no imputer to fill one.
  assert.deepEqual(scored[153].slice(5), ['', '', '', '', 'not scored: petal_length is missing, and the model does not impute it']);
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp-')), []);
});

test('npm run predict: a missing file, a missing feature column or bad arguments stop with the reason, and write nothing', () => {
  const out = join(dir, 'never.csv');
  const missing = runScript('scripts/predict.ts', ['--data', join(dir, 'absent.csv'), '--out', out, '--artifact', artifactPath]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim(), `predict: ${join(dir, 'absent.csv')}: cannot read the file (ENOENT)`);
  const data = join(dir, 'partial.csv');
  writeFileSync(data, 'sepal_length,sepal_width\n5.1,3.5\n');
  const partial = runScript('scripts/predict.ts', ['--data', data, '--out', out, '--artifact', artifactPath]);
  assert.equal(partial.status, 1);
  assert.match(partial.stderr, /partial\.csv:1: the header lacks the model's feature\(s\) petal_length, petal_width \(it has: sepal_length, sepal_width\)/);
  writeFileSync(data, 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4\n');
  assert.match(runScript('scripts/predict.ts', ['--data', data, '--out', out, '--artifact', artifactPath]).stderr, /partial\.csv: data row 1: expected 4 fields as in the header, found 3/);
  assert.equal(runScript('scripts/predict.ts', ['--data', data]).status, 2);
  assert.throws(() => readFileSync(out));
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp-')), []);
});
