// HalvingGridSearchCV per family (--search halving), all families' work of an iteration in
// one pool: iteration i fits every surviving candidate on each of the task's folds, the
// fold's training and test rows each subsampled to n_resources_i / n of them
// (_SubsampleMetaSplitter, random_state = the run's --seed), and keeps the best
// ceil(n_candidates / 3) by mean test score; the best of the last iteration wins.
import { mean, populationStd } from '../metrics/classification.ts';
import { FitFailure } from '../models/fit-failure.ts';
import type { Evaluation, Task } from '../tasks/task.ts';
import { foldRows, type CvData, type CvUnit, type CvUnitResult } from './cv-unit.ts';
import type { Candidate } from './grid.ts';
import { halvingSchedule, lastIterationBest, subsample, topK, type HalvingSchedule } from './halving-schedule.ts';
import { runCvUnits } from './pool.ts';
import type { CandidateResult, SearchOptions, SearchResult } from './search.ts';

export const HALVING_FACTOR = 3;

export interface FamilyHalving extends HalvingSchedule {
  family: string;
}

export interface HalvingResult extends SearchResult {
  /** Each family's iterations (n_candidates_, n_resources_), in grid order. */
  halving: FamilyHalving[];
  /** best_index_ of each family: the best of its last iteration. */
  best: Record<string, number>;
}

interface Latest {
  iteration: number;
  evaluations: Evaluation[];
  notConverged: number;
  failedFits: number;
}

export async function halvingSearch(data: CvData, task: Task, candidates: Candidate[], options: SearchOptions): Promise<HalvingResult> {
  const { folds, scoring } = options;
  const rows = data.y.length;
  // min_resources='exhaust' starts from n_splits × 2, times the classes of the training part for a classifier.
  const classes = task.name === 'classification' ? new Set(data.y).size : 1;
  const families = [...new Set(candidates.map((candidate) => candidate.family))];
  const members = families.map((family) => candidates.flatMap((candidate, c) => (candidate.family === family ? [c] : [])));
  const schedules = members.map((indexes) => halvingSchedule(indexes.length, rows, folds * 2 * classes, HALVING_FACTOR));
  const fitsTotal = schedules.reduce((sum, schedule) => sum + schedule.nCandidates.reduce((a, b) => a + b, 0) * folds, 0);
  const baseFolds = Array.from({ length: folds }, (_, fold) => foldRows(data.testFolds, fold));
  const subsamples = new Map<number, CvUnit['rows'][]>();
  const foldsOn = (resources: number) => {
    let cached = subsamples.get(resources);
    if (!cached) {
      const fraction = resources / rows;
      cached = baseFolds.map(({ train, test }) => ({ train: subsample(train, fraction, data.seed), test: subsample(test, fraction, data.seed) }));
      subsamples.set(resources, cached);
    }
    return cached;
  };

  const alive = members.map((indexes) => [...indexes]);
  const latest = new Array<Latest | undefined>(candidates.length);
  const best: Record<string, number> = {};
  let failure: string | null = null;
  let fitsDone = 0;
  const iterations = Math.max(...schedules.map((schedule) => schedule.nResources.length));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const planned: { unit: CvUnit; candidate: number; cost: number; u: number }[] = [];
    families.forEach((family, f) => {
      const schedule = schedules[f];
      if (iteration >= schedule.nResources.length) return;
      const foldRowsNow = foldsOn(schedule.nResources[iteration]);
      for (const c of alive[f]) {
        const candidate = candidates[c];
        const cost = task.families[family].cost(candidate.params);
        for (let fold = 0; fold < folds; fold++) planned.push({ unit: { fold, setting: { family, scaler: candidate.scaler, params: candidate.params }, rows: foldRowsNow[fold] }, candidate: c, cost, u: planned.length });
      }
    });
    // The costliest units first (as search.ts orders them); each result lands at its own unit.
    planned.sort((a, b) => b.cost - a.cost || a.u - b.u);
    const unitResults: CvUnitResult[] = await runCvUnits(data, planned.map(({ unit }) => unit), options.jobs, () => options.onProgress?.(++fitsDone, fitsTotal));
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
    families.forEach((family, f) => {
      const schedule = schedules[f];
      if (iteration >= schedule.nResources.length) return;
      const scores = alive[f].map((c) => meanOf(latest[c]!.evaluations, scoring).cvMean);
      if (iteration < schedule.nResources.length - 1) alive[f] = topK(scores, Math.ceil(alive[f].length / HALVING_FACTOR)).map((position) => alive[f][position]);
      else best[family] = alive[f][lastIterationBest(scores)];
    });
  }

  const scored = candidates.map((candidate, c) => {
    const entry = latest[c]!;
    const { cvMean, cvStd, foldScores } = meanOf(entry.evaluations, scoring);
    return { family: candidate.family, params: candidate.given, cvMean, cvStd, foldScores, notConverged: entry.notConverged, failedFits: entry.failedFits, iteration: entry.iteration };
  });
  return {
    results: rankByIteration(scored),
    evaluations: candidates.map((_, c) => latest[c]!.evaluations),
    failure,
    halving: families.map((family, f) => ({ family, ...schedules[f] })),
    best,
  };
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
