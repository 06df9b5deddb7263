// From an inert PyObject to the typed fitted estimator, by class; anything else is
// refused with its class and path.
import { displayName, estimatorName } from '../allow-list.ts';
import { PyObject, type PyValue } from '../py-values.ts';
import { describe, fail } from './attrs.ts';
import { readLogisticRegression, readGaussianNb, readKnn } from './classifiers.ts';
import { readColumnTransformer, readPipeline, readSearch } from './composite.ts';
import { readMinMaxScaler, readOneHotEncoder, readSimpleImputer, readStandardScaler } from './preprocess.ts';
import { readLinearRegressor } from './regressors.ts';
import { readSvc } from './svc.ts';
import { readDecisionTree, readRandomForest } from './trees.ts';
import type { Estimator } from './types.ts';

export function readEstimator(value: PyValue, path = ''): Estimator {
  if (!(value instanceof PyObject)) return fail(path, `expected a scikit-learn estimator, found ${describe(value)}`);
  const { module, name } = value.cls;
  if (estimatorName(module, name) === null) fail(path, `${displayName(module, name)} is not supported where an estimator belongs`);
  switch (name) {
    case 'Pipeline': return readPipeline(value, path, readEstimator);
    case 'GridSearchCV':
    case 'RandomizedSearchCV':
    case 'HalvingGridSearchCV':
    case 'HalvingRandomSearchCV':
      return readSearch(value, path, readEstimator);
    case 'ColumnTransformer': return readColumnTransformer(value, path, readEstimator);
    case 'SimpleImputer': return readSimpleImputer(value, path);
    case 'OneHotEncoder': return readOneHotEncoder(value, path);
    case 'StandardScaler': return readStandardScaler(value, path);
    case 'MinMaxScaler': return readMinMaxScaler(value, path);
    case 'LogisticRegression': return readLogisticRegression(value, path);
    case 'SVC': return readSvc(value, path);
    case 'KNeighborsClassifier': return readKnn(value, path);
    case 'DecisionTreeClassifier': return readDecisionTree(value, path);
    case 'RandomForestClassifier': return readRandomForest(value, path);
    case 'GaussianNB': return readGaussianNb(value, path);
    case 'LinearRegression':
    case 'Ridge':
    case 'Lasso':
    case 'ElasticNet':
      return readLinearRegressor(value, path);
    default: return fail(path, `${displayName(module, name)} is not supported`);
  }
}
