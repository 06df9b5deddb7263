// Records every cross-validation unit's family, planned cost and measured seconds, in the
// order they finish, for the remaining-time estimator's test (tests/remaining-time.test.ts):
//   node --import tsx bench/record-unit-times.ts TABLE.csv TARGET families halving|full > out.json
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { defaultGridOf } from '../pipeline/selection/grid.ts';
import { RemainingTime, type PlannedUnit } from '../pipeline/selection/remaining-time.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel } from '../pipeline/train.ts';

class Recording extends RemainingTime {
  readonly planned: PlannedUnit[] = [];
  readonly finished: { index: number; seconds: number }[] = [];
  override add(units: readonly PlannedUnit[]): number {
    this.planned.push(...units);
    return super.add(units);
  }
  override finish(index: number, seconds: number): void {
    this.finished.push({ index, seconds: Number(seconds.toFixed(5)) });
    super.finish(index, seconds);
  }
}

const [file, target, families, search] = process.argv.slice(2);
const dataset = loadCsvFile(file, { target });
const clock = new Recording();
await trainModel(dataset, { ...DEFAULT_TRAIN_OPTIONS, grid: defaultGridOf(taskOf(dataset), families.split(',')), search: search as 'halving' | 'full', jobs: 1, clock, environment: { packages: {}, gitCommit: null, createdAt: null } });
console.log(JSON.stringify({ table: file, families, search, jobs: 1, units: clock.planned.map((unit) => [unit.kind, Number(unit.cost.toFixed(4))]), finished: clock.finished.map(({ index, seconds }) => [index, seconds]) }));
