// GridSearchCV per family, all families' work in one pool: every candidate is scored
// by the accuracy of each cross-validation fold (StratifiedKFold, as cv=k does); in
// each family the best mean wins, ties going to the earlier candidate as
// rank_test_score and best_index_ do.
import { FAMILIES } from '../models/families.ts';
import { mean, populationStd } from '../metrics/classification.ts';
import type { CvData, CvUnit, FoldScores } from './cv-unit.ts';
import type { Candidate } from './grid.ts';
import { runCvUnits } from './pool.ts';

export interface CandidateResult {
  family: string;
  params: Candidate['given'];
  /** null when a one-setting grid skipped cross-validation. */
  cvMean: number | null;
  cvStd: number | null;
  foldAccuracies: number[];
  rank: number;
  /** Fits that stopped at max_iter before converging (scikit-learn's ConvergenceWarning). */
  notConverged: number;
}

export interface SearchOptions {
  folds: number;
  jobs: number;
  onProgress?: (fitsDone: number, fitsTotal: number) => void;
}

export interface SearchResult {
  /** Ranked within each family: every family is its own GridSearchCV, as in the seed notebook. */
  results: CandidateResult[];
  /** Per candidate: test rows each fold's model got right (out-of-fold accuracy for the gate), and its other scores. */
  correct: number[][];
  scores: FoldScores[][];
  foldRows: number[];
}

/** best_index_ of one family's search: the best mean, ties to the earlier candidate. */
export function bestOfFamily(results: CandidateResult[], family: string): number {
  return results.findIndex((entry) => entry.family === family && entry.rank === 1);
}

export async function gridSearch(data: CvData, candidates: Candidate[], options: SearchOptions): Promise<SearchResult> {
  const { units, members } = planUnits(candidates, options.folds);
  const fitsTotal = candidates.length * options.folds;
  let fitsDone = 0;
  const unitResults = await runCvUnits(data, units, options.jobs, (index) => {
    fitsDone += units[index].settings.length;
    options.onProgress?.(fitsDone, fitsTotal);
  });

  const correct = candidates.map(() => new Array<number>(options.folds).fill(0));
  const notConverged = candidates.map(() => 0);
  const scores = candidates.map(() => new Array<FoldScores>(options.folds));
  const foldRows = new Array<number>(options.folds).fill(0);
  unitResults.forEach((result, u) => {
    const { fold } = units[u];
    foldRows[fold] = result.testRows;
    members[u].forEach((candidate, s) => {
      correct[candidate][fold] = result.correct[s];
      scores[candidate][fold] = result.scores[s];
      if (!result.converged[s]) notConverged[candidate]++;
    });
  });
  const scored = candidates.map((candidate, c) => {
    const foldAccuracies = correct[c].map((count, fold) => count / foldRows[fold]);
    return { family: candidate.family, params: candidate.given, cvMean: mean(foldAccuracies), cvStd: populationStd(foldAccuracies), foldAccuracies, notConverged: notConverged[c] };
  });
  const results = scored.map((entry) => ({ ...entry, rank: 1 + scored.filter((other) => other.family === entry.family && other.cvMean > entry.cvMean).length }));
  return { results, correct, scores, foldRows };
}

/**
 * One unit per setting and fold, each fit cold. (Warm-starting the next C of a path from
 * the last, as LogisticRegressionCV does, ends where that path ends: an OWL-QN fit that
 * stops at max_iter, or an L-BFGS fit stopped by scipy's relative-f rule short of tol,
 * lands elsewhere from another start, and a setting's score would depend on the grid.)
 */
function planUnits(candidates: Candidate[], folds: number): { units: CvUnit[]; members: number[][] } {
  const units: CvUnit[] = [];
  const members: number[][] = [];
  candidates.forEach((candidate, index) => {
    for (let fold = 0; fold < folds; fold++) {
      units.push({ fold, settings: [{ family: candidate.family, scaler: candidate.scaler, params: candidate.params }] });
      members.push([index]);
    }
  });
  // The costliest units first, so that no core is left with a long one at the end;
  // each result still lands at its own unit, so the order changes no outcome.
  const order = units.map((_, u) => u).sort((a, b) => unitCost(units[b]) - unitCost(units[a]) || a - b);
  return { units: order.map((u) => units[u]), members: order.map((u) => members[u]) };
}

/** A unit's work, by its families' guesses, only to order the queue (the main thread takes the cheapest). */
function unitCost(unit: CvUnit): number {
  return unit.settings.reduce((total, { family, params }) => total + FAMILIES[family].cost(params), 0);
}
