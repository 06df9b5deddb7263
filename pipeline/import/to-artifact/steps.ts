// The imported estimator in the kit's serving order: preprocessing, then the classifier.
// Preprocessing is either columns all numeric ([SimpleImputer,] [StandardScaler |
// MinMaxScaler]) or one ColumnTransformer. Searches give their best_estimator_, nested
// pipelines are flattened, 'passthrough' steps skipped; anything else is refused with
// its class and where it sits.
import type { ClassifierModel, ColumnTransformerModel, Estimator, MinMaxScalerModel, RegressorModel, SimpleImputerModel, StandardScalerModel } from '../sklearn/types.ts';
import { unsupported } from './unsupported.ts';

export type NumericScaler = StandardScalerModel | MinMaxScalerModel;

export type Prep = { kind: 'numeric'; imputer: SimpleImputerModel | null; scaler: NumericScaler | null } | { kind: 'column_transformer'; transformer: ColumnTransformerModel };

export interface ServingSteps {
  prep: Prep;
  /** The model's last step: a classifier or a regressor. */
  final: ClassifierModel | RegressorModel;
}

const FINAL_KINDS = new Set<string>(['logistic_regression', 'svc', 'knn', 'decision_tree', 'random_forest', 'gaussian_nb', 'linear_regressor']);
const SERVED = 'the kit serves [SimpleImputer,] [StandardScaler | MinMaxScaler,] model, or ColumnTransformer, model';

export function flatten(estimator: Estimator): Estimator[] {
  if (estimator.kind === 'search') return flatten(estimator.bestEstimator);
  if (estimator.kind === 'pipeline') return estimator.steps.flatMap((step) => (step.estimator === 'passthrough' ? [] : flatten(step.estimator)));
  return [estimator];
}

/** [SimpleImputer,] [scaler]: what a chain of numeric transformers may be (a ColumnTransformer's numeric group too). */
export function numericChain(steps: Estimator[]): { imputer: SimpleImputerModel | null; scaler: NumericScaler | null } {
  let imputer: SimpleImputerModel | null = null;
  let scaler: NumericScaler | null = null;
  for (const step of steps) {
    if (step.kind === 'simple_imputer' && imputer === null && scaler === null) imputer = step;
    else if ((step.kind === 'standard_scaler' || step.kind === 'minmax_scaler') && scaler === null) scaler = step;
    else unsupported(step, `not supported in this place: ${SERVED}`);
  }
  return { imputer, scaler };
}

export function servingSteps(top: Estimator): ServingSteps {
  const steps = flatten(top);
  const last = steps.at(-1);
  if (!last || !FINAL_KINDS.has(last.kind)) {
    return unsupported(last ?? top, 'the model must end with a classifier (LogisticRegression, GaussianNB, KNeighborsClassifier, SVC, DecisionTreeClassifier, RandomForestClassifier) or a linear regressor (LinearRegression, Ridge, Lasso, ElasticNet)');
  }
  const before = steps.slice(0, -1);
  const final = last as ClassifierModel | RegressorModel;
  if (before[0]?.kind === 'column_transformer') {
    if (before.length > 1) unsupported(before[1], `not supported after a ColumnTransformer: ${SERVED}`);
    return { prep: { kind: 'column_transformer', transformer: before[0] }, final };
  }
  return { prep: { kind: 'numeric', ...numericChain(before) }, final };
}

/** How many input columns the model reads: n_features_in_ of its first step. */
export function inputCount({ prep, final }: ServingSteps): number | null {
  if (prep.kind === 'column_transformer') return prep.transformer.nInputColumns;
  return (prep.imputer ?? prep.scaler ?? final).nFeaturesIn;
}
