// LogisticRegression → the kit's linear classifier: coef_ rows and intercept_, with
// predict_proba's link (binary: the second class's log-odds; ovr; multinomial: softmax).
import type { LinearClassifier } from '../../models/linear/classifier.ts';
import type { LogisticRegressionModel } from '../sklearn/types.ts';
import { rowsOf } from './unsupported.ts';

export function linearOf(e: LogisticRegressionModel): LinearClassifier {
  const weights = rowsOf(e.coef);
  const intercepts = Array.from(e.intercept);
  if (e.multiClass === 'binary') return { kind: 'linear', link: 'logistic', intercepts, weights };
  if (e.multiClass === 'ovr') return { kind: 'linear', link: 'ovr', intercepts, weights };
  // Multinomial with two classes keeps one row z: predict_proba is the softmax of [-z, z].
  if (weights.length === 1) return { kind: 'linear', link: 'softmax', intercepts: [-intercepts[0], intercepts[0]], weights: [weights[0].map((w) => -w), weights[0]] };
  return { kind: 'linear', link: 'softmax', intercepts, weights };
}
