// Each task's part of the terminal summary (tasks/*/summary.ts), by the artifact's task.
import { classificationSummary } from '../tasks/classification/summary.ts';
import { regressionSummary } from '../tasks/regression/summary.ts';
import type { TaskSummary } from './summary-parts.ts';

export const TASK_SUMMARIES: Record<'classification' | 'regression', TaskSummary> = {
  classification: classificationSummary,
  regression: regressionSummary,
};
