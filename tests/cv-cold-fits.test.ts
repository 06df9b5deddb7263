// A setting's cross-validation score is its own: the search's per-fold accuracies of
// every setting of the default logistic-regression grid equal those of that setting
// searched alone (cold fits), whatever else the grid holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { stratifiedKFold } from '../pipeline/data/split.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { DEFAULT_GRID, parseGrid } from '../pipeline/selection/grid.ts';
import { gridSearch } from '../pipeline/selection/search.ts';

for (const name of ['breast_cancer', 'wine']) {
  test(`${name}: every default logistic-regression setting scores in the grid as it does alone`, async () => {
    const data = loadCsvFile(new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname);
    const cv = { X: data.X, y: data.y, classCount: data.classes.length, testFolds: stratifiedKFold(data.y, 5), plan: planColumns(data), seed: 0 };
    const { candidates } = parseGrid({ logistic_regression: DEFAULT_GRID.logistic_regression }, 'the default grid');
    const options = { folds: 5, jobs: 1 };
    const searched = await gridSearch(cv, candidates, options);
    const differing: string[] = [];
    for (const [c, candidate] of candidates.entries()) {
      const alone = await gridSearch(cv, [candidate], options);
      const inGrid = searched.results[c].foldAccuracies;
      if (inGrid.some((accuracy, fold) => accuracy !== alone.results[0].foldAccuracies[fold])) differing.push(`${JSON.stringify(candidate.given)}: ${inGrid.map((a) => a.toFixed(4))} in the grid, ${alone.results[0].foldAccuracies.map((a) => a.toFixed(4))} alone`);
    }
    assert.deepEqual(differing, [], differing.join('\n'));
  });
}
