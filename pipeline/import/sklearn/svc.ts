// SVC as fitted with probability=True (libsvm's model and Platt's sigmoids).
import type { PyObject } from '../py-values.ts';
import { fail, float64, int32 } from './attrs.ts';
import { reading } from './base.ts';
import type { SvcModel } from './types.ts';

const KERNELS = ['linear', 'poly', 'rbf', 'sigmoid'] as const;

export function readSvc(obj: PyObject, path: string): SvcModel {
  const { a, base } = reading(obj, path);
  const kernel = a.str('kernel', 'rbf');
  if (!(KERNELS as readonly string[]).includes(kernel)) fail(a.at('kernel'), `kernel '${kernel}' is not supported (linear, poly, rbf and sigmoid are)`);
  if (a.get('_sparse') === true) fail(path, 'SVC fitted on a sparse matrix is not supported');
  // probA_ / n_support_ were attributes before scikit-learn 0.23 and are properties over _probA / _n_support since.
  const probA = float64(a.needAny('_probA', 'probA_'), a.at('_probA'));
  const probB = float64(a.needAny('_probB', 'probB_'), a.at('_probB'));
  if (a.get('probability') !== true || probA.length === 0) {
    fail(path, 'SVC was fitted with probability=False, so it has no predict_proba: fit it with SVC(probability=True)');
  }
  const classes = a.labels('classes_');
  const k = classes.length;
  const pairs = (k * (k - 1)) / 2;
  const supportVectors = a.matrix('support_vectors_');
  const nSupport = int32(a.needAny('_n_support', 'n_support_'), a.at('_n_support'));
  const dualCoef = a.matrix(a.has('_dual_coef_') ? '_dual_coef_' : 'dual_coef_');
  const intercept = a.float64(a.has('_intercept_') ? '_intercept_' : 'intercept_');
  if (nSupport.length !== k || nSupport.reduce((s, n) => s + n, 0) !== supportVectors.rows) fail(a.at('_n_support'), `does not add up to the ${supportVectors.rows} support vectors over ${k} classes`);
  if (dualCoef.rows !== k - 1 || dualCoef.cols !== supportVectors.rows) fail(a.at('_dual_coef_'), `shape (${dualCoef.rows}, ${dualCoef.cols}), expected (${k - 1}, ${supportVectors.rows})`);
  if (intercept.length !== pairs || probA.length !== pairs || probB.length !== pairs) fail(path, `expected ${pairs} intercepts and Platt pairs for ${k} classes`);
  return {
    kind: 'svc',
    ...base,
    kernel: kernel as SvcModel['kernel'],
    gamma: a.num('_gamma'),
    degree: a.num('degree', 3),
    coef0: a.num('coef0', 0),
    supportVectors,
    nSupport,
    support: a.int32('support_'),
    dualCoef,
    intercept,
    probA,
    probB,
    classes,
  };
}
