// When --search halving goes straight to the full search: when the training rows allow
// successive halving at most two iterations from min_resources='smallest' (n_splits × 2,
// × the classes for a classifier): fewer than factor² × that many rows. Two iterations
// would prune two thirds of the candidates on a third of the rows (each fold scored on a
// handful of test rows: 6 on iris) to save at most a third of the work, on a table where
// the full search takes seconds. A grid whose schedule has one iteration prunes nothing.
import type { Task } from '../tasks/task.ts';
import type { CvData } from './cv-unit.ts';
import { HALVING_FACTOR, smallestResources } from './halving.ts';

export type SearchKind = 'halving' | 'full';

/** The search that runs: `full` as asked, or for halving when the rule above sends the table to the full search. */
export function searchToRun(asked: SearchKind, task: Task, data: CvData, folds: number, candidates: number): SearchKind {
  if (asked === 'full') return 'full';
  const rows = data.y.length;
  const tooFewRows = rows < HALVING_FACTOR ** 2 * smallestResources(task, data, folds);
  return tooFewRows || candidates < HALVING_FACTOR ? 'full' : 'halving';
}
