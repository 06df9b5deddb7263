// Predicting a number: the target values, a shuffled split and KFold, the regressor
// families, one prediction per row as the output (the regression twin of predictProba),
// scikit-learn's regression scorings (R² by default, as GridSearchCV ranks regressors),
// the held-out metrics, and the gate's evidence against the training mean.
import { DatasetError } from '../../data/dataset-error.ts';
import { largest, smallest } from '../../data/extremes.ts';
import { pairwiseSum } from '../../data/pairwise-sum.ts';
import { REGRESSION_FAMILIES } from '../../models/regression-families.ts';
import type { Regressor } from '../../models/regressor.ts';
import { predictValues } from '../../models/regression-inference.ts';
import { maxError, meanAbsoluteError, medianAbsoluteError, r2Score, rootMeanSquaredError } from '../../metrics/regression.ts';
import { binShares } from '../../report/plots.ts';
import { STEP_PREFIXES, type Task } from '../task.ts';
import { regressionEvidence, regressionGate } from './gate.ts';
import { REGRESSION_GRID } from './grid.ts';
import { kFold, shuffledTrainTestSplit } from './split.ts';

export const REGRESSION_SCORINGS = ['r2', 'neg_root_mean_squared_error', 'neg_mean_squared_error', 'neg_mean_absolute_error', 'neg_median_absolute_error', 'max_error'] as const;

export function takeValues(values: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** The mean and population std as numpy computes them (pairwise sums). */
export function meanStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  const mean = pairwiseSum((i) => values[i], 0, n) / n;
  return { mean, std: Math.sqrt(pairwiseSum((i) => (values[i] - mean) ** 2, 0, n) / n) };
}

/** R² as a score: null below two rows (scikit-learn's NaN). */
const r2OrNull = (y: Float64Array, predicted: Float64Array) => (y.length < 2 ? null : r2Score(y, predicted));

export function regressionTask(): Task {
  const predict: Task['predict'] = ({ scaler, estimator }, encoded) => predictValues({ scaler, regressor: estimator as Regressor }, encoded);
  return {
    name: 'regression',
    estimatorField: 'regressor',
    prefix: STEP_PREFIXES.regression,
    families: REGRESSION_FAMILIES,
    defaultGrid: Object.fromEntries(Object.entries(REGRESSION_GRID).filter(([family]) => Object.hasOwn(REGRESSION_FAMILIES, family))),
    scorings: REGRESSION_SCORINGS,
    defaultScoring: 'r2',
    gateMetric: 'r2',
    baseline: 'mean',
    minimumFlag: '--min-r2',
    width: 1,
    target: (dataset) => dataset.values!,
    take: (target, rows) => takeValues(target as Float64Array, rows),
    split: (target, seed, testSize) => shuffledTrainTestSplit(target.length, testSize, seed),
    folds: (target, k) => kFold(target.length, k),
    trainingNotices(dataset, trainY, folds) {
      // KFold needs a row per fold; R² needs two per fold.
      if (trainY.length < 2 * folds) throw new DatasetError(`${dataset.source}: ${trainY.length} training rows for ${folds}-fold cross-validation of a regressor; it needs at least ${2 * folds}, two per fold for R² (add rows, or lower --folds or --test-size)`);
      return [];
    },
    fit(family, X, y, params, context) {
      const { regressor, ...fit } = REGRESSION_FAMILIES[family].fit(X, y as Float64Array, params, context);
      return { ...fit, estimator: regressor, outputs: (scaler, encoded) => predict({ scaler, estimator: regressor }, encoded) };
    },
    predict,
    evaluate(y, predicted, trainY) {
      const values = y as Float64Array;
      const rmse = rootMeanSquaredError(values, predicted);
      return {
        scores: {
          r2: r2OrNull(values, predicted),
          neg_root_mean_squared_error: -rmse,
          neg_mean_squared_error: -(rmse * rmse),
          neg_mean_absolute_error: -meanAbsoluteError(values, predicted),
          neg_median_absolute_error: -medianAbsoluteError(values, predicted),
          max_error: -maxError(values, predicted),
        },
        evidence: regressionEvidence(values, predicted, meanStd(trainY as Float64Array).mean),
      };
    },
    gate: regressionGate,
    score: (y, predicted) => r2Score(y as Float64Array, predicted),
    testMetrics(y, predicted) {
      const values = y as Float64Array;
      return {
        r2: r2OrNull(values, predicted),
        rmse: rootMeanSquaredError(values, predicted),
        mae: meanAbsoluteError(values, predicted),
        medianAbsoluteError: medianAbsoluteError(values, predicted),
        maxError: maxError(values, predicted),
        rows: values.length,
      };
    },
    modelFields(dataset, model, trainY) {
      const values = trainY as Float64Array;
      return { regressor: model.estimator, targetStats: { min: smallest(values), max: largest(values), ...meanStd(values) } };
    },
    targetSummary(dataset) {
      const { edges, shares } = binShares(dataset.values!);
      return { targetHistogram: { edges, shares } };
    },
    hasCoefficients: (model) => model.estimator.kind === 'linear_regression',
    predictionProfile: (_dataset, predicted) => ({ values: predicted }),
  };
}
