// --search full: GridSearchCV per family, all families' work in one pool: every candidate is fitted on
// each cross-validation fold (the task's folds: StratifiedKFold or KFold, as cv=k makes
// them) and scored by the run's scoring; in each family the best mean wins, ties going
// to the earlier candidate as rank_test_score and best_index_ do.
import { mean, populationStd } from '../metrics/classification.ts';
import { FitFailure } from '../models/fit-failure.ts';
import type { Evaluation, Task } from '../tasks/task.ts';
import type { CvData, CvUnit } from './cv-unit.ts';
import type { Candidate } from './grid.ts';
import { runCvUnits, workersWorth } from './pool.ts';
import { DEFAULT_ROWS_EXPONENT, RemainingTime } from './remaining-time.ts';

export interface CandidateResult {
  family: string;
  params: Candidate['given'];
  /** The scoring's mean and population std over the folds (mean_test_score, std_test_score); null when a one-setting grid skipped cross-validation, or a fold had no score. */
  cvMean: number | null;
  cvStd: number | null;
  /** split<k>_test_score; null where the scoring is undefined on that fold (ROC-AUC without a class). */
  foldScores: (number | null)[];
  rank: number;
  /** Fits that stopped at max_iter before converging (scikit-learn's ConvergenceWarning). */
  notConverged: number;
  /** Fits that failed (scored as undefined: scikit-learn's error_score=nan, its FitFailedWarning). */
  failedFits: number;
  /** Successive halving only: the last iteration the candidate was evaluated in (its scores are that iteration's). */
  iteration?: number;
}

export interface SearchOptions {
  folds: number;
  jobs: number;
  /** The scoring candidates are ranked by (one of the task's). */
  scoring: string;
  /** After each fit: the estimated wall seconds left (remaining-time.ts), null before the first is done. */
  onProgress?: (fitsDone: number, fitsTotal: number, secondsLeft: number | null) => void;
  /** The estimator of the time left (a recording one, for its tests); a new one when omitted. */
  clock?: RemainingTime;
}

export interface SearchResult {
  /** Ranked within each family: every family is its own GridSearchCV, as in the seed notebook. */
  results: CandidateResult[];
  /** Per candidate and fold: every scoring and the gate's evidence, for the gate and the report. */
  evaluations: Evaluation[][];
  /** The first failed fit's reason, for the note; null when none failed. */
  failure: string | null;
}

/** best_index_ of one family's search: the best mean, ties to the earlier candidate. */
export function bestOfFamily(results: CandidateResult[], family: string): number {
  return results.findIndex((entry) => entry.family === family && entry.rank === 1);
}

export async function gridSearch(data: CvData, task: Task, candidates: Candidate[], options: SearchOptions): Promise<SearchResult> {
  const units = planUnits(task, candidates, options.folds);
  let fitsDone = 0;
  const clock = options.clock ?? new RemainingTime();
  clock.add(units.map(({ unit, cost, candidate }) => ({ kind: `${unit.setting.family} ${unit.setting.scaler}`, cost, setting: candidate, rows: data.y.length, fold: unit.fold, rowsExponent: task.families[unit.setting.family].rowsExponent ?? DEFAULT_ROWS_EXPONENT })));
  const unitResults = await runCvUnits(data, units.map(({ unit }) => unit), options.jobs, (index, result) => {
    clock.finish(index, result.seconds, result.evaluation.scores[options.scoring] ?? null);
    options.onProgress?.(++fitsDone, units.length, clock.secondsLeft());
  }, workersWorth(clock));

  const evaluations = candidates.map(() => new Array<Evaluation>(options.folds));
  const notConverged = candidates.map(() => 0);
  const failedFits = candidates.map(() => 0);
  let failure: string | null = null;
  unitResults.forEach((result, u) => {
    const { candidate, unit } = units[u];
    evaluations[candidate][unit.fold] = result.evaluation;
    if (!result.converged) notConverged[candidate]++;
    if (result.failure !== null) {
      failedFits[candidate]++;
      failure ??= result.failure;
    }
  });
  if (failedFits.every((count) => count === options.folds)) throw new FitFailure(`all ${units.length} cross-validation fits failed; the first: ${failure}`);
  const scored = candidates.map((candidate, c) => {
    const foldScores = evaluations[c].map((evaluation) => evaluation.scores[options.scoring] ?? null);
    const complete = foldScores.every((score) => score !== null && Number.isFinite(score));
    const values = foldScores as number[];
    return { family: candidate.family, params: candidate.given, cvMean: complete ? mean(values) : null, cvStd: complete ? populationStd(values) : null, foldScores, notConverged: notConverged[c], failedFits: failedFits[c] };
  });
  return { results: rankWithinFamilies(scored), evaluations, failure };
}

/** rank_test_score within each family: 1 + the candidates with a better mean; an undefined mean ranks after every defined one (scikit-learn's NaN). */
export function rankWithinFamilies<T extends { family: string; cvMean: number | null }>(scored: T[]): (T & { rank: number })[] {
  const better = (a: number | null, b: number | null) => (a === null ? false : b === null || a > b);
  return scored.map((entry) => ({ ...entry, rank: 1 + scored.filter((other) => other.family === entry.family && better(other.cvMean, entry.cvMean)).length }));
}

/**
 * One unit per setting and fold, each fit cold. (Warm-starting the next C of a path from
 * the last, as LogisticRegressionCV does, ends where that path ends: an OWL-QN fit that
 * stops at max_iter, or an L-BFGS fit stopped by scipy's relative-f rule short of tol,
 * lands elsewhere from another start, and a setting's score would depend on the grid.)
 */
function planUnits(task: Task, candidates: Candidate[], folds: number): { unit: CvUnit; candidate: number; cost: number }[] {
  const units: { unit: CvUnit; candidate: number; cost: number }[] = [];
  candidates.forEach((candidate, index) => {
    const cost = task.families[candidate.family].cost(candidate.params);
    for (let fold = 0; fold < folds; fold++) units.push({ unit: { fold, setting: { family: candidate.family, scaler: candidate.scaler, params: candidate.params } }, candidate: index, cost });
  });
  return units.map((entry, u) => ({ ...entry, u })).sort(queueOrder);
}

/**
 * The queue: every setting's first fold before any second one (so that from a fifth of the
 * work on, each unit left has a sibling whose time is known: remaining-time.ts), and in each
 * fold the costliest units first, so that no core is left with a long one at the end. Each
 * result still lands at its own unit, so the order changes no outcome.
 */
export function queueOrder(a: { unit: CvUnit; cost: number; u: number }, b: { unit: CvUnit; cost: number; u: number }): number {
  return a.unit.fold - b.unit.fold || b.cost - a.cost || a.u - b.u;
}
