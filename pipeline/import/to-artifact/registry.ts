// Every scikit-learn classifier and regressor the import maps, by the reader's kind: each
// module turns one fitted estimator into the kit's classifier or regressor of the family
// that serves it.
import type { Classifier } from '../../models/classifier.ts';
import type { Regressor } from '../../models/regressor.ts';
import type { ClassifierModel, RegressorModel } from '../sklearn/types.ts';
import { linearRegressorOf } from './linear-regression.ts';
import { knnOf } from './knn.ts';
import { linearOf } from './linear.ts';
import { gaussianNbOf } from './naive-bayes.ts';
import { svcOf } from './svc.ts';
import { decisionTreeOf, randomForestOf } from './trees.ts';

interface Mapping<E extends ClassifierModel> {
  /** The kit's family name (as npm run train --model names it). */
  family: string;
  classifier(estimator: E): Classifier;
}

type Registry = { [K in ClassifierModel['kind']]: Mapping<Extract<ClassifierModel, { kind: K }>> };

export const CLASSIFIER_MAPPINGS: Registry = {
  logistic_regression: { family: 'logistic_regression', classifier: linearOf },
  gaussian_nb: { family: 'naive_bayes', classifier: gaussianNbOf },
  knn: { family: 'knn', classifier: knnOf },
  svc: { family: 'svc', classifier: svcOf },
  decision_tree: { family: 'decision_tree', classifier: decisionTreeOf },
  random_forest: { family: 'random_forest', classifier: randomForestOf },
};

export function mapClassifier(estimator: ClassifierModel): { family: string; classifier: Classifier } {
  const mapping = CLASSIFIER_MAPPINGS[estimator.kind] as Mapping<ClassifierModel>;
  return { family: mapping.family, classifier: mapping.classifier(estimator) };
}

const REGRESSION_FAMILIES: Record<string, string> = { LinearRegression: 'linear_regression', Ridge: 'ridge', Lasso: 'lasso', ElasticNet: 'elastic_net' };

export const REGRESSOR_MAPPINGS: { [K in RegressorModel['kind']]: { family(estimator: Extract<RegressorModel, { kind: K }>): string; regressor(estimator: Extract<RegressorModel, { kind: K }>): Regressor } } = {
  linear_regressor: { family: (e) => REGRESSION_FAMILIES[e.className] ?? 'linear_regression', regressor: linearRegressorOf },
};

export function mapRegressor(estimator: RegressorModel): { family: string; regressor: Regressor } {
  const mapping = REGRESSOR_MAPPINGS[estimator.kind];
  return { family: mapping.family(estimator), regressor: mapping.regressor(estimator) };
}
