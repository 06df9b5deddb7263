// The seed notebook's grids for classifiers, one per family, in its order (the
// logistic-regression solver keys dropped: the kit picks the solver).
import type { ParamValue } from '../../models/families.ts';

const SCALERS = ['standard', 'minmax'];
const SVC_C = [0.01, 0.1, 1, 10, 100];

export const CLASSIFICATION_GRID: Record<string, Record<string, ParamValue[]>[]> = {
  knn: [{ scaler: SCALERS, classifier__n_neighbors: [3, 5, 7, 9, 11, 13, 15, 17, 19], classifier__p: [1, 2, 3] }],
  svc: [
    { scaler: SCALERS, classifier__kernel: ['rbf'], classifier__C: SVC_C },
    { scaler: SCALERS, classifier__kernel: ['poly'], classifier__degree: [2, 3, 4, 5], classifier__C: SVC_C },
    { scaler: SCALERS, classifier__kernel: ['linear'], classifier__C: SVC_C },
  ],
  logistic_regression: [
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['l2'] },
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['l1'] },
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['elasticnet'], classifier__l1_ratio: [0.4, 0.5, 0.6] },
  ],
  random_forest: [{ scaler: SCALERS, classifier__n_estimators: [50, 100, 200] }],
  decision_tree: [{ scaler: SCALERS, classifier__max_depth: [null, 5, 10] }],
  naive_bayes: [{ scaler: SCALERS }],
};
