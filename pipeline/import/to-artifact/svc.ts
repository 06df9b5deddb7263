// SVC(probability=True) → the kit's svc: libsvm's one-vs-one pairs. Support vectors are
// grouped by class (n_support_); pair (i, j) uses row j-1 of the dual coefficients for
// class i's vectors and row i for class j's, rho = -intercept, and its Platt sigmoid.
import type { SvcClassifier, SvcPair } from '../../models/svc/inference.ts';
import type { SvcModel } from '../sklearn/types.ts';
import { rowsOf, unsupported } from './unsupported.ts';

export function svcOf(e: SvcModel): SvcClassifier {
  const k = e.classes.length;
  const pairCount = (k * (k - 1)) / 2;
  if (e.probA.length !== pairCount || e.probB.length !== pairCount) unsupported(e, 'was fitted without probability=True: the kit serves probabilities, which need Platt scaling');
  const start: number[] = [];
  for (let c = 0, at = 0; c < k; c++) {
    start.push(at);
    at += e.nSupport[c];
  }
  const { data, cols } = e.dualCoef;
  const pairs: SvcPair[] = [];
  for (let i = 0, p = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++, p++) {
      const support: number[] = [];
      const coef: number[] = [];
      for (let s = start[i]; s < start[i] + e.nSupport[i]; s++) (support.push(s), coef.push(data[(j - 1) * cols + s]));
      for (let s = start[j]; s < start[j] + e.nSupport[j]; s++) (support.push(s), coef.push(data[i * cols + s]));
      pairs.push({ classes: [i, j], support, coef, rho: -e.intercept[p], prob_a: e.probA[p], prob_b: e.probB[p] });
    }
  }
  return { kind: 'svc', kernel: e.kernel, gamma: e.gamma, degree: e.degree, coef0: e.coef0, support_vectors: rowsOf(e.supportVectors), pairs };
}
