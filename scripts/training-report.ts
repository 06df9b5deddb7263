import type { Artifact } from '../pipeline/artifact.ts';
import { formatTable } from './text-table.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The human summary of a training run, printed on stdout by `npm run train`. */
export function formatTrainingReport(artifact: Artifact): string {
  const { selection, metrics, classes } = artifact;
  const grid = formatTable(
    ['rank', 'scaler', 'steps', 'learning rate', 'CV mean', 'CV std'],
    [...selection.grid]
      .sort((a, b) => a.rank - b.rank)
      .map((entry) => [entry.rank, entry.scaler, entry.numSteps, entry.learningRate, percent(entry.cvMean), percent(entry.cvStd)]),
  );
  const confusion = formatTable(
    ['actual \\ predicted', ...classes],
    metrics.confusionMatrix.map((row, k) => [classes[k], ...row]),
  );
  const perClass = formatTable(
    ['class', 'precision', 'recall', 'F1', 'support'],
    metrics.perClass.map((entry) => [entry.label, entry.precision.toFixed(3), entry.recall.toFixed(3), entry.f1.toFixed(3), entry.support]),
  );
  const { chosen } = selection;
  return [
    `Data: ${artifact.provenance.dataFile} — ${artifact.provenance.rows} rows, ${artifact.features.length} features, ${classes.length} classes (target "${artifact.target}")`,
    `Split: ${artifact.provenance.trainRows} training rows, ${metrics.testRows} test rows (seed ${artifact.provenance.seed}); ${selection.folds}-fold cross-validation`,
    '',
    `Grid search (${selection.grid.length} settings):`,
    grid,
    '',
    `Best: ${chosen.scaler} scaler, ${chosen.numSteps} steps, learning rate ${chosen.learningRate}`,
    `CV accuracy:    ${percent(metrics.cvMean)} ± ${percent(metrics.cvStd)}`,
    `Train accuracy: ${percent(metrics.trainAccuracy)}`,
    `Test accuracy:  ${percent(metrics.testAccuracy)} on ${metrics.testRows} held-out rows`,
    '',
    'Confusion matrix (test rows):',
    confusion,
    '',
    perClass,
  ].join('\n');
}
