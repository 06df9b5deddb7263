// LogisticRegression, KNeighborsClassifier and GaussianNB as fitted.
import { PyDict, type PyObject } from '../py-values.ts';
import { fail, toNumber } from './attrs.ts';
import { reading } from './base.ts';
import type { GaussianNbModel, KnnModel, LogisticRegressionModel } from './types.ts';

export function readLogisticRegression(obj: PyObject, path: string): LogisticRegressionModel {
  const { a, base } = reading(obj, path);
  const coef = a.matrix('coef_');
  const intercept = a.float64('intercept_');
  const classes = a.labels('classes_');
  const k = classes.length;
  if (k < 2) fail(a.at('classes_'), `${k} class: a classifier needs two`);
  if (coef.rows !== (k === 2 ? 1 : k)) fail(a.at('coef_'), `${coef.rows} rows for ${k} classes`);
  if (intercept.length !== coef.rows) fail(a.at('intercept_'), `${intercept.length} entries for ${coef.rows} rows of coef_`);
  // predict_proba's own rule (1.0-1.6): one-vs-rest when asked, or by 'auto' for two
  // classes and the solvers that only fit one-vs-rest; softmax otherwise.
  const multiClass = a.str('multi_class', 'auto');
  const solver = a.str('solver', 'lbfgs');
  const ovr = multiClass === 'ovr' || multiClass === 'warn' || ((multiClass === 'auto' || multiClass === 'deprecated') && (k <= 2 || solver === 'liblinear' || solver === 'newton-cholesky'));
  if (!ovr && multiClass !== 'multinomial' && multiClass !== 'auto' && multiClass !== 'deprecated') fail(a.at('multi_class'), `multi_class='${multiClass}' is not supported`);
  return { kind: 'logistic_regression', ...base, coef, intercept, classes, multiClass: ovr ? (k === 2 ? 'binary' : 'ovr') : 'multinomial' };
}

const METRICS: Record<string, { metric: KnnModel['metric']; p: number }> = {
  euclidean: { metric: 'euclidean', p: 2 },
  l2: { metric: 'euclidean', p: 2 },
  manhattan: { metric: 'manhattan', p: 1 },
  l1: { metric: 'manhattan', p: 1 },
  cityblock: { metric: 'manhattan', p: 1 },
};

export function readKnn(obj: PyObject, path: string): KnnModel {
  const { a, base } = reading(obj, path);
  if (a.get('outputs_2d_') === true) fail(path, 'KNeighborsClassifier fitted on several label columns is not supported');
  const fitX = a.matrix('_fit_X');
  const y = a.int32('_y');
  const classes = a.labels('classes_');
  if (y.length !== fitX.rows) fail(a.at('_y'), `${y.length} labels for ${fitX.rows} training rows`);
  for (const c of y) if (c < 0 || c >= classes.length) fail(a.at('_y'), `class index ${c} outside the ${classes.length} classes`);
  const weights = a.str('weights', 'uniform');
  if (weights !== 'uniform' && weights !== 'distance') fail(a.at('weights'), `weights='${weights}' is not supported ('uniform' and 'distance' are)`);
  // effective_metric_: what fit settled on (minkowski with p 1 or 2 becomes manhattan / euclidean).
  const effective = a.str('effective_metric_');
  let resolved = METRICS[effective];
  if (!resolved && effective === 'minkowski') {
    const params = a.get('effective_metric_params_');
    const dict = params instanceof PyDict ? params : new PyDict();
    const p = toNumber(dict.get('p')) ?? a.num('p', 2);
    if (!(p >= 1) || !Number.isFinite(p)) fail(a.at('p'), `p=${p} is not supported`);
    // 'w' (weights) comes as None when unset.
    const extra = [...dict.map].filter(([k, v]) => k !== 'p' && !(k === 'w' && v === null)).map(([k]) => k);
    if (extra.length > 0) fail(a.at('metric_params'), `metric parameters ${extra.map(String).join(', ')} are not supported`);
    resolved = { metric: 'minkowski', p };
  }
  if (!resolved) fail(a.at('effective_metric_'), `metric '${effective}' is not supported (minkowski, euclidean and manhattan are)`);
  return { kind: 'knn', ...base, fitX, y, classes, nNeighbors: a.int('n_neighbors'), weights, metric: resolved.metric, p: resolved.p };
}

export function readGaussianNb(obj: PyObject, path: string): GaussianNbModel {
  const { a, base } = reading(obj, path);
  const theta = a.matrix('theta_');
  // var_ since scikit-learn 1.0; sigma_ before.
  const varName = a.has('var_') ? 'var_' : 'sigma_';
  const variance = a.matrix(varName);
  const classPrior = a.float64('class_prior_');
  const classes = a.labels('classes_');
  if (theta.rows !== classes.length || variance.rows !== classes.length || classPrior.length !== classes.length) fail(path, `theta_, ${varName} and class_prior_ do not have one row per class (${classes.length})`);
  if (theta.cols !== variance.cols) fail(path, `theta_ has ${theta.cols} columns and ${varName} ${variance.cols}`);
  return { kind: 'gaussian_nb', ...base, theta, variance, classPrior, classes };
}
