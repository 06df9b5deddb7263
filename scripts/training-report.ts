import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { formatTable } from './text-table.ts';
import { refitSummary } from '../pipeline/report/refit.ts';
import { STEP_PREFIXES } from '../pipeline/tasks/task.ts';
import { halvingLine, tournamentLine } from '../pipeline/report/halving.ts';
import { columnTreatment } from '../pipeline/report/columns.ts';
import { scoringName } from '../pipeline/report/html-parts.ts';
import type { SummaryBlock, TextTable } from '../pipeline/report/summary-parts.ts';
import { TASK_SUMMARIES } from '../pipeline/report/task-summaries.ts';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const MAX_GRID_ROWS = 15;

/** A setting as one cell: `scaler=standard C=10 penalty=l2`, scikit-learn's prefixes dropped. */
export function describeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key.replace(/^(classifier|regressor)__/, '')}=${value === null ? 'None' : String(value)}`)
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
  rows.push(TASK_SUMMARIES[artifact.task].target(artifact).row);
  return formatTable(['column', 'role', 'missing cells', 'preprocessing (fitted on the training rows)'], rows);
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(4));
const formatBlock = (block: SummaryBlock) => (typeof block === 'string' ? block : formatTable(block.header, block.rows));

/** The task's held-out metrics, on the test part and across the folds (mean ± std). */
export function formatScores(artifact: Artifact): string {
  const scores: TextTable = TASK_SUMMARIES[artifact.task].scores(artifact);
  return formatTable(scores.header, scores.rows);
}

/** Measured at training time, not kept in the artifact (it would no longer be reproducible byte for byte). */
export interface FamilyTimes {
  family: string;
  fitSeconds: number;
  predictMicroseconds: number;
}

/** How far a family's candidates got in the tournament: its last iteration (of all), its candidates there, on how many rows. */
function reachedText(halving: NonNullable<Artifact['selection']['halving']>, family: string): string {
  const own = halving.find((entry) => entry.family === family);
  if (!own) return '—';
  const total = Math.max(...halving.map((entry) => entry.nResources.length));
  const last = own.nResources.length - 1;
  return `iteration ${last + 1} of ${total}: ${own.nCandidates[last]} on ${own.nResources[last]} rows`;
}

/** Which families' best settings the run refitted (a family eliminated by halving has no model). */
function refittedWords({ selection }: Artifact): string {
  return selection.families.every((entry) => entry.modelBytes !== null) ? "each family's best refitted" : "the best of each family that reached halving's last iteration refitted (--keep-all: every family's)";
}

/** The seed notebook's comparison: one row per family, its best setting refitted, the winner marked. */
export function formatFamilies(artifact: Artifact, times: readonly FamilyTimes[]): string {
  const { selection } = artifact;
  return formatTable(
    ['', 'family', 'best setting', `CV ${scoringName(selection.scoring)} (mean ± std)`, ...(selection.halving ? ['halving reached'] : []), `test ${metricName(artifact)}`, 'fit', 'model size', 'prediction / row'],
    selection.families.map((entry) => {
      const time = times.find((item) => item.family === entry.family);
      return [
        entry.family === selection.winner ? '*' : '',
        entry.family,
        describeParams(entry.params),
        entry.cvMean === null ? '—' : `${entry.cvMean.toFixed(4)} ± ${(entry.cvStd ?? 0).toFixed(4)}`,
        ...(selection.halving ? [reachedText(selection.halving, entry.family)] : []),
        score(entry.testScore),
        time ? `${(time.fitSeconds * 1000).toFixed(1)} ms` : '—',
        entry.modelBytes === null ? '—' : `${(entry.modelBytes / 1024).toFixed(1)} KB`,
        time ? `${time.predictMicroseconds.toFixed(2)} µs` : '—',
      ];
    }),
  );
}

/** The human summary of a training run, printed on stdout by `npm run train`. */
export function formatTrainingReport(artifact: Artifact, times: readonly FamilyTimes[] = []): string {
  const { selection, metrics } = artifact;
  const summary = TASK_SUMMARIES[artifact.task];
  const scoring = scoringName(selection.scoring);
  const foldsKind = artifact.task === 'classification' ? 'stratified' : 'KFold';
  const own = selection.results.filter((entry) => entry.family === selection.family);
  const ranked = [...own].sort((a, b) => a.rank - b.rank);
  const halvingOf = selection.halving?.find((entry) => entry.family === selection.family);
  const grid = formatTable(
    ['rank', 'family', 'setting', `CV ${scoring} mean`, 'CV std', 'not converged', ...(halvingOf ? ['last iteration (rows)'] : [])],
    ranked
      .slice(0, MAX_GRID_ROWS)
      .map((entry) => [
        entry.rank,
        entry.family,
        describeParams(entry.params),
        score(entry.cvMean),
        score(entry.cvStd),
        entry.notConverged ? `${entry.notConverged}/${selection.folds}` : '',
        ...(halvingOf && entry.iteration !== undefined ? [`${entry.iteration} (${halvingOf.nResources[entry.iteration]})`] : []),
      ]),
  );
  const notConverged = selection.results.reduce((sum, entry) => sum + entry.notConverged, 0);
  // With successive halving, a setting's counts are of the last iteration it ran in.
  const fits = selection.results.length * selection.folds;
  const { test, gate } = metrics;
  const delimiter = artifact.data.delimiter === '\t' ? 'tab' : `"${artifact.data.delimiter}"`;
  const lines = [
    `Data: ${artifact.provenance.dataFile} — ${artifact.provenance.rows} rows, ${artifact.features.length} features, ${summary.target(artifact).words} (target "${artifact.target}"), delimiter ${delimiter}`,
    formatColumns(artifact),
    ...artifact.data.notices.map((notice) => `Note: ${notice}`),
    '',
    test
      ? `Split: ${artifact.provenance.trainRows} training rows, ${test.rows} test rows (seed ${artifact.provenance.seed}); ${selection.folds}-fold ${foldsKind} cross-validation`
      : `Split: none (--test-size 0): all ${artifact.provenance.trainRows} rows train the model; ${selection.folds}-fold ${foldsKind} cross-validation`,
  ];
  if (selection.families.length > 1) {
    lines.push(
      '',
      `Model families (${selection.results.length} settings in all; ${refittedWords(artifact)} on the training rows; prediction time in process, per row of a batch):`,
      formatFamilies(artifact, times),
      selection.winner === selection.family
        ? `Winner: ${selection.winner} — the best CV ${scoring} (a tie goes to the smaller model, then to the family listed first)`
        : `This is the best ${selection.family} model; the search's winner is ${selection.winner}`,
    );
  }
  lines.push(
    '',
    metrics.cvMean === null
      ? `One setting, no search: ${selection.family}, ${describeParams(selection.params)} (cross-validation skipped; the test part evaluates it)`
      : `${selection.halving ? 'Successive halving' : 'Grid search'} of ${selection.family} (${own.length} settings${own.length > MAX_GRID_ROWS ? `, best ${MAX_GRID_ROWS} shown` : ''}${selection.halving ? '; ranked by the last iteration each reached, then its mean' : ''}):\n${grid}`,
  );
  if (selection.halving) lines.push(...(selection.halving.length > 1 ? [tournamentLine(selection.halving)] : []), ...selection.halving.map(halvingLine));
  if (notConverged > 0) {
    lines.push(`Note: ${notConverged} of ${fits} cross-validation fits${selection.halving ? " (each setting's in the last iteration it ran)" : ''} stopped at max_iter before converging (scikit-learn's ConvergenceWarning); raise ${STEP_PREFIXES[artifact.task]}max_iter in the grid to let them finish.`);
  }
  lines.push(
    '',
    `Best: ${selection.family}, ${describeParams(selection.params)}`,
    refitSummary(artifact),
    `CV ${scoring}: ${metrics.cvMean === null ? 'not measured (one setting)' : `${score(metrics.cvMean)} ± ${score(metrics.cvStd)}`}`,
    `Train ${metricName(artifact)}: ${score(metrics.trainScore)}`,
  );
  lines.push('', formatScores(artifact));
  if (metrics.test) lines.push(`Test ${metricName(artifact)}: ${score((metrics.test as Record<string, number | null>)[metrics.gate.metric])} on ${metrics.test.rows} held-out rows`);
  lines.push(gateLine(metrics.gate), ...summary.testBlocks(artifact).map(formatBlock));
  return lines.join('\n');
}

const metricName = (artifact: Artifact) => (artifact.metrics.gate.metric === 'r2' ? 'R²' : 'accuracy');

/** The quality gate's evidence, in one line: every held-out prediction of the chosen setting against the baseline on the same rows. */
function gateLine(gate: Artifact['metrics']['gate']): string {
  const rows = { 'cross-validation and test': 'out of fold and on the test part', test: 'on the test part', 'cross-validation': 'out of fold' }[gate.evaluatedOn];
  if (gate.metric === 'r2') {
    return `Quality gate:   held-out R² ${gate.score.toFixed(4)} ${rows} against the training mean's ${gate.baselineScore.toFixed(4)}; p = ${gate.pValue.toPrecision(2)} that a model no better than the mean is closer to the truth this often (sign test, needs < ${gate.alpha})`;
  }
  return `Quality gate:   held-out accuracy ${percent(gate.score)} ${rows} against the majority class's ${percent(gate.baselineScore)}; p = ${gate.pValue.toPrecision(2)} that a model no better than it does this well (needs < ${gate.alpha})`;
}
