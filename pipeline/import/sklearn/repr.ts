// What was read, printed as scikit-learn prints an estimator (print_changed_only):
// ClassName(param=value, ...) with only the parameters that differ from their default,
// sorted by name, nested estimators the same way. On one line: scikit-learn wraps at
// 78 columns and elides past 700 characters, this printer does neither.
import { PyObject, type PyValue } from '../py-values.ts';
import { pyRepr } from './py-repr.ts';

/** Each class's constructor parameters and the repr of their default (several where versions differ). */
const DEFAULTS: Record<string, Record<string, string[]>> = {
  Pipeline: { steps: [], memory: ['None'], verbose: ['False'] },
  GridSearchCV: { estimator: [], param_grid: [], scoring: ['None'], n_jobs: ['None'], refit: ['True'], cv: ['None'], verbose: ['0'], pre_dispatch: ["'2*n_jobs'"], error_score: ['nan'], return_train_score: ['False'] },
  RandomizedSearchCV: { estimator: [], param_distributions: [], n_iter: ['10'], scoring: ['None'], n_jobs: ['None'], refit: ['True'], cv: ['None'], verbose: ['0'], pre_dispatch: ["'2*n_jobs'"], random_state: ['None'], error_score: ['nan'], return_train_score: ['False'] },
  HalvingGridSearchCV: { estimator: [], param_grid: [], factor: ['3'], resource: ["'n_samples'"], max_resources: ["'auto'"], min_resources: ["'exhaust'"], aggressive_elimination: ['False'], cv: ['5'], scoring: ['None'], refit: ['True'], error_score: ['nan'], return_train_score: ['True'], random_state: ['None'], n_jobs: ['None'], verbose: ['0'] },
  HalvingRandomSearchCV: { estimator: [], param_distributions: [], n_candidates: ["'exhaust'"], factor: ['3'], resource: ["'n_samples'"], max_resources: ["'auto'"], min_resources: ["'smallest'"], aggressive_elimination: ['False'], cv: ['5'], scoring: ['None'], refit: ['True'], error_score: ['nan'], return_train_score: ['True'], random_state: ['None'], n_jobs: ['None'], verbose: ['0'] },
  ColumnTransformer: { transformers: [], remainder: ["'drop'"], sparse_threshold: ['0.3'], n_jobs: ['None'], transformer_weights: ['None'], verbose: ['False'], verbose_feature_names_out: ['True'], force_int_remainder_cols: ['True', "'deprecated'"] },
  SimpleImputer: { missing_values: ['nan'], strategy: ["'mean'"], fill_value: ['None'], verbose: ['0', "'deprecated'"], copy: ['True'], add_indicator: ['False'], keep_empty_features: ['False'] },
  OneHotEncoder: { categories: ["'auto'"], drop: ['None'], sparse: ['True', "'deprecated'"], sparse_output: ['True'], dtype: ["<class 'numpy.float64'>"], handle_unknown: ["'error'"], min_frequency: ['None'], max_categories: ['None'], feature_name_combiner: ["'concat'"] },
  StandardScaler: { copy: ['True'], with_mean: ['True'], with_std: ['True'] },
  MinMaxScaler: { feature_range: ['(0, 1)'], copy: ['True'], clip: ['False'] },
  LogisticRegression: { penalty: ["'l2'", "'deprecated'"], dual: ['False'], tol: ['0.0001'], C: ['1.0'], fit_intercept: ['True'], intercept_scaling: ['1'], class_weight: ['None'], random_state: ['None'], solver: ["'lbfgs'"], max_iter: ['100'], multi_class: ["'auto'", "'deprecated'"], verbose: ['0'], warm_start: ['False'], n_jobs: ['None'], l1_ratio: ['None'] },
  SVC: { C: ['1.0'], kernel: ["'rbf'"], degree: ['3'], gamma: ["'scale'"], coef0: ['0.0'], shrinking: ['True'], probability: ['False'], tol: ['0.001'], cache_size: ['200'], class_weight: ['None'], verbose: ['False'], max_iter: ['-1'], decision_function_shape: ["'ovr'"], break_ties: ['False'], random_state: ['None'] },
  KNeighborsClassifier: { n_neighbors: ['5'], weights: ["'uniform'"], algorithm: ["'auto'"], leaf_size: ['30'], p: ['2'], metric: ["'minkowski'"], metric_params: ['None'], n_jobs: ['None'] },
  DecisionTreeClassifier: { criterion: ["'gini'"], splitter: ["'best'"], max_depth: ['None'], min_samples_split: ['2'], min_samples_leaf: ['1'], min_weight_fraction_leaf: ['0.0'], max_features: ['None'], random_state: ['None'], max_leaf_nodes: ['None'], min_impurity_decrease: ['0.0'], class_weight: ['None'], ccp_alpha: ['0.0'], monotonic_cst: ['None'] },
  RandomForestClassifier: { n_estimators: ['100'], criterion: ["'gini'"], max_depth: ['None'], min_samples_split: ['2'], min_samples_leaf: ['1'], min_weight_fraction_leaf: ['0.0'], max_features: ["'sqrt'", "'auto'"], max_leaf_nodes: ['None'], min_impurity_decrease: ['0.0'], bootstrap: ['True'], oob_score: ['False'], n_jobs: ['None'], random_state: ['None'], verbose: ['0'], warm_start: ['False'], class_weight: ['None'], ccp_alpha: ['0.0'], max_samples: ['None'], monotonic_cst: ['None'] },
  GaussianNB: { priors: ['None'], var_smoothing: ['1e-09'] },
  LinearRegression: { fit_intercept: ['True'], normalize: ["'deprecated'", 'False'], copy_X: ['True'], n_jobs: ['None'], positive: ['False'] },
  Ridge: { alpha: ['1.0'], fit_intercept: ['True'], normalize: ["'deprecated'", 'False'], copy_X: ['True'], max_iter: ['None'], tol: ['0.0001', '0.001'], solver: ["'auto'"], positive: ['False'], random_state: ['None'] },
  Lasso: { alpha: ['1.0'], fit_intercept: ['True'], normalize: ["'deprecated'", 'False'], precompute: ['False'], copy_X: ['True'], max_iter: ['1000'], tol: ['0.0001'], warm_start: ['False'], positive: ['False'], random_state: ['None'], selection: ["'cyclic'"] },
  ElasticNet: { alpha: ['1.0'], l1_ratio: ['0.5'], fit_intercept: ['True'], normalize: ["'deprecated'", 'False'], precompute: ['False'], max_iter: ['1000'], copy_X: ['True'], tol: ['0.0001'], warm_start: ['False'], positive: ['False'], random_state: ['None'], selection: ["'cyclic'"] },
};

/** get_params(deep=False) of a supported estimator: its constructor parameters as stored. */
export function paramsOf(obj: PyObject): Map<string, PyValue> {
  const params = new Map<string, PyValue>();
  const table = DEFAULTS[obj.cls.name];
  const dict = obj.dict;
  if (!table || !dict) return params;
  for (const name of Object.keys(table)) if (dict.has(name)) params.set(name, dict.get(name) as PyValue);
  return params;
}

/** scikit-learn's repr of an estimator (or of a splitter, or Python's default repr of another object kept beside one). */
export function estimatorRepr(obj: PyObject): string {
  const table = DEFAULTS[obj.cls.name];
  const dict = obj.dict;
  const shown: string[] = [];
  if (table) {
    return reprOf(obj.cls.name, paramsOf(obj));
  } else if (obj.cls.module === 'sklearn.model_selection._split' && dict) {
    // A splitter (StratifiedKFold...): its own repr lists every public attribute.
    for (const [name, value] of [...dict.map].filter(([k]) => typeof k === 'string' && !k.startsWith('_')).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))) {
      shown.push(`${String(name)}=${pyRepr(value, estimatorRepr)}`);
    }
  } else {
    // Python's default repr, less the address (<scipy.stats..rv_continuous_frozen object at 0x7f...>).
    return `<${obj.cls.qualified} object>`;
  }
  return `${obj.cls.name}(${shown.join(', ')})`;
}


/** The repr of a supported class from its constructor parameters (the parameters of a read estimator). */
export function reprOf(className: string, params: ReadonlyMap<string, PyValue>): string {
  const table = DEFAULTS[className] ?? {};
  const shown: string[] = [];
  for (const [name, value] of [...params].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = pyRepr(value, estimatorRepr);
    if (!(table[name] ?? []).includes(text)) shown.push(`${name}=${text}`);
  }
  return `${className}(${shown.join(', ')})`;
}
