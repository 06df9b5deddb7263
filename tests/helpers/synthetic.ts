import { seededRandom } from '../../pipeline/data/split.ts';

export interface Blobs {
  csv: string;
  means: number[][];
  /** Accuracy of the Bayes-optimal rule (nearest true mean) on these very rows. */
  bayesAccuracy: number;
}

/**
 * Isotropic unit-variance Gaussian classes with equal priors. For such data the
 * nearest true mean is the Bayes-optimal classifier, so its accuracy on the rows is
 * the best any model can be expected to reach on them.
 */
export function gaussianBlobs(options: { classes: number; features: number; rowsPerClass: number; separation: number; seed: number }): Blobs {
  const random = seededRandom(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Class k sits `separation` out along axis k (wrapping), offset so classes sharing an axis differ in sign.
  const means = Array.from({ length: options.classes }, (_, k) =>
    Array.from({ length: options.features }, (_, j) => (j === k % options.features ? options.separation * (k < options.features ? 1 : -1) : 0) + 10 * j),
  );
  const header = [...means[0].map((_, j) => `x${j + 1}`), 'label'];
  const lines = [header.join(',')];
  let bayesCorrect = 0;
  for (let k = 0; k < options.classes; k++) {
    for (let i = 0; i < options.rowsPerClass; i++) {
      const row = means[k].map((mean) => mean + normal());
      const distances = means.map((m) => m.reduce((sum, value, j) => sum + (value - row[j]) ** 2, 0));
      if (distances.indexOf(Math.min(...distances)) === k) bayesCorrect++;
      lines.push([...row.map((value) => value.toFixed(6)), `class_${String.fromCharCode(97 + k)}`].join(','));
    }
  }
  return { csv: `${lines.join('\n')}\n`, means, bayesAccuracy: bayesCorrect / (options.classes * options.rowsPerClass) };
}
