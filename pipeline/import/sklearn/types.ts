// The fitted estimators the import reads, typed. Matrices are flat row-major
// Float64Arrays with their row and column counts; indices are Int32Arrays; class
// labels are as scikit-learn stores them (text, or whole / real numbers, or booleans).
import type { PyValue } from '../py-values.ts';

export type Label = string | number | boolean;

export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

interface Fitted {
  /** scikit-learn's class name (LogisticRegression). */
  className: string;
  /** Where in the file: '' for the top, 'steps[1].classifier', 'best_estimator_.steps[0].scaler'. */
  path: string;
  /** The version that saved it (_sklearn_version). */
  sklearnVersion: string;
  /** The constructor parameters as stored (get_params(deep=False)), for the repr. */
  params: Map<string, PyValue>;
  /** feature_names_in_, when fitted on a table with text column names; null otherwise. */
  featureNamesIn: string[] | null;
  nFeaturesIn: number | null;
}

export type Step = Estimator | 'passthrough';

export interface PipelineModel extends Fitted {
  kind: 'pipeline';
  steps: { name: string; estimator: Step }[];
}

export interface SearchModel extends Fitted {
  kind: 'search';
  bestEstimator: Estimator;
  /** Provenance only: the mean cross-validated score of the best parameters. */
  bestScore: number | null;
  /** Provenance only: best_params_ as plain JSON values (numbers, text, null, lists). */
  bestParams: Record<string, unknown> | null;
  bestIndex: number | null;
  nSplits: number | null;
}

export interface ColumnGroup {
  /** The transformer's name ('remainder' for the remainder). */
  name: string;
  transformer: Estimator | 'passthrough' | 'drop';
  /** Input column positions it reads, in its order (resolved from names, indices, masks or slices). */
  columns: number[];
  /** The same columns by name, when the transformer was fitted on named columns. */
  columnNames: string[] | null;
}

export interface ColumnTransformerModel extends Fitted {
  kind: 'column_transformer';
  /**
   * Every group in output order: the encoded matrix is the groups' outputs side by side,
   * 'drop' groups and groups with no columns giving nothing, the remainder (when kept) last.
   */
  groups: ColumnGroup[];
  remainder: 'drop' | 'passthrough';
  /** How many input columns the transformer was fitted on. */
  nInputColumns: number;
}

export interface SimpleImputerModel extends Fitted {
  kind: 'simple_imputer';
  strategy: 'mean' | 'median' | 'most_frequent' | 'constant';
  /** One per input column: numbers (NaN where the column was all missing) or labels. */
  statistics: (number | string | boolean | null)[];
  fillValue: PyValue;
  /** What counts as missing: NaN (null here), or a value. */
  missingValues: number | string | null;
  /**
   * Input columns kept by transform: scikit-learn drops a column whose statistic is NaN
   * (all missing at fit) unless strategy is constant or keep_empty_features.
   */
  keptColumns: number[];
}

export interface OneHotFeature {
  /** categories_[i]: every category seen at fit, sorted; null stands for NaN. */
  categories: (Label | null)[];
  /** The categories grouped as infrequent (infrequent_categories_[i]), or null. */
  infrequent: (Label | null)[] | null;
  /**
   * The output columns in order: the frequent categories in categories_ order, then
   * INFREQUENT for the group (always last), without the dropped one.
   */
  outputs: (Label | null | typeof INFREQUENT)[];
  /** The dropped output, an index into frequent + [INFREQUENT] before dropping; null: none. */
  dropIndex: number | null;
}

/** The output column that stands for every infrequent category (scikit-learn names it 'infrequent_sklearn'). */
export const INFREQUENT = 'infrequent_sklearn' as const;

export interface OneHotEncoderModel extends Fitted {
  kind: 'one_hot_encoder';
  features: OneHotFeature[];
  /**
   * error: an unseen category fails; ignore: all zeros; infrequent_if_exist: the
   * infrequent column where the feature has one, else all zeros.
   */
  handleUnknown: 'error' | 'ignore' | 'infrequent_if_exist';
  drop: PyValue;
  minFrequency: PyValue;
  maxCategories: number | null;
}

export interface StandardScalerModel extends Fitted {
  kind: 'standard_scaler';
  /** Subtracted first; null when with_mean=False. */
  mean: Float64Array | null;
  /** Divided by then; null when with_std=False. Zero-variance columns have scale 1, as scikit-learn stores them. */
  scale: Float64Array | null;
}

export interface MinMaxScalerModel extends Fitted {
  kind: 'minmax_scaler';
  /** x * scale + min, as scikit-learn's transform. */
  scale: Float64Array;
  min: Float64Array;
  featureRange: [number, number];
  clip: boolean;
}

export interface LogisticRegressionModel extends Fitted {
  kind: 'logistic_regression';
  /** coef_: one row for two classes, else one per class. */
  coef: Matrix;
  intercept: Float64Array;
  classes: Label[];
  /**
   * As predict_proba resolves it: binary → [1 - σ(z), σ(z)] of the one row; ovr → σ of
   * each row, normalised to sum 1; multinomial → softmax of the rows (for two classes
   * with one row: softmax of [-z, z]).
   */
  multiClass: 'binary' | 'ovr' | 'multinomial';
}

export interface SvcModel extends Fitted {
  kind: 'svc';
  kernel: 'linear' | 'poly' | 'rbf' | 'sigmoid';
  /** _gamma: 'scale' / 'auto' resolved at fit. */
  gamma: number;
  degree: number;
  coef0: number;
  supportVectors: Matrix;
  /** Support vectors per class, in classes order (_n_support / n_support_). */
  nSupport: Int32Array;
  /** Training-row index of each support vector. */
  support: Int32Array;
  /**
   * libsvm's own coefficients (_dual_coef_, (classes - 1) × support vectors) and
   * intercepts (_intercept_ = -rho, one per pair of classes, pairs (0,1), (0,2), ...
   * (1,2)...): what predict_proba uses. For two classes scikit-learn's public
   * dual_coef_ / intercept_ are these negated.
   */
  dualCoef: Matrix;
  intercept: Float64Array;
  /** Platt's sigmoid per pair of classes: P = 1 / (1 + exp(A·f + B)). */
  probA: Float64Array;
  probB: Float64Array;
  classes: Label[];
}

export interface KnnModel extends Fitted {
  kind: 'knn';
  fitX: Matrix;
  /** _y: each training row's class, as an index into classes. */
  y: Int32Array;
  classes: Label[];
  nNeighbors: number;
  weights: 'uniform' | 'distance';
  /** The metric scikit-learn uses (effective_metric_): minkowski with p 1 / 2 reads as manhattan / euclidean. */
  metric: 'euclidean' | 'manhattan' | 'minkowski';
  p: number;
}

/** sklearn.tree._tree.Tree, flat; one output. */
export interface TreeStructure {
  nodeCount: number;
  nFeatures: number;
  nClasses: number;
  maxDepth: number;
  /** -1 for a leaf. */
  left: Int32Array;
  right: Int32Array;
  /** -2 for a leaf. */
  feature: Int32Array;
  /** Go left when x[feature] <= threshold. */
  threshold: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Float64Array;
  weightedNNodeSamples: Float64Array;
  /** From scikit-learn 1.3: where NaN goes at a split (1: left); null before (NaN goes right). */
  missingGoToLeft: Uint8Array | null;
  /** nodeCount × nClasses: per-node class weights; normalise a leaf's row for its probabilities. */
  value: Float64Array;
  /** counts: weighted class counts (before 1.4); fractions: the same divided by the node's weight (1.4 on). */
  valueKind: 'counts' | 'fractions';
}

export interface DecisionTreeModel extends Fitted {
  kind: 'decision_tree';
  tree: TreeStructure;
  classes: Label[];
}

export interface RandomForestModel extends Fitted {
  kind: 'random_forest';
  /** predict_proba: the mean of each tree's normalised leaf row (each tree's classes are 0..K-1, the forest's order). */
  trees: TreeStructure[];
  classes: Label[];
}

export interface GaussianNbModel extends Fitted {
  kind: 'gaussian_nb';
  /** classes × features. */
  theta: Matrix;
  /** var_ (sigma_ before scikit-learn 1.0), epsilon_ already added, as predict uses it. */
  variance: Matrix;
  classPrior: Float64Array;
  classes: Label[];
}

/** LinearRegression, Ridge, Lasso, ElasticNet on one target: predict is X · coef_ + intercept_. */
export interface LinearRegressorModel extends Fitted {
  kind: 'linear_regressor';
  coef: Float64Array;
  intercept: number;
}

export type Transformer = SimpleImputerModel | OneHotEncoderModel | StandardScalerModel | MinMaxScalerModel;
export type ClassifierModel = LogisticRegressionModel | SvcModel | KnnModel | DecisionTreeModel | RandomForestModel | GaussianNbModel;
export type RegressorModel = LinearRegressorModel;
export type Estimator = PipelineModel | SearchModel | ColumnTransformerModel | Transformer | ClassifierModel | RegressorModel;
