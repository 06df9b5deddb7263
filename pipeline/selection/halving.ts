// HalvingGridSearchCV over every family's candidates at once (--search halving): one
// tournament of the whole grid, in grid order. Iteration i fits every surviving candidate
// on each of the task's folds, the fold's training and test rows each subsampled to
// n_resources_i / n of them (_SubsampleMetaSplitter, random_state = the run's --seed), and
// keeps the best ceil(n_candidates / 3) by mean test score, whatever their family. Each
// family's best is its candidate that went furthest, the best mean of that iteration.
import { mean, populationStd } from '../metrics/classification.ts';
import { FitFailure } from '../models/fit-failure.ts';
import type { Evaluation, Task } from '../tasks/task.ts';
import { foldRows, type CvData, type CvUnit, type CvUnitResult } from './cv-unit.ts';
import type { Candidate } from './grid.ts';
import { halvingSchedule, lastIterationBest, subsample, topK, type HalvingSchedule } from './halving-schedule.ts';
import { CvPool, workersWorth } from './pool.ts';
import { DEFAULT_ROWS_EXPONENT, RemainingTime } from './remaining-time.ts';
import { queueOrder, type CandidateResult, type SearchOptions, type SearchResult } from './search.ts';

export const HALVING_FACTOR = 3;

/** How far one family's candidates got: its candidates in each iteration it reached, and that iteration's rows. */
export interface FamilyHalving extends HalvingSchedule {
  family: string;
}

export interface HalvingResult extends SearchResult {
  /** Per family, in grid order: the tournament's iterations it had candidates in. */
  halving: FamilyHalving[];
  /** Each family's best: the best of the last iteration it reached. */
  best: Record<string, number>;
}

interface Latest {
  iteration: number;
  evaluations: Evaluation[];
  notConverged: number;
  failedFits: number;
}

/** min_resources='smallest': n_splits × 2, times the classes of the training part for a classifier. */
export function smallestResources(task: Task, data: CvData, folds: number): number {
  return folds * 2 * (task.name === 'classification' ? new Set(data.y).size : 1);
}

export async function halvingSearch(data: CvData, task: Task, candidates: Candidate[], options: SearchOptions): Promise<HalvingResult> {
  const { folds, scoring } = options;
  const rows = data.y.length;
  const schedule = halvingSchedule(candidates.length, rows, smallestResources(task, data, folds), HALVING_FACTOR);
  const fitsTotal = schedule.nCandidates.reduce((a, b) => a + b, 0) * folds;
  const baseFolds = Array.from({ length: folds }, (_, fold) => foldRows(data.testFolds, fold));
  const settings = candidates.map(({ family, scaler, params }) => ({ kind: `${family} ${scaler}`, cost: task.families[family].cost(params), rowsExponent: task.families[family].rowsExponent ?? DEFAULT_ROWS_EXPONENT }));
  const costOf = (c: number, resources: number) => settings[c].cost * (resources / rows);
  const clock = options.clock ?? new RemainingTime();

  let alive = candidates.map((_, c) => c);
  const latest = new Array<Latest | undefined>(candidates.length);
  let failure: string | null = null;
  let fitsDone = 0;
  let lastScores: (number | null)[] = [];
  const pool = new CvPool(data, options.jobs, workersWorth(clock));
  try {
    for (let iteration = 0; iteration < schedule.nResources.length; iteration++) {
      const resources = schedule.nResources[iteration];
      const fraction = resources / rows;
      const foldRowsNow = baseFolds.map(({ train, test }) => ({ train: subsample(train, fraction, data.seed), test: subsample(test, fraction, data.seed) }));
      const planned: { unit: CvUnit; candidate: number; cost: number; u: number }[] = [];
      for (const c of alive) {
        const candidate = candidates[c];
        const cost = costOf(c, resources);
        for (let fold = 0; fold < folds; fold++) planned.push({ unit: { fold, setting: { family: candidate.family, scaler: candidate.scaler, params: candidate.params }, rows: foldRowsNow[fold] }, candidate: c, cost, u: planned.length });
      }
      // As search.ts orders its queue; each result lands at its own unit.
      planned.sort(queueOrder);
      const first = clock.add(planned.map(({ unit, cost, candidate }) => ({ kind: settings[candidate].kind, cost, setting: candidate, rows: resources, fold: unit.fold, rowsExponent: settings[candidate].rowsExponent })));
      clock.expectLater({ iterations: schedule.nResources.slice(iteration + 1).map((later, i) => ({ rows: later, candidates: schedule.nCandidates[iteration + 1 + i] })), folds, settings, allRows: rows });
      const unitResults: CvUnitResult[] = await pool.run(planned.map(({ unit }) => unit), (index, result) => {
        clock.finish(first + index, result.seconds, result.evaluation.scores[scoring] ?? null);
        options.onProgress?.(++fitsDone, fitsTotal, clock.secondsLeft());
      });
      planned.forEach(({ unit, candidate }, u) => {
        const result = unitResults[u];
        const entry = latest[candidate]?.iteration === iteration ? latest[candidate]! : (latest[candidate] = { iteration, evaluations: new Array<Evaluation>(folds), notConverged: 0, failedFits: 0 });
        entry.evaluations[unit.fold] = result.evaluation;
        if (!result.converged) entry.notConverged++;
        if (result.failure !== null) {
          entry.failedFits++;
          failure ??= result.failure;
        }
      });
      if (iteration === 0 && unitResults.every((result) => result.failure !== null)) throw new FitFailure(`all ${unitResults.length} cross-validation fits failed; the first: ${failure}`);
      lastScores = alive.map((c) => meanOf(latest[c]!.evaluations, scoring).cvMean);
      if (iteration < schedule.nResources.length - 1) alive = topK(lastScores, Math.ceil(alive.length / HALVING_FACTOR)).map((position) => alive[position]);
    }
  } finally {
    await pool.close();
  }

  const scored = candidates.map((candidate, c) => {
    const entry = latest[c]!;
    const { cvMean, cvStd, foldScores } = meanOf(entry.evaluations, scoring);
    return { family: candidate.family, params: candidate.given, cvMean, cvStd, foldScores, notConverged: entry.notConverged, failedFits: entry.failedFits, iteration: entry.iteration };
  });
  const results = rankByIteration(scored);
  const families = [...new Set(candidates.map((candidate) => candidate.family))];
  const best: Record<string, number> = {};
  for (const family of families) best[family] = results.findIndex((entry) => entry.family === family && entry.rank === 1);
  // In the last iteration, best_index_ is the first best (np.nanargmax) of its candidates, in the order _top_k left them.
  const winner = alive[lastIterationBest(lastScores)];
  best[candidates[winner].family] = winner;
  return {
    results,
    evaluations: candidates.map((_, c) => latest[c]!.evaluations),
    failure,
    halving: families.map((family) => reached(schedule, family, candidates, results)),
    best,
  };
}

/** The schedule as far as `family`'s candidates got: how many of them each iteration had. */
function reached(schedule: HalvingSchedule, family: string, candidates: Candidate[], results: { iteration: number }[]): FamilyHalving {
  const own = results.filter((_, c) => candidates[c].family === family);
  const last = own.reduce((most, entry) => Math.max(most, entry.iteration), 0);
  const nCandidates = schedule.nResources.slice(0, last + 1).map((_, i) => own.filter((entry) => entry.iteration >= i).length);
  return { family, ...schedule, nResources: schedule.nResources.slice(0, last + 1), nCandidates };
}

/** mean_test_score and std_test_score of one iteration: undefined (NaN) when a fold has no score. */
function meanOf(evaluations: Evaluation[], scoring: string) {
  const foldScores = evaluations.map((evaluation) => evaluation.scores[scoring] ?? null);
  const complete = foldScores.every((score) => score !== null && Number.isFinite(score));
  const values = foldScores as number[];
  return { foldScores, cvMean: complete ? mean(values) : null, cvStd: complete ? populationStd(values) : null };
}

/** Rank within each family: a candidate that went further ranks ahead, then the better mean of the last iteration it ran (an undefined mean last). */
function rankByIteration<T extends Omit<CandidateResult, 'rank'> & { iteration: number }>(scored: T[]): (T & { rank: number })[] {
  const better = (a: T, b: T) => a.iteration > b.iteration || (a.iteration === b.iteration && a.cvMean !== null && (b.cvMean === null || a.cvMean > b.cvMean));
  return scored.map((entry) => ({ ...entry, rank: 1 + scored.filter((other) => other.family === entry.family && better(other, entry)).length }));
}
