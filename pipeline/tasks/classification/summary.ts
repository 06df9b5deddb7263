// The classifier's part of `npm run train`'s summary: the label, accuracy and the
// probability scores, the confusion matrix and per-class table.
import type { ClassifierArtifact } from '../../artifact/artifact.ts';
import { foldText, negatedFold, score4, testMetricName, type TaskSummary } from '../../report/summary-parts.ts';

export const classificationSummary: TaskSummary = {
  target(value) {
    const artifact = value as ClassifierArtifact;
    const leftOut = artifact.data.rowsLeftOut.reduce((sum, entry) => sum + entry.rows, 0);
    return {
      row: [artifact.target, 'label', leftOut > 0 ? `${leftOut} rows left out` : '0', `${artifact.classes.length} classes${artifact.labelType === 'integer' ? ' (integers)' : ''}`],
      words: `${artifact.classes.length} classes`,
    };
  },
  scores(value) {
    const { test, cv } = (value as ClassifierArtifact).metrics;
    return {
      header: ['metric', 'test part', 'CV folds (mean ± std)'],
      rows: [
        [testMetricName('accuracy'), score4(test?.accuracy), foldText(cv?.accuracy)],
        [testMetricName('balancedAccuracy'), score4(test?.balancedAccuracy), foldText(cv?.balanced_accuracy)],
        [testMetricName('f1Macro'), score4(test?.f1Macro), foldText(cv?.f1_macro)],
        [testMetricName('logLoss'), score4(test?.logLoss), foldText(negatedFold(cv?.neg_log_loss))],
        [testMetricName('rocAuc'), score4(test?.rocAuc), foldText(cv?.roc_auc_ovr)],
        [testMetricName('brier'), score4(test?.brier), foldText(negatedFold(cv?.neg_brier_score))],
      ],
    };
  },
  testBlocks(value) {
    const { classes, metrics } = value as ClassifierArtifact;
    const test = metrics.test;
    if (!test) return [];
    const blocks: ReturnType<TaskSummary['testBlocks']> = [
      '',
      'Confusion matrix (test rows):',
      { header: ['actual \\ predicted', ...classes], rows: test.confusionMatrix.map((row, k) => [classes[k], ...row]) },
      '',
      {
        header: ['class', 'precision', 'recall', 'F1', 'support'],
        rows: test.perClass.map((entry, k) => {
          const predicted = test.confusionMatrix.reduce((sum, row) => sum + row[k], 0);
          // 0/0 is undefined, not 0.000 (scikit-learn warns and reports 0).
          const undefinedRecall = entry.support === 0;
          return [entry.label, predicted === 0 ? '—' : entry.precision.toFixed(3), undefinedRecall ? '—' : entry.recall.toFixed(3), predicted === 0 || undefinedRecall ? '—' : entry.f1.toFixed(3), entry.support];
        }),
      },
    ];
    const absent = test.perClass.filter((entry) => entry.support === 0).map((entry) => `"${entry.label}"`);
    if (absent.length > 0) {
      blocks.push(`Warning: class${absent.length > 1 ? 'es' : ''} ${absent.join(', ')} ha${absent.length > 1 ? 've' : 's'} no rows in the test part: recall there is undefined (—), and the test accuracy says nothing about ${absent.length > 1 ? 'them' : 'it'}; a larger --test-size or more rows of that class would measure it.`);
    }
    return blocks;
  },
};
