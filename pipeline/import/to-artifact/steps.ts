// The imported estimator as the kit's serving order: an optional SimpleImputer, an
// optional scaler, then the classifier. Searches give their best_estimator_, nested
// pipelines are flattened, 'passthrough' steps skipped; anything else is refused with
// its class and where it sits.
import type { ClassifierModel, Estimator, MinMaxScalerModel, SimpleImputerModel, StandardScalerModel } from '../sklearn/types.ts';
import { unsupported } from './unsupported.ts';

export interface ServingSteps {
  imputer: SimpleImputerModel | null;
  scaler: StandardScalerModel | MinMaxScalerModel | null;
  classifier: ClassifierModel;
}

const CLASSIFIER_KINDS = new Set<string>(['logistic_regression', 'svc', 'knn', 'decision_tree', 'random_forest', 'gaussian_nb']);

function flatten(estimator: Estimator): Estimator[] {
  if (estimator.kind === 'search') return flatten(estimator.bestEstimator);
  if (estimator.kind === 'pipeline') return estimator.steps.flatMap((step) => (step.estimator === 'passthrough' ? [] : flatten(step.estimator)));
  return [estimator];
}

export function servingSteps(top: Estimator): ServingSteps {
  const steps = flatten(top);
  const last = steps.at(-1);
  if (!last || !CLASSIFIER_KINDS.has(last.kind)) {
    const what = last ?? top;
    return unsupported(what, 'the model must end with a classifier (LogisticRegression, GaussianNB, KNeighborsClassifier, SVC, DecisionTreeClassifier, RandomForestClassifier)');
  }
  let imputer: SimpleImputerModel | null = null;
  let scaler: StandardScalerModel | MinMaxScalerModel | null = null;
  for (const step of steps.slice(0, -1)) {
    if (step.kind === 'simple_imputer' && imputer === null && scaler === null) imputer = step;
    else if ((step.kind === 'standard_scaler' || step.kind === 'minmax_scaler') && scaler === null) scaler = step;
    else unsupported(step, 'not supported in this place: the kit serves [SimpleImputer,] [StandardScaler | MinMaxScaler,] classifier');
  }
  return { imputer, scaler, classifier: last as ClassifierModel };
}

/** How many input columns the model reads: n_features_in_ of its first step. */
export function inputCount(steps: ServingSteps): number | null {
  return (steps.imputer ?? steps.scaler ?? steps.classifier).nFeaturesIn;
}
