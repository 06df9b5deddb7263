// The default grids for regressors, in the seed notebook's spirit: the classifier
// families' regression twins and the linear models with their penalty strengths.
import type { ParamValue } from '../../models/families.ts';

const SCALERS = ['standard', 'minmax'];
const SVR_C = [0.01, 0.1, 1, 10, 100];

export const REGRESSION_GRID: Record<string, Record<string, ParamValue[]>[]> = {
  linear_regression: [{ scaler: SCALERS }],
  ridge: [{ scaler: SCALERS, regressor__alpha: [0.1, 1, 10] }],
  lasso: [{ scaler: SCALERS, regressor__alpha: [0.01, 0.1, 1] }],
  elastic_net: [{ scaler: SCALERS, regressor__alpha: [0.01, 0.1, 1], regressor__l1_ratio: [0.4, 0.5, 0.6] }],
  knn: [{ scaler: SCALERS, regressor__n_neighbors: [3, 5, 7, 9, 11, 13, 15, 17, 19], regressor__p: [1, 2, 3] }],
  svr: [
    { scaler: SCALERS, regressor__kernel: ['rbf'], regressor__C: SVR_C },
    { scaler: SCALERS, regressor__kernel: ['poly'], regressor__degree: [2, 3, 4, 5], regressor__C: SVR_C },
    { scaler: SCALERS, regressor__kernel: ['linear'], regressor__C: SVR_C },
  ],
  decision_tree: [{ scaler: SCALERS, regressor__max_depth: [null, 5, 10] }],
  random_forest: [{ scaler: SCALERS, regressor__n_estimators: [50, 100, 200] }],
};
