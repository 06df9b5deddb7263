// A setting's cross-validation score is its own: the search's per-fold accuracies of
// every setting of the default logistic-regression grid equal those of that setting
// searched alone (cold fits), whatever else the grid holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { stratifiedKFold } from '../pipeline/data/split.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { parseGrid } from '../pipeline/selection/grid.ts';
import { gridSearch } from '../pipeline/selection/search.ts';
import { CLASSIFICATION_GRID as DEFAULT_GRID } from '../pipeline/tasks/classification/grid.ts';
import { taskOf } from '../pipeline/train.ts';

for (const name of ['breast_cancer', 'wine']) {
  test(`${name}: every default logistic-regression setting scores in the grid as it does alone`, async () => {
    const data = loadCsvFile(new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname);
    const task = taskOf(data);
    const cv = { X: data.X, y: data.y, task: { task: 'classification' as const, classes: data.classes }, testFolds: stratifiedKFold(data.y, 5), plan: planColumns(data), seed: 0 };
    const { candidates } = parseGrid({ logistic_regression: DEFAULT_GRID.logistic_regression }, 'the default grid', task);
    const options = { folds: 5, jobs: 1, scoring: 'accuracy' };
    const searched = await gridSearch(cv, task, candidates, options);
    const differing: string[] = [];
    for (const [c, candidate] of candidates.entries()) {
      const alone = await gridSearch(cv, task, [candidate], options);
      const inGrid = searched.results[c].foldScores as number[];
      const byItself = alone.results[0].foldScores as number[];
      if (inGrid.some((accuracy, fold) => accuracy !== byItself[fold])) differing.push(`${JSON.stringify(candidate.given)}: ${inGrid.map((a) => a.toFixed(4))} in the grid, ${byItself.map((a) => a.toFixed(4))} alone`);
    }
    assert.deepEqual(differing, [], differing.join('\n'));
  });
}
