// The classifier's gate: on every held-out prediction, it must clearly beat the
// majority-class baseline (scikit-learn's DummyClassifier(strategy="most_frequent")):
// a classifier right only at the baseline's rate must have less than an `alpha` chance
// (exact binomial test) of doing as well; and it must reach --min-accuracy.
import { argmax } from '../../models/argmax.ts';
import { binomialUpperTail, type GateOptions, type GateVerdict } from '../gate.ts';

/** The most frequent class of the training labels; ties to the first, as DummyClassifier's argmax. */
export function majorityClass(trainLabels: ArrayLike<number>, classCount: number): number {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  return argmax(counts);
}

/** `evidence`: [rows the model got right, rows the baseline got right, rows], summed over every held-out part. */
export function classificationGate([correct, baselineCorrect, rows]: number[], options: GateOptions): GateVerdict {
  const score = correct / rows;
  const baselineScore = baselineCorrect / rows;
  const pValue = binomialUpperTail(correct, rows, baselineScore);
  const verdict: GateVerdict = { passed: true, score, baselineScore, pValue };
  if (!(pValue < options.alpha)) {
    verdict.passed = false;
    verdict.reason =
      `accuracy ${score.toFixed(3)} (${correct}/${rows} ${options.rows}) does not clearly beat the majority-class baseline's ` +
      `${baselineScore.toFixed(3)}: a classifier no better than the baseline would do this well with probability ${pValue.toPrecision(2)} (needs < ${options.alpha})`;
  } else if (options.minimum !== null && score < options.minimum) {
    verdict.passed = false;
    verdict.reason = `accuracy ${score.toFixed(3)} ${options.rows} is below ${options.minimumFlag} ${options.minimum}`;
  }
  return verdict;
}
