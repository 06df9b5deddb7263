/**
 * A fitted linear classifier: score row k is intercepts[k] + weights[k] · scaledRow.
 * `link` says how scores become probabilities, as scikit-learn's predict_proba does:
 * - `logistic`: two classes, one score row, the log-odds of the second class;
 * - `softmax`: one row per class (multinomial);
 * - `ovr`: one row per class, each class's sigmoid, normalized to sum to 1.
 */
export interface LinearClassifier {
  kind: 'linear';
  link: 'logistic' | 'softmax' | 'ovr';
  intercepts: number[];
  weights: number[][];
}

export function scoreRowCount(link: LinearClassifier['link'], classCount: number): number {
  return link === 'logistic' ? 1 : classCount;
}
