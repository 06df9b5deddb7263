// What differs between predicting classes and predicting a number, behind one interface:
// the target, the split and the folds, the families and their fit, the outputs a model
// gives, the scorings a search can rank by, the gate's evidence and verdict, the held-out
// metrics. Training, the search's workers, the report and the run record call a task;
// each task is one folder (tasks/classification, tasks/regression), listed in tasks/index.ts.
import type { Dataset } from '../data/csv.ts';
import type { Matrix } from '../data/matrix.ts';
import type { Params, ParamValue } from '../models/families.ts';
import type { ScalerParams } from '../models/serving-kind.ts';
import type { EvaluatedOn, GateOptions, GateVerdict } from './gate.ts';

export type TaskName = 'classification' | 'regression';

/** Each task's estimator step in a grid key (classifier__C, regressor__alpha), as scikit-learn's Pipeline names it. */
export const STEP_PREFIXES: Record<TaskName, string> = { classification: 'classifier__', regression: 'regressor__' };
/** Class indexes (classification) or target values (regression). */
export type Target = Int32Array | Float64Array;

/** What a worker needs to rebuild a task: it is sent as data, not as code. */
export interface TaskSpec {
  task: TaskName;
  /** Classification: the class labels (their count is the probabilities' width). */
  classes: readonly string[];
}

/** A parameter rule: undefined when the value is fine, else what is wrong. */
export type Rule = (value: ParamValue) => string | undefined;

/** A model family as a grid names it: its parameters, and a rough cost to order the search's queue. */
export interface FamilySpec {
  defaults: Params;
  rules: Record<string, Rule>;
  check?: (params: Params) => string | undefined;
  cost: (params: Params) => number;
  /** How its fit time grows with the training rows at a search's sizes (time ∝ rows^this; 0.75 when omitted), until the search has measured it: the time left's guess. */
  rowsExponent?: number;
  /** npm packages its fit uses, recorded in the artifact's provenance. */
  packages?: readonly string[];
}

export interface FitContext {
  /** random_state when the setting leaves it null: the run's --seed. */
  seed: number;
}

/** A fitted estimator, and how it answers. */
export interface Fitted {
  /** The classifier or regressor as the artifact stores it (its `kind` serves it). */
  estimator: { kind: string };
  iterations: number[];
  converged: boolean;
  /** Impurity-based feature_importances_ per encoded column (trees and forests). */
  importances?: number[];
  /** Outputs of unscaled encoded rows: class probabilities (rows × classes) or predictions (rows). */
  outputs(scaler: ScalerParams, encoded: Matrix): Float64Array;
}

/**
 * A fold's (or the test part's) held-out outputs judged: every scoring the task offers
 * (greater is better, as scikit-learn's scorers: neg_log_loss, neg_root_mean_squared_error),
 * and the gate's evidence as counts that add up over folds (the task reads them).
 */
export interface Evaluation {
  scores: Record<string, number | null>;
  evidence: number[];
}

/** The gate's record in the artifact: what was judged, against which baseline, with what result. */
export interface GateRecord {
  evaluatedOn: EvaluatedOn;
  /** DummyClassifier(strategy="most_frequent") or DummyRegressor(strategy="mean"). */
  baseline: 'most_frequent' | 'mean';
  metric: 'accuracy' | 'r2';
  score: number;
  baselineScore: number;
  pValue: number;
  alpha: number;
  /** --min-accuracy or --min-r2 (the lowest score allowed). */
  minimum: number;
}

/** What training hands a task to make the artifact's model fields and metrics. */
export interface Model {
  scaler: ScalerParams;
  estimator: { kind: string };
}

export interface Task {
  name: TaskName;
  /** Where the artifact keeps the estimator, and the grid's step name (classifier__C, regressor__alpha). */
  estimatorField: 'classifier' | 'regressor';
  prefix: string;
  families: Record<string, FamilySpec>;
  /** The families' grids `npm run train` searches by default, in the seed notebook's spirit. */
  defaultGrid: Record<string, Record<string, ParamValue[]>[]>;
  /** The scorings a search may rank by (GridSearchCV's scoring), and the default (scoring=None). */
  scorings: readonly string[];
  defaultScoring: string;
  /** The gate's metric and baseline, and the flag that sets its absolute bar. */
  gateMetric: GateRecord['metric'];
  baseline: GateRecord['baseline'];
  minimumFlag: '--min-accuracy' | '--min-r2';
  /** Outputs per row: the classes' probabilities, or 1 prediction. */
  width: number;
  target(dataset: Dataset): Target;
  take(target: Target, rows: ArrayLike<number>): Target;
  /** The held-out split, as train_test_split (stratified for classes). */
  split(target: Target, seed: number, testSize: number): { train: number[]; test: number[] };
  /** The test fold of every training row, as GridSearchCV(cv=k) folds them (StratifiedKFold, KFold). */
  folds(target: Target, k: number): Int32Array;
  /** What the training part means for k folds: notices (a class rarer than the folds), or a DatasetError when it cannot be done. */
  trainingNotices(dataset: Dataset, trainY: Target, folds: number): string[];
  fit(family: string, X: Matrix, y: Target, params: Params, context: FitContext): Fitted;
  /** Outputs of unscaled encoded rows through a fitted model: the one predictProba, or its regression twin. */
  predict(model: Model, encoded: Matrix): Float64Array;
  /** `y`'s held-out rows judged; `trainY` gives the baseline (the majority class, the mean). */
  evaluate(y: Target, outputs: Float64Array, trainY: Target): Evaluation;
  /** The gate on evidence summed over every held-out part. */
  gate(evidence: number[], options: GateOptions): GateVerdict;
  /** The gate's metric of outputs (accuracy, R²): the training score, and permutation importance's scorer. */
  score(y: Target, outputs: Float64Array): number;
  /** The test part's metrics as the artifact records them. */
  testMetrics(y: Target, outputs: Float64Array): Record<string, unknown>;
  /** The artifact's task-specific fields: classes and classifier, or regressor and the target's range. */
  modelFields(dataset: Dataset, model: Model, trainY: Target): Record<string, unknown>;
  /** The whole file's target, as the report shows it (class counts; the values' summary). */
  targetSummary(dataset: Dataset): Record<string, unknown>;
  /** Whether the model's coefficients show what drives it (linear models): no permutation importance then. */
  hasCoefficients(model: Model): boolean;
  /** The model's predictions on the training rows, for the drift profile. */
  predictionProfile(dataset: Dataset, outputs: Float64Array): { classes: readonly string[]; predicted: Int32Array } | { values: Float64Array };
}
