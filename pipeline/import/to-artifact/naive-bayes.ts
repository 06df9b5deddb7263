// GaussianNB → the kit's gaussian_nb: class_prior_, theta_ and var_ (epsilon included).
import type { GaussianNbClassifier } from '../../models/naive_bayes/inference.ts';
import type { GaussianNbModel } from '../sklearn/types.ts';
import { rowsOf } from './unsupported.ts';

export function gaussianNbOf(e: GaussianNbModel): GaussianNbClassifier {
  return { kind: 'gaussian_nb', class_prior: Array.from(e.classPrior), theta: rowsOf(e.theta), var: rowsOf(e.variance) };
}
