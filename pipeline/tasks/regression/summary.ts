// The regressor's part of `npm run train`'s summary: the numeric target and its range,
// and R², RMSE, MAE, median and max error on the test part and across the folds.
import type { RegressorArtifact } from '../../artifact/artifact.ts';
import { foldText, negatedFold, score4, testMetricName, type TaskSummary } from '../../report/summary-parts.ts';

const short = (value: number) => String(Number(value.toPrecision(4)));

export const regressionSummary: TaskSummary = {
  target(value) {
    const artifact = value as RegressorArtifact;
    const { targetStats } = artifact;
    const leftOut = artifact.data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
    return {
      row: [artifact.target, 'target (number)', leftOut > 0 ? `${leftOut} rows left out` : '0', `training range ${short(targetStats.min)} … ${short(targetStats.max)}, mean ${short(targetStats.mean)}`],
      words: `a numeric target: regression (${artifact.data.taskReason})`,
    };
  },
  scores(value) {
    const { test, cv } = (value as RegressorArtifact).metrics;
    return {
      header: ['metric', 'test part', 'CV folds (mean ± std)'],
      rows: [
        [testMetricName('r2'), score4(test?.r2), foldText(cv?.r2)],
        [testMetricName('rmse'), score4(test?.rmse), foldText(negatedFold(cv?.neg_root_mean_squared_error))],
        [testMetricName('mae'), score4(test?.mae), foldText(negatedFold(cv?.neg_mean_absolute_error))],
        [testMetricName('medianAbsoluteError'), score4(test?.medianAbsoluteError), foldText(negatedFold(cv?.neg_median_absolute_error))],
        [testMetricName('maxError'), score4(test?.maxError), foldText(negatedFold(cv?.max_error))],
      ],
    };
  },
  testBlocks: () => [],
};
