// The training report: one self-contained HTML page (inline CSS and SVG, no script, no
// font or network request), readable on a phone and printed. Drawn from the artifact
// and the test part's outputs, which come from the function's inference module. The
// sections common to every task are here; the target's, the held-out part's and the
// coefficients are the task's (tasks/*/report.ts).
import { halvingLine, tournamentLine } from './halving.ts';
import { CSS, figure, fixed, paramsText, scoringName, table, type ReportInput } from './html-parts.ts';
import { refitSummary } from './refit.ts';
import { columnTreatment } from './columns.ts';
import { barChart, dotPlot, escapeXml as esc } from './svg.ts';
import { TASK_REPORTS } from './task-reports.ts';

export type { ReportInput, RunFacts } from './html-parts.ts';

function dataSection(input: ReportInput): string {
  const { artifact } = input;
  const { data, inputs, provenance } = artifact;
  const target = TASK_REPORTS[artifact.task].target(input);
  const columns: (string | number)[][] = data.columns.map((column) => {
    const spec = inputs.find((entry) => entry.name === column.name)!;
    return [column.name, column.type, column.missing, columnTreatment(spec, artifact.selection.scaler)];
  });
  for (const column of data.dropped) columns.push([column.name, 'dropped', '', column.reason]);
  columns.push(target.row);
  const missing = data.columns.reduce((sum, column) => sum + column.missing, 0);
  return `<section><h2>The data</h2>
<p>${esc(provenance.dataFile)}: ${provenance.rows} rows, ${artifact.features.length} features, ${esc(target.summary)}; ${provenance.trainRows} rows trained the model${artifact.metrics.test ? `, ${artifact.metrics.test.rows} were held out for the test` : ' (all of them: --test-size 0)'}. Missing cells: ${missing}.</p>
${table(['column', 'role', 'missing cells', 'preprocessing (fitted on training rows)'], columns, [false, false, true, false])}
${data.notices.map((notice) => `<p class="note">${esc(notice)}</p>`).join('')}
${target.figure}
</section>`;
}

/** Settings drawn at most in the dot plot of the chosen family's search (the best ones). */
const MAX_SETTINGS_SHOWN = 60;

function searchSection({ artifact }: ReportInput): string {
  const { selection } = artifact;
  if (artifact.metrics.cvMean === null) return `<section><h2>The search</h2><p>One setting, no search: ${esc(selection.family)}, ${esc(paramsText(selection.params))}. ${esc(refitSummary(artifact))}.</p></section>`;
  const scoring = scoringName(selection.scoring);
  const testName = artifact.metrics.gate.metric === 'r2' ? 'test R²' : 'test accuracy';
  const own = selection.results.filter((result) => result.family === selection.family);
  const ranked = own.filter((result) => result.cvMean !== null).sort((a, b) => a.rank - b.rank).slice(0, MAX_SETTINGS_SHOWN);
  const winner = own.find((result) => JSON.stringify(result.params) === JSON.stringify(selection.params));
  const items = ranked.map((result) => ({ label: `${result.rank}. ${paramsText(result.params)}`, value: result.cvMean!, error: result.cvStd ?? 0, highlight: result === winner }));
  const families = selection.families.filter((entry) => entry.cvMean !== null).map((entry) => ({ label: entry.family, value: entry.cvMean!, error: entry.cvStd ?? 0, highlight: entry.family === selection.family }));
  const chosen = selection.winner === selection.family ? 'the search chose it' : `the search chose <b>${esc(selection.winner)}</b>; this is the best ${esc(selection.family)} model (--keep-all)`;
  const folds = artifact.task === 'classification' ? 'stratified folds' : 'folds (KFold, in row order)';
  return `<section><h2>The search</h2>
<p>${esc(refitSummary(artifact))}.</p>
<p>${selection.results.length} settings of ${selection.families.length} model ${selection.families.length === 1 ? 'family' : 'families'} × ${selection.folds} ${folds} on the training rows (${selection.halving ? "one HalvingGridSearchCV over every family's settings at once: each setting scored in the last iteration it reached" : 'one GridSearchCV per family'}), ranked by ${esc(scoring)}. This model, in red: <b>${esc(selection.family)}, ${esc(paramsText(selection.params))}</b>, CV ${esc(scoring)} ${fixed(artifact.metrics.cvMean)} ± ${fixed(artifact.metrics.cvStd)}; ${chosen}.</p>
${selection.halving ? `<ul>${[...(selection.halving.length > 1 ? [tournamentLine(selection.halving)] : []), ...selection.halving.map(halvingLine)].map((line) => `<li>${esc(line)}</li>`).join('')}</ul>` : ''}
${table(
  ['family', 'best setting', `CV ${scoring}`, testName, 'model size'],
  selection.families.map((entry) => [entry.family, paramsText(entry.params), entry.cvMean === null ? '—' : `${fixed(entry.cvMean)} ± ${fixed(entry.cvStd ?? 0)}`, fixed(entry.testScore), entry.modelBytes === null ? '—' : `${(entry.modelBytes / 1024).toFixed(1)} KB`]),
  [false, false, true, true, true],
)}
${families.length > 1 ? figure(dotPlot(families, { label: `cross-validation ${scoring} of each family`, format: (value) => value.toFixed(3) }), `Each family's best setting: CV ${scoring}, mean ± standard deviation over the folds.`) : ''}
${figure(dotPlot(items, { label: `cross-validation ${scoring} of every ${selection.family} setting`, format: (value) => value.toFixed(3) }), `CV ${scoring} of ${ranked.length < own.length ? `the ${ranked.length} best of ${own.length}` : 'every'} ${esc(selection.family)} setting${own.length === 1 ? '' : 's'}, mean ± standard deviation over the folds, best first.`)}
</section>`;
}

function driversSection(input: ReportInput): string {
  const { artifact } = input;
  const { importances } = artifact;
  if (!importances) return TASK_REPORTS[artifact.task].coefficients(input);
  const shown = importances.columns.map((_, j) => j).sort((a, b) => importances.values[b] - importances.values[a] || a - b).slice(0, 40);
  const metric = artifact.metrics.gate.metric === 'r2' ? 'R²' : 'accuracy';
  const how =
    importances.method === 'impurity'
      ? `the share of the trees' impurity decrease (${artifact.task === 'classification' ? 'Gini' : 'squared error'}) due to each encoded column, as feature_importances_`
      : `the ${metric} lost when one input column is shuffled among the ${artifact.metrics.test ? 'test' : 'training'} rows (permutation importance, mean of 5 shuffles)`;
  return `<section><h2>What drives it</h2>
<p>Importance of each feature: ${how}.</p>
${figure(barChart(shown.map((j) => ({ label: importances.columns[j], value: Math.max(0, importances.values[j]), note: importances.values[j].toFixed(3) })), { label: 'feature importance' }), `${importances.method === 'impurity' ? 'Impurity' : 'Permutation'} importance${shown.length < importances.columns.length ? ` of the ${shown.length} strongest of ${importances.columns.length} columns` : ''}.`)}
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
<p>${badge} model <code>${artifact.modelVersion}</code>, run <code>${esc(run.id)}</code>, ${esc(artifact.selection.family)} ${artifact.task === 'regression' ? 'regressor' : 'classifier'} predicting <b>${esc(artifact.target)}</b>.${run.reason ? ` ${esc(run.reason)}.` : ''}</p>
${dataSection(input)}
${searchSection(input)}
${TASK_REPORTS[artifact.task].heldOut(input)}
${driversSection(input)}
${provenanceSection(input)}
</body></html>
`;
}
