// The regressor's sections of the training report: the target's distribution, the
// winner on the test part (R², RMSE, MAE, median and max error beside cross-validation's;
// predicted against actual with the diagonal, residuals against predicted, the residuals'
// histogram), and a linear model's coefficients.
import type { RegressorArtifact } from '../../artifact/artifact.ts';
import { encodedNames } from '../../preprocess/encode.ts';
import { figure, fixed, MAX_COEFFICIENT_COLUMNS, meanStdText, table, type ReportInput, type TaskReport } from '../../report/html-parts.ts';
import { binShares, histogram, scatterPlot } from '../../report/plots.ts';
import { barChart } from '../../report/svg.ts';

const artifactOf = (input: ReportInput) => input.artifact as RegressorArtifact;
const negated = (entry: { mean: number; std: number } | null | undefined) => entry && { mean: -entry.mean, std: entry.std };
const short = (value: number) => String(Number(value.toPrecision(4)));

export const regressionReport: TaskReport = {
  target(input) {
    const artifact = artifactOf(input);
    const { targetStats, data } = artifact;
    const leftOut = data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
    const bins = data.targetHistogram!;
    return {
      row: [artifact.target, 'target (a number)', leftOut, `training range ${short(targetStats.min)} … ${short(targetStats.max)}, mean ${short(targetStats.mean)}, std ${short(targetStats.std)}${leftOut > 0 ? `; ${leftOut} rows left out` : ''}`],
      summary: `a numeric target (${data.taskReason})`,
      figure: figure(histogram(bins.edges, [{ name: artifact.target, shares: bins.shares }], { label: 'target distribution', xLabel: artifact.target }), `The target's distribution in the whole file, ${bins.shares.length} equal-width bins.`),
    };
  },

  heldOut(input) {
    const artifact = artifactOf(input);
    const { metrics } = artifact;
    const { test, cv } = metrics;
    const scores = table(
      ['metric', 'test part', 'CV folds (mean ± std)'],
      [
        ['R²', fixed(test?.r2), meanStdText(cv?.r2)],
        ['RMSE', fixed(test?.rmse), meanStdText(negated(cv?.neg_root_mean_squared_error))],
        ['MAE', fixed(test?.mae), meanStdText(negated(cv?.neg_mean_absolute_error))],
        ['median absolute error', fixed(test?.medianAbsoluteError), meanStdText(negated(cv?.neg_median_absolute_error))],
        ['max error', fixed(test?.maxError), meanStdText(negated(cv?.max_error))],
        ['training mean as the prediction (R²)', fixed(metrics.gate.baselineScore), ''],
      ],
      [false, true, true],
    );
    const { evaluation } = input;
    if (!test || !evaluation) return `<section><h2>The winner</h2>${scores}<p>No test part (--test-size 0): the scores are cross-validation's.</p></section>`;
    const actual = evaluation.y as Float64Array;
    const predicted = evaluation.outputs;
    const residuals = new Float64Array(actual.length);
    for (let i = 0; i < actual.length; i++) residuals[i] = actual[i] - predicted[i];
    const spread = binShares(residuals);
    return `<section><h2>The winner on the test part</h2>
${scores}
<div class="grid">
${figure(scatterPlot(actual, predicted, { label: 'predicted against actual', xLabel: `actual ${artifact.target}`, yLabel: 'predicted', line: 'diagonal' }), `Predicted against actual on the ${test.rows} test rows; the dashed line is a perfect prediction.`)}
${figure(scatterPlot(predicted, residuals, { label: 'residuals against predicted', xLabel: 'predicted', yLabel: 'actual − predicted', line: 'zero' }), 'Residuals (actual − predicted) against the prediction: a pattern here is something the model missed.')}
${figure(histogram(spread.edges, [{ name: 'residuals', shares: spread.shares }], { label: 'residual histogram', xLabel: 'actual − predicted' }), 'The residuals on the test rows, in equal-width bins.')}
</div></section>`;
  },

  coefficients(input) {
    const artifact = artifactOf(input);
    const { regressor } = artifact;
    if (regressor.kind !== 'linear_regression') return '';
    const names = encodedNames(artifact.inputs);
    const shown = names.map((_, j) => j).sort((a, b) => Math.abs(regressor.coef[b]) - Math.abs(regressor.coef[a]) || a - b).slice(0, MAX_COEFFICIENT_COLUMNS);
    const which = shown.length < names.length ? `the ${shown.length} strongest of ${names.length} encoded columns` : 'every encoded column';
    return `<section><h2>What drives it</h2>
<p>The coefficients of the linear model on the scaled features (numbers after the scaler, categories as 0/1 columns): the change in the prediction for one unit of each, largest first; the bar shows the size, the number its sign.</p>
${figure(barChart(shown.map((j) => ({ label: names[j], value: Math.abs(regressor.coef[j]), note: regressor.coef[j].toFixed(3) })), { label: 'coefficients' }), `Coefficients of ${which}; intercept ${regressor.intercept.toFixed(3)}.`)}
</section>`;
  },
};
