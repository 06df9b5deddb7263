// Predicting a class: the labels as class indexes, stratified splits and folds, the
// classifier families, class probabilities as outputs (the one predictProba),
// scikit-learn's classification scorings, the held-out metrics, and the gate's evidence
// (right answers of the model and of the majority class).
import { DatasetError } from '../../data/dataset-error.ts';
import { takeLabels } from '../../data/matrix.ts';
import { seededRandom, stratifiedKFold, stratifiedTrainTestSplit } from '../../data/split.ts';
import { argmaxRows } from '../../models/argmax.ts';
import type { Classifier } from '../../models/classifier.ts';
import { FAMILIES } from '../../models/families.ts';
import { predictProba } from '../../models/inference.ts';
import { accuracy, classificationReport, confusionMatrix, f1Macro } from '../../metrics/classification.ts';
import { balancedAccuracy, brierScore, logLoss, rocAuc } from '../../metrics/probability.ts';
import { STEP_PREFIXES, type Task, type TaskSpec } from '../task.ts';
import { classificationGate, majorityClass } from './gate.ts';
import { CLASSIFICATION_GRID } from './grid.ts';
import { presentClasses, spreadProbabilities } from './present-classes.ts';

export const CLASSIFICATION_SCORINGS = ['accuracy', 'balanced_accuracy', 'f1_macro', 'roc_auc_ovr', 'neg_log_loss', 'neg_brier_score'] as const;

/** Rows of each class, by class index. */
export function countClasses(y: Int32Array, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

export function classificationTask(spec: TaskSpec): Task {
  const classCount = spec.classes.length;
  const predict: Task['predict'] = ({ scaler, estimator }, encoded) => predictProba({ scaler, classifier: estimator as Classifier }, encoded, classCount);
  return {
    name: 'classification',
    estimatorField: 'classifier',
    prefix: STEP_PREFIXES.classification,
    families: FAMILIES,
    defaultGrid: CLASSIFICATION_GRID,
    scorings: CLASSIFICATION_SCORINGS,
    defaultScoring: 'accuracy',
    gateMetric: 'accuracy',
    baseline: 'most_frequent',
    minimumFlag: '--min-accuracy',
    width: classCount,
    target: (dataset) => dataset.y,
    take: (target, rows) => takeLabels(target as Int32Array, rows),
    split: (target, seed, testSize) => (testSize === 0 ? { train: Array.from(target, (_, i) => i), test: [] } : stratifiedTrainTestSplit(target as Int32Array, testSize, seededRandom(seed))),
    folds: (target, k) => stratifiedKFold(target as Int32Array, k),
    // A class with fewer training rows than folds is not a stop: some folds train without
    // it, as StratifiedKFold warns and goes on. Only fewer training rows than folds is.
    trainingNotices(dataset, trainY, folds) {
      if (trainY.length < folds) throw new DatasetError(`${dataset.source}: ${trainY.length} training rows for ${folds}-fold cross-validation; it needs at least ${folds} (add rows, or lower --folds or --test-size)`);
      const inTrainingPart = countClasses(trainY as Int32Array, classCount);
      const notices: string[] = [];
      dataset.classes.forEach((label, k) => {
        const inTraining = inTrainingPart[k];
        if (inTraining >= folds) return;
        notices.push(
          inTraining === 0
            ? `class "${label}" has no row in the training part: the model cannot predict it`
            : `class "${label}" has ${inTraining} row${inTraining > 1 ? 's' : ''} in the training part, fewer than the ${folds} folds: some folds train without it (StratifiedKFold warns the same)`,
        );
      });
      return notices;
    },
    fit(family, X, y, params, context) {
      // A class missing from these training rows (a rare class in a fold): fitted on the classes present, as scikit-learn does.
      const present = presentClasses(y as Int32Array, classCount);
      const { classifier, ...fit } = FAMILIES[family].fit(X, present?.y ?? (y as Int32Array), present?.count ?? classCount, params, context);
      return {
        ...fit,
        estimator: classifier,
        outputs(scaler, encoded) {
          if (!present) return predict({ scaler, estimator: classifier }, encoded);
          return spreadProbabilities(predictProba({ scaler, classifier }, encoded, present.count), encoded.rows, present, classCount);
        },
      };
    },
    predict,
    evaluate(y, probabilities, trainY) {
      const labels = y as Int32Array;
      const predicted = argmaxRows(probabilities, classCount);
      const majority = majorityClass(trainY as Int32Array, classCount);
      let correct = 0;
      let baselineCorrect = 0;
      for (let i = 0; i < labels.length; i++) {
        if (predicted[i] === labels[i]) correct++;
        if (labels[i] === majority) baselineCorrect++;
      }
      return {
        scores: {
          accuracy: correct / labels.length,
          balanced_accuracy: balancedAccuracy(labels, predicted, classCount),
          f1_macro: f1Macro(labels, predicted, classCount),
          roc_auc_ovr: rocAuc(labels, probabilities, classCount),
          neg_log_loss: -logLoss(labels, probabilities, classCount),
          neg_brier_score: -brierScore(labels, probabilities, classCount),
        },
        evidence: [correct, baselineCorrect, labels.length],
      };
    },
    gate: classificationGate,
    score: (y, probabilities) => accuracy(y as Int32Array, argmaxRows(probabilities, classCount)),
    testMetrics(y, probabilities) {
      const labels = y as Int32Array;
      const predicted = argmaxRows(probabilities, classCount);
      const matrix = confusionMatrix(labels, predicted, classCount);
      return {
        accuracy: accuracy(labels, predicted),
        balancedAccuracy: balancedAccuracy(labels, predicted, classCount),
        f1Macro: f1Macro(labels, predicted, classCount),
        logLoss: logLoss(labels, probabilities, classCount),
        rocAuc: rocAuc(labels, probabilities, classCount),
        brier: brierScore(labels, probabilities, classCount),
        rows: labels.length,
        confusionMatrix: matrix,
        perClass: classificationReport(matrix, spec.classes),
      };
    },
    modelFields: (dataset, model) => ({ classes: dataset.classes, labelType: dataset.labelType, classifier: model.estimator }),
    targetSummary: (dataset) => ({ classCounts: countClasses(dataset.y, classCount) }),
    hasCoefficients: (model) => model.estimator.kind === 'linear',
    predictionProfile: (dataset, probabilities) => ({ classes: dataset.classes, predicted: argmaxRows(probabilities, classCount) }),
  };
}
