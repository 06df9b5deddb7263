// Records what a search tells its remaining-time estimator, in order: the units it lays out
// (kind, planned cost, setting, rows, fold, rows exponent), the later iterations it expects (successive halving),
// and each unit done (its index, measured seconds and score), for the estimator's test
// (tests/remaining-time.test.ts), which replays it on the recording's own clock:
//   node --import tsx bench/record-unit-times.ts TABLE.csv TARGET families halving|full > out.json
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { defaultGridOf } from '../pipeline/selection/grid.ts';
import { RemainingTime, type LaterIterations, type PlannedUnit } from '../pipeline/selection/remaining-time.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel } from '../pipeline/train.ts';

type Event = ['add', [string, number, number, number, number, number][]] | ['later', LaterIterations | null] | ['finish', number, number, number | null];

class Recording extends RemainingTime {
  readonly events: Event[] = [];
  override add(units: readonly PlannedUnit[]): number {
    this.events.push(['add', units.map((unit) => [unit.kind, Number(unit.cost.toFixed(4)), unit.setting, unit.rows, unit.fold, unit.rowsExponent])]);
    return super.add(units);
  }
  override expectLater(later: LaterIterations | null): void {
    this.events.push(['later', later]);
    super.expectLater(later);
  }
  override finish(index: number, seconds: number, score: number | null = null): void {
    this.events.push(['finish', index, Number(seconds.toFixed(5)), score === null ? null : Number(score.toFixed(6))]);
    super.finish(index, seconds, score);
  }
}

const [file, target, families, search] = process.argv.slice(2);
const dataset = loadCsvFile(file, { target });
const clock = new Recording();
await trainModel(dataset, { ...DEFAULT_TRAIN_OPTIONS, grid: defaultGridOf(taskOf(dataset), families.split(',')), search: search as 'halving' | 'full', jobs: 1, clock, environment: { packages: {}, gitCommit: null, createdAt: null } });
console.log(JSON.stringify({ table: file, families, search, jobs: 1, events: clock.events }));
