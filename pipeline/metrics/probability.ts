// Metrics of predicted probabilities, as scikit-learn computes them: log_loss,
// roc_auc_score (one-vs-rest, macro), roc_curve, balanced_accuracy_score, and the Brier
// score. `probabilities` is rows × classes, row after row; `y` holds class indexes.

/** log_loss(y, p, labels=all classes): clipped to [eps, 1 - eps] with eps = 2⁻⁵², rows renormalized, mean of -log p(true class). */
export function logLoss(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number): number {
  const eps = Number.EPSILON;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += clip(probabilities[i * classCount + k], eps);
    total -= Math.log(clip(probabilities[i * classCount + y[i]], eps) / sum);
  }
  return total / y.length;
}

function clip(p: number, eps: number): number {
  return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
}

/**
 * Area under the ROC curve of one class against the rest, from its scores: the
 * Mann–Whitney statistic with ties counted half, which is exactly the trapezoid area
 * under roc_curve. NaN when the class has no positive or no negative row.
 */
export function binaryRocAuc(positive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let r = start; r < end; r++) {
      if (positive[order[r]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** roc_auc_score: the second class's score for two classes; else one-vs-rest per class, macro-averaged. Null when a class has no row (undefined, as scikit-learn raises). */
export function rocAuc(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number): number | null {
  const perClass = rocAucPerClass(y, probabilities, classCount);
  const areas = classCount === 2 ? [perClass[1]] : perClass;
  if (areas.some(Number.isNaN)) return null;
  return areas.reduce((sum, area) => sum + area, 0) / areas.length;
}

export function rocAucPerClass(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number): number[] {
  return Array.from({ length: classCount }, (_, k) => binaryRocAuc(Array.from(y, (label) => label === k), column(probabilities, classCount, k)));
}

/** roc_curve of one class against the rest: false and true positive rates at each distinct score, from (0, 0) to (1, 1). */
export function rocCurve(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number, k: number): { fpr: number[]; tpr: number[] } {
  const scores = column(probabilities, classCount, k);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = Array.from(y).filter((label) => label === k).length;
  const negatives = y.length - positives;
  const fpr = [0];
  const tpr = [0];
  let truePositives = 0;
  let falsePositives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      if (y[order[end]] === k) truePositives++;
      else falsePositives++;
      end++;
    }
    fpr.push(negatives === 0 ? 0 : falsePositives / negatives);
    tpr.push(positives === 0 ? 0 : truePositives / positives);
    start = end;
  }
  return { fpr, tpr };
}

/** balanced_accuracy_score: the mean recall over the classes present in y. */
export function balancedAccuracy(y: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number {
  const support = new Array<number>(classCount).fill(0);
  const correct = new Array<number>(classCount).fill(0);
  for (let i = 0; i < y.length; i++) {
    support[y[i]]++;
    if (predicted[i] === y[i]) correct[y[i]]++;
  }
  const recalls = support.flatMap((count, k) => (count > 0 ? [correct[k] / count] : []));
  return recalls.reduce((sum, recall) => sum + recall, 0) / recalls.length;
}

/**
 * The Brier score: mean squared distance between each class's probability and the
 * outcome, averaged over classes. For two classes this is brier_score_loss of the
 * second class; for more, the mean of each class's one-vs-rest brier_score_loss.
 */
export function brierScore(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    for (let k = 0; k < classCount; k++) {
      const difference = probabilities[i * classCount + k] - (y[i] === k ? 1 : 0);
      total += difference * difference;
    }
  }
  return total / (y.length * classCount);
}

/** Reliability of one class's probabilities: calibration_curve(y == k, p_k, n_bins) with uniform bins; empty bins left out. */
export function calibrationCurve(y: ArrayLike<number>, probabilities: ArrayLike<number>, classCount: number, k: number, bins = 10): { predicted: number[]; observed: number[]; counts: number[] } {
  const sums = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const p = probabilities[i * classCount + k];
    // As np.searchsorted on the inner edges: a probability on an edge goes to the lower bin.
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    sums[bin] += p;
    counts[bin]++;
    if (y[i] === k) hits[bin]++;
  }
  const used = counts.flatMap((count, b) => (count > 0 ? [b] : []));
  return { predicted: used.map((b) => sums[b] / counts[b]), observed: used.map((b) => hits[b] / counts[b]), counts: used.map((b) => counts[b]) };
}

function column(probabilities: ArrayLike<number>, classCount: number, k: number): Float64Array {
  const rows = probabilities.length / classCount;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = probabilities[i * classCount + k];
  return out;
}
