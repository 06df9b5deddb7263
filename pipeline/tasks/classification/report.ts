// The classifier's sections of the training report: class balance, the winner on the
// test part (metrics, confusion matrix, per-class table, ROC and calibration curves),
// and a linear model's coefficients per class.
import type { ClassifierArtifact } from '../../artifact/artifact.ts';
import { largest } from '../../data/extremes.ts';
import { calibrationCurve, rocAucPerClass, rocCurve } from '../../metrics/probability.ts';
import { encodedNames } from '../../preprocess/encode.ts';
import { figure, fixed, MAX_COEFFICIENT_COLUMNS, meanStdText, percent, table, type ReportInput, type TaskReport } from '../../report/html-parts.ts';
import { barChart, escapeXml as esc, heatMap, unitLineChart } from '../../report/svg.ts';

/** Points drawn per ROC curve at most: 40 000 test rows would otherwise put 40 000 points of each class in the page. */
const MAX_CURVE_POINTS = 400;

function xy(curve: { fpr: number[]; tpr: number[] }): { x: number[]; y: number[] } {
  const n = curve.fpr.length;
  if (n <= MAX_CURVE_POINTS) return { x: curve.fpr, y: curve.tpr };
  // Evenly spaced points of the curve, its two ends kept: the step shape survives at this density.
  const keep = Array.from({ length: MAX_CURVE_POINTS }, (_, i) => Math.round((i * (n - 1)) / (MAX_CURVE_POINTS - 1)));
  return { x: keep.map((i) => curve.fpr[i]), y: keep.map((i) => curve.tpr[i]) };
}

const artifactOf = (input: ReportInput) => input.artifact as ClassifierArtifact;

export const classificationReport: TaskReport = {
  target(input) {
    const artifact = artifactOf(input);
    const { classes, data, provenance } = artifact;
    const counts = data.classCounts ?? [];
    const leftOut = data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
    return {
      row: [artifact.target, 'label', leftOut, `${classes.length} classes${artifact.labelType === 'integer' ? ' (whole numbers)' : ''}${leftOut > 0 ? `; ${leftOut} rows left out` : ''}`],
      summary: `${classes.length} classes`,
      figure: figure(barChart(classes.map((label, k) => ({ label, value: counts[k], note: `${counts[k]} (${percent(counts[k] / provenance.rows)})` })), { label: 'class balance' }), 'Class balance: rows per class in the whole file.'),
    };
  },

  heldOut(input) {
    const artifact = artifactOf(input);
    const { evaluation } = input;
    const { metrics, classes } = artifact;
    const { test, cv } = metrics;
    const scores = table(
      ['metric', 'test part', 'CV folds (mean ± std)'],
      [
        ['accuracy', fixed(test?.accuracy), meanStdText(cv?.accuracy)],
        ['balanced accuracy', fixed(test?.balancedAccuracy), meanStdText(cv?.balanced_accuracy)],
        ['F1 (macro)', fixed(test?.f1Macro), meanStdText(cv?.f1_macro)],
        ['log-loss', fixed(test?.logLoss), meanStdText(cv?.neg_log_loss && { mean: -cv.neg_log_loss.mean, std: cv.neg_log_loss.std })],
        ['ROC-AUC (one-vs-rest, macro)', fixed(test?.rocAuc), meanStdText(cv?.roc_auc_ovr)],
        ['Brier score', fixed(test?.brier), meanStdText(cv?.neg_brier_score && { mean: -cv.neg_brier_score.mean, std: cv.neg_brier_score.std })],
        ['majority-class baseline (accuracy)', fixed(metrics.gate.baselineScore), ''],
      ],
      [false, true, true],
    );
    if (!test || !evaluation) return `<section><h2>The winner</h2>${scores}<p>No test part (--test-size 0): the scores are cross-validation's.</p></section>`;
    const y = evaluation.y as Int32Array;
    const probabilities = evaluation.outputs;
    const absent = test.perClass.filter((entry) => entry.support === 0).map((entry) => entry.label);
    const perClass = table(
      ['class', 'precision', 'recall', 'F1', 'support'],
      test.perClass.map((entry, k) => {
        const predicted = test.confusionMatrix.reduce((sum, row) => sum + row[k], 0);
        return [entry.label, predicted === 0 ? '—' : fixed(entry.precision, 3), entry.support === 0 ? '—' : fixed(entry.recall, 3), predicted === 0 || entry.support === 0 ? '—' : fixed(entry.f1, 3), entry.support];
      }),
      [false, true, true, true, true],
    );
    const areas = rocAucPerClass(y, probabilities, classes.length);
    const roc = classes.map((label, k) => ({ name: `${label} (AUC ${Number.isNaN(areas[k]) ? '—' : areas[k].toFixed(3)})`, ...xy(rocCurve(y, probabilities, classes.length, k)) }));
    const calibration = classes.map((label, k) => {
      const curve = calibrationCurve(y, probabilities, classes.length, k);
      return { name: label, x: curve.predicted, y: curve.observed, markers: true };
    });
    return `<section><h2>The winner on the test part</h2>
${scores}
${absent.length ? `<p><b>Warning:</b> class${absent.length > 1 ? 'es' : ''} ${esc(absent.join(', '))} ha${absent.length > 1 ? 've' : 's'} no rows in the test part: recall there is undefined (—).</p>` : ''}
<div class="grid">
${figure(heatMap(classes, classes, test.confusionMatrix, { label: 'confusion matrix', format: String, rowTitle: 'actual class', columnTitle: 'predicted class' }), `Confusion matrix on the ${test.rows} test rows: rows are the actual class, columns the predicted one.`)}
<figure>${perClass}<figcaption>Per class, on the test rows.</figcaption></figure>
${figure(unitLineChart(roc, { label: 'ROC curves', xLabel: 'false positive rate', yLabel: 'true positive rate' }), 'ROC curve of each class against the rest; the dashed line is chance.')}
${figure(unitLineChart(calibration, { label: 'calibration', xLabel: 'mean predicted probability', yLabel: 'fraction of the class' }), 'Reliability: each class\u2019s probabilities in 10 bins against how often the class occurred; the dashed line is perfect calibration.')}
</div></section>`;
  },

  coefficients(input) {
    const artifact = artifactOf(input);
    const { classifier, classes } = artifact;
    if (classifier.kind !== 'linear') return '';
    const names = encodedNames(artifact.inputs);
    const rows = classifier.link === 'logistic' ? [`log-odds of ${classes[1]}`] : classes;
    const strength = names.map((_, j) => largest(classifier.weights.map((row) => Math.abs(row[j]))));
    const shown = names.map((_, j) => j).sort((a, b) => strength[b] - strength[a] || a - b).slice(0, MAX_COEFFICIENT_COLUMNS).sort((a, b) => a - b);
    const which = shown.length < names.length ? `the ${shown.length} strongest of ${names.length} encoded columns` : 'every encoded column';
    return `<section><h2>What drives it</h2>
<p>The coefficients of the linear model, per class, on the scaled features (numbers after the scaler, categories as 0/1 columns): blue pushes towards the class, red away from it; the larger, the stronger.</p>
${figure(heatMap(rows, shown.map((j) => names[j]), classifier.weights.map((row) => shown.map((j) => row[j])), { label: 'coefficients', diverging: true, format: (value) => value.toFixed(2), rowTitle: 'class', columnTitle: 'encoded feature' }), `Coefficients (${classifier.link} link) of ${which}; intercepts ${classifier.intercepts.map((value) => value.toFixed(3)).join(', ')}.`)}
</section>`;
  },
};
