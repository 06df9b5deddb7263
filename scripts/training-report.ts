import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { formatTable } from './text-table.ts';
import { refitSummary } from '../pipeline/report/refit.ts';
import { columnTreatment } from '../pipeline/report/columns.ts';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const MAX_GRID_ROWS = 15;

/** A setting as one cell: `scaler=standard C=10 penalty=l2`, scikit-learn's prefixes dropped. */
export function describeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key.replace(/^classifier__/, '')}=${value === null ? 'None' : String(value)}`)
    .join(' ');
}

/** One row per column of the CSV: its role, its missing cells, and what the pipeline does with it. */
export function formatColumns(artifact: Artifact): string {
  const { data, inputs, provenance } = artifact;
  const rows: (string | number)[][] = data.columns.map((column) => {
    const input = inputs.find((entry) => entry.name === column.name)!;
    const missing = column.missing === 0 ? '0' : `${column.missing} (${((column.missing / provenance.rows) * 100).toFixed(1)}%)`;
    return [column.name, column.type, missing, columnTreatment(input, artifact.selection.scaler)];
  });
  for (const column of data.dropped) rows.push([column.name, 'dropped', '', column.reason]);
  const leftOut = data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
  rows.push([artifact.target, 'label', leftOut > 0 ? `${leftOut} rows left out` : '0', `${artifact.classes.length} classes${artifact.labelType === 'integer' ? ' (integers)' : ''}`]);
  return formatTable(['column', 'role', 'missing cells', 'preprocessing (fitted on the training rows)'], rows);
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(4));

/** Accuracy and the probability scores, on the test part and across the folds (mean ± std). */
export function formatScores(artifact: Artifact): string {
  const { test, cv, cvMean, cvStd } = artifact.metrics;
  const fold = (entry: { mean: number; std: number } | null | undefined) => (entry ? `${entry.mean.toFixed(4)} ± ${entry.std.toFixed(4)}` : '—');
  return formatTable(
    ['metric', 'test part', 'CV folds (mean ± std)'],
    [
      ['accuracy', score(test?.accuracy), cvMean === null ? '—' : `${cvMean.toFixed(4)} ± ${cvStd!.toFixed(4)}`],
      ['balanced accuracy', score(test?.balancedAccuracy), fold(cv?.balancedAccuracy)],
      ['log-loss', score(test?.logLoss), fold(cv?.logLoss)],
      ['ROC-AUC (ovr, macro)', score(test?.rocAuc), fold(cv?.rocAuc)],
      ['Brier score', score(test?.brier), fold(cv?.brier)],
    ],
  );
}

/** Measured at training time, not kept in the artifact (it would no longer be reproducible byte for byte). */
export interface FamilyTimes {
  family: string;
  fitSeconds: number;
  predictMicroseconds: number;
}

/** The seed notebook's comparison: one row per family, its best setting refitted, the winner marked. */
export function formatFamilies(artifact: Artifact, times: readonly FamilyTimes[]): string {
  const { selection } = artifact;
  return formatTable(
    ['', 'family', 'best setting', 'CV accuracy (mean ± std)', 'test accuracy', 'fit', 'model size', 'prediction / row'],
    selection.families.map((entry) => {
      const time = times.find((item) => item.family === entry.family);
      return [
        entry.family === selection.winner ? '*' : '',
        entry.family,
        describeParams(entry.params),
        entry.cvMean === null ? '—' : `${entry.cvMean.toFixed(4)} ± ${(entry.cvStd ?? 0).toFixed(4)}`,
        score(entry.testAccuracy),
        time ? `${(time.fitSeconds * 1000).toFixed(1)} ms` : '—',
        `${(entry.modelBytes / 1024).toFixed(1)} KB`,
        time ? `${time.predictMicroseconds.toFixed(2)} µs` : '—',
      ];
    }),
  );
}

/** The human summary of a training run, printed on stdout by `npm run train`. */
export function formatTrainingReport(artifact: Artifact, times: readonly FamilyTimes[] = []): string {
  const { selection, metrics, classes } = artifact;
  const own = selection.results.filter((entry) => entry.family === selection.family);
  const ranked = [...own].sort((a, b) => a.rank - b.rank);
  const grid = formatTable(
    ['rank', 'family', 'setting', 'CV mean', 'CV std', 'not converged'],
    ranked.slice(0, MAX_GRID_ROWS).map((entry) => [entry.rank, entry.family, describeParams(entry.params), percent(entry.cvMean), percent(entry.cvStd), entry.notConverged ? `${entry.notConverged}/${selection.folds}` : '']),
  );
  const notConverged = selection.results.reduce((sum, entry) => sum + entry.notConverged, 0);
  const fits = selection.results.length * selection.folds;
  const { test, gate } = metrics;
  const delimiter = artifact.data.delimiter === '\t' ? 'tab' : `"${artifact.data.delimiter}"`;
  const lines = [
    `Data: ${artifact.provenance.dataFile} — ${artifact.provenance.rows} rows, ${artifact.features.length} features, ${classes.length} classes (target "${artifact.target}"), delimiter ${delimiter}`,
    formatColumns(artifact),
    ...artifact.data.notices.map((notice) => `Note: ${notice}`),
    '',
    test
      ? `Split: ${artifact.provenance.trainRows} training rows, ${test.rows} test rows (seed ${artifact.provenance.seed}); ${selection.folds}-fold stratified cross-validation`
      : `Split: none (--test-size 0): all ${artifact.provenance.trainRows} rows train the model; ${selection.folds}-fold stratified cross-validation`,
  ];
  if (selection.families.length > 1) {
    lines.push(
      '',
      `Model families (${selection.results.length} settings in all; each family's best refitted on the training rows; prediction time in process, per row of a batch):`,
      formatFamilies(artifact, times),
      selection.winner === selection.family
        ? `Winner: ${selection.winner} — the best CV accuracy (a tie goes to the smaller model, then to the family listed first)`
        : `This is the best ${selection.family} model; the search's winner is ${selection.winner}`,
    );
  }
  lines.push(
    '',
    metrics.cvMean === null
      ? `One setting, no search: ${selection.family}, ${describeParams(selection.params)} (cross-validation skipped; the test part evaluates it)`
      : `Grid search of ${selection.family} (${own.length} settings${own.length > MAX_GRID_ROWS ? `, best ${MAX_GRID_ROWS} shown` : ''}):\n${grid}`,
  );
  if (notConverged > 0) {
    lines.push(`Note: ${notConverged} of ${fits} cross-validation fits stopped at max_iter before converging (scikit-learn's ConvergenceWarning); raise classifier__max_iter in the grid to let them finish.`);
  }
  lines.push(
    '',
    `Best: ${selection.family}, ${describeParams(selection.params)}`,
    refitSummary(selection),
    `CV accuracy:    ${metrics.cvMean === null ? 'not measured (one setting)' : `${percent(metrics.cvMean)} ± ${percent(metrics.cvStd)}`}`,
    `Train accuracy: ${percent(metrics.trainAccuracy)}`,
  );
  lines.push('', formatScores(artifact));
  if (test) {
    lines.push(
      `Test accuracy:  ${percent(test.accuracy)} on ${test.rows} held-out rows`,
      gateLine(gate),
      '',
      'Confusion matrix (test rows):',
      formatTable(['actual \\ predicted', ...classes], test.confusionMatrix.map((row, k) => [classes[k], ...row])),
      '',
      formatTable(
        ['class', 'precision', 'recall', 'F1', 'support'],
        test.perClass.map((entry, k) => {
          const predicted = test.confusionMatrix.reduce((sum, row) => sum + row[k], 0);
          // 0/0 is undefined, not 0.000 (scikit-learn warns and reports 0).
          const undefinedRecall = entry.support === 0;
          return [entry.label, predicted === 0 ? '—' : entry.precision.toFixed(3), undefinedRecall ? '—' : entry.recall.toFixed(3), predicted === 0 || undefinedRecall ? '—' : entry.f1.toFixed(3), entry.support];
        }),
      ),
    );
    const absent = test.perClass.filter((entry) => entry.support === 0).map((entry) => `"${entry.label}"`);
    if (absent.length > 0) {
      lines.push(`Warning: class${absent.length > 1 ? 'es' : ''} ${absent.join(', ')} ha${absent.length > 1 ? 've' : 's'} no rows in the test part: recall there is undefined (—), and the test accuracy says nothing about ${absent.length > 1 ? 'them' : 'it'}; a larger --test-size or more rows of that class would measure it.`);
    }
  } else {
    lines.push(gateLine(gate));
  }
  return lines.join('\n');
}

/** The quality gate's evidence, in one line: every held-out prediction of the chosen setting against the majority class on the same rows. */
function gateLine(gate: Artifact['metrics']['gate']): string {
  const rows = { 'cross-validation and test': 'out of fold and on the test part', test: 'on the test part', 'cross-validation': 'out of fold' }[gate.evaluatedOn];
  return `Quality gate:   held-out accuracy ${percent(gate.accuracy)} ${rows} against the majority class's ${percent(gate.baselineAccuracy)}; p = ${gate.pValue.toPrecision(2)} that a model no better than it does this well (needs < ${gate.alpha})`;
}
