// What a task's terminal summary (tasks/*/summary.ts) gives `npm run train` to print:
// lines and tables as data, formatted by the script.
import type { Artifact } from '../artifact/artifact.ts';

export interface TextTable {
  header: string[];
  rows: (string | number)[][];
}

export type SummaryBlock = string | TextTable;

export interface TaskSummary {
  /** The target's row in the columns table, and how the data line names it ("3 classes"). */
  target(artifact: Artifact): { row: (string | number)[]; words: string };
  /** The held-out metrics: the test part's and the folds' (mean ± std). */
  scores(artifact: Artifact): TextTable;
  /** What follows the scores when there is a test part (the confusion matrix, per-class table). */
  testBlocks(artifact: Artifact): SummaryBlock[];
}

export const score4 = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(4));
export const foldText = (entry: { mean: number; std: number } | null | undefined) => (entry ? `${entry.mean.toFixed(4)} ± ${entry.std.toFixed(4)}` : '—');
export const negatedFold = (entry: { mean: number; std: number } | null | undefined) => entry && { mean: -entry.mean, std: entry.std };

const TEST_METRIC_NAMES: Record<string, string> = {
  accuracy: 'accuracy',
  balancedAccuracy: 'balanced accuracy',
  f1Macro: 'F1 (macro)',
  logLoss: 'log-loss',
  rocAuc: 'ROC-AUC (ovr, macro)',
  brier: 'Brier score',
  r2: 'R²',
  rmse: 'RMSE',
  mae: 'MAE',
  medianAbsoluteError: 'median absolute error',
  maxError: 'max error',
};

/** A test metric of the artifact (metrics.test's key) as a reader says it: "log-loss", "RMSE". */
export const testMetricName = (key: string) => TEST_METRIC_NAMES[key] ?? key;
