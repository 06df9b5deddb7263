// Which module-level names a model file may refer to. Nothing named here is ever
// called: a 'record' becomes an inert PyObject (its arguments and state kept), a
// 'value' may only be referred to, and 'special' names are rebuilt by the kit's own
// code (numpy arrays, dtypes, bytes, sets). Every other name is refused.

export type Role = 'record' | 'value' | 'special';

/** The names the kit turns into values itself (pickle-reduce.ts). */
export const SPECIAL = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.multiarray._reconstruct',
  'numpy._core.multiarray.scalar',
  'numpy._core.numeric._frombuffer',
  'numpy.dtype',
  'copyreg._reconstructor',
  '_codecs.encode',
  'builtins.bytes',
  'builtins.bytearray',
  'builtins.set',
  'builtins.frozenset',
  'builtins.slice',
  'collections.OrderedDict',
]);

const SKLEARN_ESTIMATORS = [
  'sklearn.pipeline.Pipeline',
  'sklearn.model_selection._search.GridSearchCV',
  'sklearn.model_selection._search.RandomizedSearchCV',
  'sklearn.model_selection._search_successive_halving.HalvingGridSearchCV',
  'sklearn.model_selection._search_successive_halving.HalvingRandomSearchCV',
  'sklearn.compose._column_transformer.ColumnTransformer',
  'sklearn.impute._base.SimpleImputer',
  'sklearn.preprocessing._encoders.OneHotEncoder',
  'sklearn.preprocessing._data.StandardScaler',
  'sklearn.preprocessing._data.MinMaxScaler',
  'sklearn.linear_model._logistic.LogisticRegression',
  'sklearn.svm._classes.SVC',
  'sklearn.neighbors._classification.KNeighborsClassifier',
  'sklearn.tree._classes.DecisionTreeClassifier',
  'sklearn.ensemble._forest.RandomForestClassifier',
  'sklearn.naive_bayes.GaussianNB',
  'sklearn.linear_model._base.LinearRegression',
  'sklearn.linear_model._ridge.Ridge',
  'sklearn.linear_model._coordinate_descent.Lasso',
  'sklearn.linear_model._coordinate_descent.ElasticNet',
];

const RECORDS = new Set([
  ...SKLEARN_ESTIMATORS,
  'sklearn.tree._tree.Tree',
  // Column specs and remainder lists of a ColumnTransformer.
  'sklearn.compose._column_transformer.make_column_selector',
  'sklearn.compose._column_transformer._RemainderColsList',
  // What a ColumnTransformer keeps for its passthrough columns (func None).
  'sklearn.preprocessing._function_transformer.FunctionTransformer',
  // joblib's array header; its bytes follow it in the file (joblib-array.ts).
  'joblib.numpy_pickle.NumpyArrayWrapper',
  // What a search keeps beside best_estimator_ (cv_results_, its scorer, a seeded
  // distribution): read and ignored.
  'numpy.ma.core._mareconstruct',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.__RandomState_ctor',
]);

/** Whole modules whose names are kept as inert records (KNN's search tree, scorers, splitters, distributions). */
const RECORD_MODULES = new Set([
  'sklearn.neighbors._kd_tree',
  'sklearn.neighbors._ball_tree',
  'sklearn.metrics._dist_metrics',
  'sklearn.metrics._scorer',
  'sklearn.model_selection._split',
  'scipy.stats._distn_infrastructure',
  'scipy.stats._continuous_distns',
  'scipy.stats._discrete_distns',
]);

const VALUES = new Set([
  'numpy.ndarray',
  'numpy.ma.core.MaskedArray',
  'builtins.object',
  'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64',
  'numpy.random.mtrand.RandomState',
  'numpy.random._generator.Generator',
]);

/** Modules whose functions a scorer may name (accuracy_score, roc_auc_score, ...). */
const VALUE_MODULES = new Set(['sklearn.metrics._classification', 'sklearn.metrics._ranking', 'sklearn.metrics._regression']);

/** numpy's scalar types, as an estimator's dtype parameter names them (OneHotEncoder(dtype=np.float64)). */
const NUMPY_TYPES = /^(float(16|32|64)|u?int(8|16|32|64)|bool_?|object_?|str_|bytes_|float_|int_|intc|longlong)$/;

/** Python 2 spellings that protocol 2 pickles write for Python 3 modules. */
const RENAMED: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

export function canonicalModule(module: string): string {
  return Object.hasOwn(RENAMED, module) ? RENAMED[module] : module;
}

export function roleOf(module: string, name: string): Role | null {
  const qualified = `${module}.${name}`;
  if (SPECIAL.has(qualified)) return 'special';
  if (RECORDS.has(qualified) || RECORD_MODULES.has(module)) return 'record';
  if (VALUES.has(qualified) || VALUE_MODULES.has(module)) return 'value';
  if (module === 'numpy' && NUMPY_TYPES.test(name)) return 'value';
  return null;
}

/**
 * How a refused name is shown: scikit-learn's public path without the private
 * submodule (sklearn.ensemble._gb.GradientBoostingClassifier → sklearn.ensemble.
 * GradientBoostingClassifier); any other name as the file spells it.
 */
export function displayName(module: string, name: string): string {
  if (module === 'sklearn' || module.startsWith('sklearn.')) {
    const parts = module.split('.').filter((part, i) => i === 0 || !part.startsWith('_'));
    return `${parts.join('.')}.${name}`;
  }
  return `${module}.${name}`;
}

/** The short class name of an allowed scikit-learn estimator, or null. */
export function estimatorName(module: string, name: string): string | null {
  return SKLEARN_ESTIMATORS.includes(`${module}.${name}`) ? name : null;
}
