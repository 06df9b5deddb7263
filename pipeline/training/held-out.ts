// The gate's evidence and the winner's fold summaries, from the search's evaluations:
// evidence counts add up over folds and the test part (the task reads them), scores are
// summarised as GridSearchCV's mean_test_<scoring> and std_test_<scoring>.
import { mean, populationStd } from '../metrics/classification.ts';
import type { Evaluation } from '../tasks/task.ts';

/** Elementwise sum of the evidence of several held-out parts. */
export function pooledEvidence(parts: readonly number[][]): number[] {
  const total = new Array<number>(parts[0]?.length ?? 0).fill(0);
  for (const part of parts) part.forEach((value, k) => (total[k] += value));
  return total;
}

/** Mean and population std of each scoring over the folds; null for a scoring some fold lacks. */
export function summarizeFolds(folds: readonly Evaluation[]): Record<string, { mean: number; std: number } | null> {
  const names = Object.keys(folds[0]?.scores ?? {});
  return Object.fromEntries(
    names.map((name) => {
      const values = folds.map((fold) => fold.scores[name]);
      if (values.some((value) => value === null || !Number.isFinite(value))) return [name, null];
      return [name, { mean: mean(values as number[]), std: populationStd(values as number[]) }];
    }),
  );
}
