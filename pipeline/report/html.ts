// The training report: one self-contained HTML page (inline CSS and SVG, no script, no
// font or network request), readable on a phone and printed. Drawn from the artifact
// and the test part's probabilities, which come from the function's inference module.
import type { Artifact } from '../artifact/artifact.ts';
import { largest } from '../data/extremes.ts';
import { calibrationCurve, rocAucPerClass, rocCurve } from '../metrics/probability.ts';
import { encodedNames } from '../preprocess/encode.ts';
import { refitSummary } from './refit.ts';
import { columnTreatment } from './columns.ts';
import { barChart, dotPlot, escapeXml as esc, heatMap, unitLineChart } from './svg.ts';

export interface RunFacts {
  id: string;
  startedAt: string;
  durationSeconds: number;
  command: string;
  status: 'succeeded' | 'accepted' | 'refused';
  /** Why the gate refused the model. */
  reason?: string;
}

export interface ReportInput {
  artifact: Artifact;
  /** The test part's labels and probabilities; null when every row trained (--test-size 0). */
  evaluation: { y: Int32Array; probabilities: Float64Array } | null;
  run: RunFacts;
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:980px;padding:12px 16px}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:1.6em}h3{font-size:1em}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.wrap{overflow-x:auto}.chart{width:100%;height:auto;max-width:720px;display:block;margin:.4em 0}
.grid{display:flex;flex-wrap:wrap;gap:8px 24px}.grid>figure{flex:1 1 420px;margin:0}figcaption{font-size:.85em;color:#555}
.badge{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff;font-size:.85em}.ok{background:#2ca02c}.refused{background:#d62728}
.note{color:#555;font-size:.9em}code{font-size:.9em}
@media print{body{max-width:none}section,figure{break-inside:avoid}.chart{max-width:16cm}}
`;

const fixed = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[], numeric: readonly boolean[] = []): string {
  const cell = (value: string | number, j: number) => `<td${numeric[j] ? ' class="n"' : ''}>${esc(String(value))}</td>`;
  return `<div class="wrap"><table><thead><tr>${header.map((name) => `<th>${esc(name)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table></div>`;
}

const figure = (chart: string, caption: string) => `<figure>${chart}<figcaption>${esc(caption)}</figcaption></figure>`;

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key.replace(/^classifier__/, '')}=${value === null ? 'None' : String(value)}`)
    .join(' ');
}

function dataSection({ artifact }: ReportInput): string {
  const { data, inputs, provenance, classes } = artifact;
  const columns = data.columns.map((column) => {
    const input = inputs.find((entry) => entry.name === column.name)!;
    const how = columnTreatment(input, artifact.selection.scaler);
    return [column.name, column.type, column.missing, how];
  });
  for (const column of data.dropped) columns.push([column.name, 'dropped', '', column.reason]);
  const leftOut = data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
  columns.push([artifact.target, 'label', leftOut, `${classes.length} classes${artifact.labelType === 'integer' ? ' (whole numbers)' : ''}${leftOut > 0 ? `; ${leftOut} rows left out` : ''}`]);
  const missing = data.columns.reduce((sum, column) => sum + column.missing, 0);
  return `<section><h2>The data</h2>
<p>${esc(provenance.dataFile)}: ${provenance.rows} rows, ${artifact.features.length} features, ${classes.length} classes; ${provenance.trainRows} rows trained the model${artifact.metrics.test ? `, ${artifact.metrics.test.rows} were held out for the test` : ' (all of them: --test-size 0)'}. Missing cells: ${missing}.</p>
${table(['column', 'role', 'missing cells', 'preprocessing (fitted on training rows)'], columns, [false, false, true, false])}
${data.notices.map((notice) => `<p class="note">${esc(notice)}</p>`).join('')}
${figure(barChart(classes.map((label, k) => ({ label, value: data.classCounts[k], note: `${data.classCounts[k]} (${percent(data.classCounts[k] / provenance.rows)})` })), { label: 'class balance' }), 'Class balance: rows per class in the whole file.')}
</section>`;
}

/** Settings drawn at most in the dot plot of the chosen family's search (the best ones). */
const MAX_SETTINGS_SHOWN = 60;

function searchSection({ artifact }: ReportInput): string {
  const { selection } = artifact;
  if (artifact.metrics.cvMean === null) return `<section><h2>The search</h2><p>One setting, no search: ${esc(selection.family)}, ${esc(paramsText(selection.params))}. ${esc(refitSummary(selection))}.</p></section>`;
  const own = selection.results.filter((result) => result.family === selection.family);
  const ranked = [...own].sort((a, b) => a.rank - b.rank).slice(0, MAX_SETTINGS_SHOWN);
  const winner = own.find((result) => JSON.stringify(result.params) === JSON.stringify(selection.params));
  const items = ranked.map((result) => ({ label: `${result.rank}. ${paramsText(result.params)}`, value: result.cvMean!, error: result.cvStd ?? 0, highlight: result === winner }));
  const families = selection.families.map((entry) => ({ label: entry.family, value: entry.cvMean ?? 0, error: entry.cvStd ?? 0, highlight: entry.family === selection.family }));
  const chosen = selection.winner === selection.family ? 'the search chose it' : `the search chose <b>${esc(selection.winner)}</b>; this is the best ${esc(selection.family)} model (--keep-all)`;
  return `<section><h2>The search</h2>
<p>${esc(refitSummary(selection))}.</p>
<p>${selection.results.length} settings of ${selection.families.length} model ${selection.families.length === 1 ? 'family' : 'families'} × ${selection.folds} stratified folds on the training rows (one GridSearchCV per family). This model, in red: <b>${esc(selection.family)}, ${esc(paramsText(selection.params))}</b>, CV accuracy ${fixed(artifact.metrics.cvMean)} ± ${fixed(artifact.metrics.cvStd)}; ${chosen}.</p>
${table(
  ['family', 'best setting', 'CV accuracy', 'test accuracy', 'model size'],
  selection.families.map((entry) => [entry.family, paramsText(entry.params), entry.cvMean === null ? '—' : `${fixed(entry.cvMean)} ± ${fixed(entry.cvStd ?? 0)}`, entry.testAccuracy === null ? '—' : fixed(entry.testAccuracy), `${(entry.modelBytes / 1024).toFixed(1)} KB`]),
  [false, false, true, true, true],
)}
${selection.families.length > 1 ? figure(dotPlot(families, { label: 'cross-validation accuracy of each family', format: (value) => value.toFixed(3) }), "Each family's best setting: CV accuracy, mean ± standard deviation over the folds.") : ''}
${figure(dotPlot(items, { label: `cross-validation accuracy of every ${selection.family} setting`, format: (value) => value.toFixed(3) }), `CV accuracy of ${ranked.length < own.length ? `the ${ranked.length} best of ${own.length}` : 'every'} ${esc(selection.family)} setting${own.length === 1 ? '' : 's'}, mean ± standard deviation over the folds, best first.`)}
</section>`;
}

function testSection({ artifact, evaluation }: ReportInput): string {
  const { metrics, classes } = artifact;
  const { test, cv } = metrics;
  const fold = (entry: { mean: number; std: number } | null | undefined) => (entry ? `${entry.mean.toFixed(4)} ± ${entry.std.toFixed(4)}` : '—');
  const scores = table(
    ['metric', 'test part', 'CV folds (mean ± std)'],
    [
      ['accuracy', fixed(test?.accuracy), metrics.cvMean === null ? '—' : `${fixed(metrics.cvMean)} ± ${fixed(metrics.cvStd)}`],
      ['balanced accuracy', fixed(test?.balancedAccuracy), fold(cv?.balancedAccuracy)],
      ['log-loss', fixed(test?.logLoss), fold(cv?.logLoss)],
      ['ROC-AUC (one-vs-rest, macro)', fixed(test?.rocAuc), fold(cv?.rocAuc)],
      ['Brier score', fixed(test?.brier), fold(cv?.brier)],
      ['majority-class baseline', fixed(metrics.gate.baselineAccuracy), ''],
    ],
    [false, true, true],
  );
  if (!test || !evaluation) return `<section><h2>The winner</h2>${scores}<p>No test part (--test-size 0): the scores are cross-validation's.</p></section>`;
  const absent = test.perClass.filter((entry) => entry.support === 0).map((entry) => entry.label);
  const perClass = table(
    ['class', 'precision', 'recall', 'F1', 'support'],
    test.perClass.map((entry, k) => {
      const predicted = test.confusionMatrix.reduce((sum, row) => sum + row[k], 0);
      return [entry.label, predicted === 0 ? '—' : fixed(entry.precision, 3), entry.support === 0 ? '—' : fixed(entry.recall, 3), predicted === 0 || entry.support === 0 ? '—' : fixed(entry.f1, 3), entry.support];
    }),
    [false, true, true, true, true],
  );
  const areas = rocAucPerClass(evaluation.y, evaluation.probabilities, classes.length);
  const roc = classes.map((label, k) => ({ name: `${label} (AUC ${Number.isNaN(areas[k]) ? '—' : areas[k].toFixed(3)})`, ...xy(rocCurve(evaluation.y, evaluation.probabilities, classes.length, k)) }));
  const calibration = classes.map((label, k) => {
    const curve = calibrationCurve(evaluation.y, evaluation.probabilities, classes.length, k);
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
}

/** Points drawn per ROC curve at most: 40 000 test rows would otherwise put 40 000 points of each class in the page. */
const MAX_CURVE_POINTS = 400;
/** Coefficient columns drawn at most (the strongest ones), so a wide table keeps the page small. */
const MAX_COEFFICIENT_COLUMNS = 40;

function xy(curve: { fpr: number[]; tpr: number[] }): { x: number[]; y: number[] } {
  const n = curve.fpr.length;
  if (n <= MAX_CURVE_POINTS) return { x: curve.fpr, y: curve.tpr };
  // Evenly spaced points of the curve, its two ends kept: the step shape survives at this density.
  const keep = Array.from({ length: MAX_CURVE_POINTS }, (_, i) => Math.round((i * (n - 1)) / (MAX_CURVE_POINTS - 1)));
  return { x: keep.map((i) => curve.fpr[i]), y: keep.map((i) => curve.tpr[i]) };
}

function driversSection({ artifact }: ReportInput): string {
  const { classifier, classes, importances } = artifact;
  if (classifier.kind !== 'linear') {
    if (!importances) return '';
    const shown = importances.columns.map((_, j) => j).sort((a, b) => importances.values[b] - importances.values[a] || a - b).slice(0, MAX_COEFFICIENT_COLUMNS);
    const how =
      importances.method === 'impurity'
        ? 'the share of the trees\' impurity decrease (Gini) due to each encoded column, as feature_importances_'
        : `the accuracy lost when one input column is shuffled among the ${artifact.metrics.test ? 'test' : 'training'} rows (permutation importance, mean of 5 shuffles)`;
    return `<section><h2>What drives it</h2>
<p>Importance of each feature: ${how}.</p>
${figure(barChart(shown.map((j) => ({ label: importances.columns[j], value: Math.max(0, importances.values[j]), note: importances.values[j].toFixed(3) })), { label: 'feature importance' }), `${importances.method === 'impurity' ? 'Impurity' : 'Permutation'} importance${shown.length < importances.columns.length ? ` of the ${shown.length} strongest of ${importances.columns.length} columns` : ''}.`)}
</section>`;
  }
  const names = encodedNames(artifact.inputs);
  const rows = classifier.link === 'logistic' ? [`log-odds of ${classes[1]}`] : classes;
  const strength = names.map((_, j) => largest(classifier.weights.map((row) => Math.abs(row[j]))));
  const shown = names.map((_, j) => j).sort((a, b) => strength[b] - strength[a] || a - b).slice(0, MAX_COEFFICIENT_COLUMNS).sort((a, b) => a - b);
  const which = shown.length < names.length ? `the ${shown.length} strongest of ${names.length} encoded columns` : 'every encoded column';
  return `<section><h2>What drives it</h2>
<p>The coefficients of the linear model, per class, on the scaled features (numbers after the scaler, categories as 0/1 columns): blue pushes towards the class, red away from it; the larger, the stronger.</p>
${figure(heatMap(rows, shown.map((j) => names[j]), classifier.weights.map((row) => shown.map((j) => row[j])), { label: 'coefficients', diverging: true, format: (value) => value.toFixed(2), rowTitle: 'class', columnTitle: 'encoded feature' }), `Coefficients (${classifier.link} link) of ${which}; intercepts ${classifier.intercepts.map((value) => value.toFixed(3)).join(', ')}.`)}
</section>`;
}

function provenanceSection({ artifact, run }: ReportInput): string {
  const { provenance } = artifact;
  const rows: [string, string][] = [
    ['model version', artifact.modelVersion],
    ['run', run.id],
    ['started', run.startedAt],
    ['training time', `${run.durationSeconds.toFixed(2)} s`],
    ['command', run.command],
    ['data file', provenance.dataFile],
    ['data SHA-256', provenance.dataSha256],
    ['seed', String(provenance.seed)],
    ['git commit', provenance.gitCommit ?? 'not in a git checkout'],
    ...Object.entries(provenance.packages).map(([name, version]): [string, string] => [name, version]),
  ];
  return `<section><h2>Provenance</h2>${table(['', ''], rows)}</section>`;
}

export function renderReport(input: ReportInput): string {
  const { artifact, run } = input;
  const badge =
    run.status === 'succeeded' ? '<span class="badge ok">passed the gate</span>' : run.status === 'accepted' ? '<span class="badge refused">refused by the gate, accepted</span>' : '<span class="badge refused">refused by the gate</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Training report: ${esc(artifact.provenance.dataFile)}, model ${artifact.modelVersion}</title><style>${CSS}</style></head>
<body><h1>Training report: ${esc(artifact.provenance.dataFile)}</h1>
<p>${badge} model <code>${artifact.modelVersion}</code>, run <code>${esc(run.id)}</code>, ${esc(artifact.selection.family)} predicting <b>${esc(artifact.target)}</b>.${run.reason ? ` ${esc(run.reason)}.` : ''}</p>
${dataSection(input)}
${searchSection(input)}
${testSection(input)}
${driversSection(input)}
${provenanceSection(input)}
</body></html>
`;
}
