// Each task's report sections (tasks/*/report.ts), by the artifact's task.
import { classificationReport } from '../tasks/classification/report.ts';
import { regressionReport } from '../tasks/regression/report.ts';
import type { TaskReport } from './html-parts.ts';

export const TASK_REPORTS: Record<'classification' | 'regression', TaskReport> = {
  classification: classificationReport,
  regression: regressionReport,
};
