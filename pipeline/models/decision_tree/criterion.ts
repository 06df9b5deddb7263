// scikit-learn 1.2.1's ClassificationCriterion (sklearn/tree/_criterion.pyx): node
// impurity from weighted class counts, the proxy a splitter maximizes, and the
// impurity decrease that decides a leaf, each with the same floating-point operations
// in the same order, so that near-ties between splits break the same way.
import { ln } from './ln.ts';

export type Criterion = 'gini' | 'entropy' | 'log_loss';

const LN_2 = Math.log(2); // scikit-learn's log(x) is ln(x) / ln(2.0)

/** Gini: 1 − Σ count² / weight²; entropy (log_loss alike): −Σ p log2 p over the classes present. */
export type Impurity = (counts: Float64Array, classCount: number, weight: number) => number;

function gini(counts: Float64Array, classCount: number, weight: number): number {
  let squares = 0;
  for (let k = 0; k < classCount; k++) squares += counts[k] * counts[k];
  return 1 - squares / (weight * weight);
}

function entropy(counts: Float64Array, classCount: number, weight: number): number {
  let result = 0;
  for (let k = 0; k < classCount; k++) {
    if (counts[k] > 0) {
      const share = counts[k] / weight;
      result -= share * (ln(share) / LN_2);
    }
  }
  return result;
}

export function impurityOf(criterion: Criterion): Impurity {
  return criterion === 'gini' ? gini : entropy;
}

/** proxy_impurity_improvement: what the best split maximizes. */
export function proxyImprovement(weightLeft: number, impurityLeft: number, weightRight: number, impurityRight: number): number {
  return -weightRight * impurityRight - weightLeft * impurityLeft;
}

/** impurity_improvement: the weighted impurity decrease of a split, relative to every training row's weight. */
export function impurityImprovement(parent: number, weightNode: number, weightAll: number, weightLeft: number, impurityLeft: number, weightRight: number, impurityRight: number): number {
  return (weightNode / weightAll) * (parent - (weightRight / weightNode) * impurityRight - (weightLeft / weightNode) * impurityLeft);
}
