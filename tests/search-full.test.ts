// --search full is the exhaustive GridSearchCV the kit ran before successive halving became
// the default: the same artifact, byte for byte (the hashes below are of the artifacts the
// previous version's --search grid wrote, with the test environment, one job), but for its
// format number, which artifact format 7 changed, and the model version that hashes it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { trainModel } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';

const SMALL = { knn: [{ classifier__n_neighbors: [1, 5, 15], scaler: ['standard', 'minmax'] }], logistic_regression: [{ classifier__C: [0.1, 1, 10] }], naive_bayes: [{}] };
const sklearn = (name: string) => new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname;
const CASES = [
  { name: 'iris, the default grid', path: IRIS_CSV_PATH, target: undefined, grid: undefined, sha256: '6ccce380b898b2f043041c5c23ef7d77031539e564d958b4e56e52d3e80a73b9', halvingToo: true },
  { name: 'wine, three families', path: sklearn('wine'), target: 'target', grid: SMALL, sha256: '17ba70a25fd34f62a6bd142e3d931ca715d8997c71b866f4a929ea6537dc17f8', halvingToo: true },
  { name: 'breast cancer, three families', path: sklearn('breast_cancer'), target: 'target', grid: SMALL, sha256: '21707eab1d4eaa3c1eac1e6d5d9f66276c62d94b7f45536c3bcee3167d265cd7', halvingToo: false },
];

for (const entry of CASES) {
  test(`--search full writes the artifact it wrote before: ${entry.name}${entry.halvingToo ? ' (and the default, halving, goes to the full search there)' : ''}`, async () => {
    const dataset = loadCsvFile(entry.path, entry.target ? { target: entry.target } : undefined);
    for (const search of entry.halvingToo ? (['full', 'halving'] as const) : (['full'] as const)) {
      const result = await trainModel(dataset, { seed: 42, folds: 5, testSize: 0.2, grid: entry.grid as never, search, jobs: 1, environment: TEST_ENVIRONMENT });
      const { formatVersion, modelVersion, ...content } = result.artifact;
      assert.equal(formatVersion, 7);
      assert.equal(createHash('sha256').update(JSON.stringify(content)).digest('hex'), entry.sha256, search);
    }
  });
}
