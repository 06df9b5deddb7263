// --search full is the exhaustive GridSearchCV the kit ran before successive halving became
// the default: the same artifact, byte for byte (the hashes below are of the artifacts the
// previous version's --search grid wrote, with the test environment, one job).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { trainModel } from '../pipeline/train.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';

const SMALL = { knn: [{ classifier__n_neighbors: [1, 5, 15], scaler: ['standard', 'minmax'] }], logistic_regression: [{ classifier__C: [0.1, 1, 10] }], naive_bayes: [{}] };
const sklearn = (name: string) => new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname;
const CASES = [
  { name: 'iris, the default grid', path: IRIS_CSV_PATH, target: undefined, grid: undefined, sha256: '3be78ba53a331b7fa3f5d79feddc536944ea2eaee79b22f6880d2e3441a2b427', halvingToo: true },
  { name: 'wine, three families', path: sklearn('wine'), target: 'target', grid: SMALL, sha256: '76d4d22ef84fd7b2beebc37aa28c36229afb28ae368b2ffbac6ceb51c945f422', halvingToo: true },
  { name: 'breast cancer, three families', path: sklearn('breast_cancer'), target: 'target', grid: SMALL, sha256: '5f2f2f5316e6e962edbb67e3e30a35de519bb4d6ac8361170b2ffc5748677c82', halvingToo: false },
];

for (const entry of CASES) {
  test(`--search full writes the artifact it wrote before: ${entry.name}${entry.halvingToo ? ' (and the default, halving, goes to the full search there)' : ''}`, async () => {
    const dataset = loadCsvFile(entry.path, entry.target ? { target: entry.target } : undefined);
    for (const search of entry.halvingToo ? (['full', 'halving'] as const) : (['full'] as const)) {
      const result = await trainModel(dataset, { seed: 42, folds: 5, testSize: 0.2, grid: entry.grid as never, search, jobs: 1, environment: TEST_ENVIRONMENT });
      assert.equal(createHash('sha256').update(JSON.stringify(result.artifact)).digest('hex'), entry.sha256, search);
    }
  });
}
