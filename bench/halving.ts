// Grid search against --search halving on the public tables of tests/real-tables.test.ts:
// the winner's test accuracy and the search's CPU time, per table.
//   node --import tsx bench/halving.ts [--families knn,logistic_regression,...] [--jobs N]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel } from '../pipeline/train.ts';
import { defaultGridOf } from '../pipeline/selection/grid.ts';
import { ROOT } from '../scripts/repo-root.ts';

const TABLES: [file: string, target: string][] = [
  ['pima_tr.csv', 'type'], ['biopsy.csv', 'class'], ['survey.csv', 'Sex'], ['cars93.csv', 'Type'], ['birthwt.csv', 'low'], ['fgl.csv', 'type'],
  ['bacteria.csv', 'y'], ['kyphosis.csv', 'Kyphosis'], ['cu_summary.csv', 'Reliability'], ['titanic_survival.csv', 'survived'], ['titanic_rows.csv', 'Survived'],
  ['spector.csv', 'GRADE'], ['anes96.csv', 'vote'], ['penguins.csv', 'Species'], ['cars_origin.csv', 'Origin'], ['movies.csv', 'Major Genre'], ['seattle_weather.csv', 'weather'],
];
const { values } = parseArgs({ options: { families: { type: 'string', default: 'knn,logistic_regression,decision_tree,naive_bayes' }, jobs: { type: 'string', default: '1' } } });
const families = values.families.split(',');
const environment = { packages: {}, gitCommit: null, createdAt: null };
console.log(['table', 'rows', 'grid acc', 'halving acc', 'grid cpu s', 'halving cpu s', 'grid winner', 'halving winner'].join('\t'));
for (const [file, target] of TABLES) {
  const dataset = loadCsvFile(join(ROOT, 'tests/fixtures/tables', file), { target });
  const grid = defaultGridOf(taskOf(dataset), families);
  const row: (string | number)[] = [file, dataset.X.rows];
  const outcomes = [];
  for (const search of ['full', 'halving'] as const) {
    const before = process.cpuUsage();
    try {
      const result = await trainModel(dataset, { ...DEFAULT_TRAIN_OPTIONS, grid, search, jobs: Number(values.jobs), environment });
      const cpu = process.cpuUsage(before);
      const test = result.artifact.metrics.test as { accuracy?: number } | null;
      outcomes.push({ acc: test?.accuracy ?? NaN, cpu: (cpu.user + cpu.system) / 1e6, winner: `${result.family} ${JSON.stringify(result.artifact.selection.params)}` });
    } catch (error) {
      outcomes.push({ acc: NaN, cpu: NaN, winner: `failed: ${(error as Error).message.slice(0, 80)}` });
    }
  }
  row.push(outcomes[0].acc.toFixed(4), outcomes[1].acc.toFixed(4), outcomes[0].cpu.toFixed(1), outcomes[1].cpu.toFixed(1), outcomes[0].winner, outcomes[1].winner);
  console.log(row.join('\t'));
}
