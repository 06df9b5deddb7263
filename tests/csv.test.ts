import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rowsOf } from '../pipeline/data/matrix.ts';
import { DatasetError, IRIS_CSV_PATH, loadCsvFile, parseCsvDataset } from '../pipeline/data/csv.ts';
import { trainModel } from '../pipeline/train.ts';
import { tempDir } from './helpers/temp-dir.ts';

const parse = (text: string, target?: string) => parseCsvDataset(Buffer.from(text), 'data.csv', { target });

function assertDatasetError(text: string, pattern: RegExp, target?: string) {
  assert.throws(() => parse(text, target), (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('the embedded iris data loads: 150 rows, 4 features, 3 classes in sorted order', () => {
  const iris = loadCsvFile(IRIS_CSV_PATH);
  assert.equal(iris.X.rows, 150);
  assert.equal(iris.X.cols, 4);
  assert.deepEqual(iris.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.equal(iris.targetName, 'species');
  assert.deepEqual(iris.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(iris.X.data.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2]);
  assert.equal(iris.y[0], 0);
  assert.equal(iris.y[149], 2);
  assert.match(iris.sha256, /^[0-9a-f]{64}$/);
});

test('real-world files load: CRLF, a UTF-8 BOM, quoted fields, a trailing newline, blank lines', () => {
  const text = '\uFEFF"a","b, the second",label\r\n1,"2.5",yes\r\n\r\n3,4e1,"no"\r\n';
  const data = parse(text);
  assert.deepEqual(data.featureNames, ['a', 'b, the second']);
  assert.deepEqual(rowsOf(data.X), [
    [1, 2.5],
    [3, 40],
  ]);
  assert.deepEqual(data.classes, ['no', 'yes']);
  assert.deepEqual(Array.from(data.y), [1, 0]);
  assert.deepEqual(rowsOf(parse('a,label\n1,x\n2,y').X), [[1], [2]], 'no trailing newline');
});

test('the target column can be any column; numeric labels sort numerically', () => {
  const data = parse('label,a,b\n10,1,2\n2,3,4\n10,5,6\n', 'label');
  assert.deepEqual(data.featureNames, ['a', 'b']);
  assert.deepEqual(data.classes, ['2', '10']);
  assert.deepEqual(Array.from(data.y), [1, 0, 1]);
});

test('rows whose label is empty or a missing marker are left out and counted, their lines listed (df.dropna(subset=[target]))', () => {
  const data = parseCsvDataset(Buffer.from('a,b,label\n1,2,x\n3,4,\n5,6,NA\n7,8,y\n9,1,x\n2,2,y\n'), 'data.csv');
  assert.equal(data.X.rows, 4);
  assert.deepEqual(data.rowsLeftOut, [{ rows: 2, reason: 'no label in column "label" (lines 3, 4)' }]);
  assert.ok(data.notices.includes('2 rows left out: no label in column "label" (lines 3, 4)'), data.notices.join('\n'));
  assertDatasetError('a,label\n1,\n2,NA\n', /^data\.csv: column "label" \(the label\) is empty on every row; nothing to train on$/);
});

test('a ragged row is named by file and line', () => {
  assertDatasetError('a,b,label\n1,2,x\n3,4\n', /^data\.csv:3: expected 3 fields as in the header, found 2$/);
  assertDatasetError('a,b,label\n1,2,x,9\n', /^data\.csv:2: expected 3 fields as in the header, found 4$/);
});

test('a missing target column lists the columns there are', () => {
  assertDatasetError('a,b,label\n1,2,x\n', /^data\.csv:1: target column "species" is not in the header \(columns: a, b, label\)$/, 'species');
});

test('fewer than two classes is refused', () => {
  assertDatasetError('a,label\n1,x\n2,x\n', /column "label" holds only one class \(x\); a classifier needs at least two/);
});

test('an empty file, a header without rows, and a bad header are refused', () => {
  assertDatasetError('', /^data\.csv: the file is empty/);
  assertDatasetError('\uFEFF\r\n', /^data\.csv: the file is empty/);
  assertDatasetError('a,b,label\n', /^data\.csv: the file has a header row but no data rows$/);
  assertDatasetError('a,,label\n1,2,x\n', /^data\.csv:1: column 2 has an empty name/);
  assertDatasetError('a,a,label\n1,2,x\n', /^data\.csv:1: column name "a" appears more than once/);
  assertDatasetError('label\nx\n', /^data\.csv:1: need at least one feature column and one label column; with the delimiter "," the header is one column, "label" \(pass --delimiter if the file uses another separator\)$/);
});

test('broken quoting is reported with its line', () => {
  assertDatasetError('a,label\n1,x\n2,"y\n', /^data\.csv(:\d+)?: not valid CSV/);
});

test('a missing file is named', () => {
  assert.throws(() => loadCsvFile('/nonexistent/data.csv'), /\/nonexistent\/data\.csv: cannot read the file \(ENOENT\)/);
});

test('a class with fewer rows than folds trains with a notice naming it; settings that cannot be fitted on a fold are scored as failed, as error_score=nan', async () => {
  const dir = tempDir();
  const rows = ['a,label'];
  for (let i = 0; i < 20; i++) rows.push(`${i % 7},common`);
  for (let i = 0; i < 4; i++) rows.push(`${i % 3},rare`);
  const path = join(dir, 'small.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  const environment = { packages: {}, gitCommit: null, createdAt: null };
  const grid = { knn: [{ scaler: ['standard'], classifier__n_neighbors: [3, 17] }], naive_bayes: [{ scaler: ['standard'] }] };
  const { artifact } = await trainModel(loadCsvFile(path), { seed: 1, folds: 5, testSize: 0.2, jobs: 1, environment, grid });
  const notices = artifact.data.notices.join('\n');
  assert.match(notices, /class "rare" has 3 rows in the training part, fewer than the 5 folds: some folds train without it/);
  // 19 training rows: each fold trains on 15, fewer than 17 neighbours.
  assert.match(notices, /^5 of 15 cross-validation fits failed and are scored as undefined, as scikit-learn's error_score=nan does; the first: Expected n_neighbors <= n_samples, but n_samples = 15, n_neighbors = 17$/m);
  const failed = artifact.selection.results.find((result) => result.params.classifier__n_neighbors === 17)!;
  assert.deepEqual([failed.failedFits, failed.cvMean, failed.rank], [5, null, 2]);
  const all = { knn: [{ scaler: ['standard'], classifier__n_neighbors: [17, 19] }] };
  await assert.rejects(() => trainModel(loadCsvFile(path), { seed: 1, folds: 5, testSize: 0.2, jobs: 1, environment, grid: all }), /all 10 cross-validation fits failed; the first: Expected n_neighbors <= n_samples/);
});
