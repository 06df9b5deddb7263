import type { Artifact } from '../../pipeline/artifact.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../../pipeline/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../../pipeline/train.ts';

export const iris = loadCsvFile(IRIS_CSV_PATH);

/**
 * An iris artifact trained the real way, on a one-setting grid (the default grid's
 * usual winner) so that test files don't each spend 3 s on the full search.
 */
export function trainIrisArtifact(): Artifact {
  return trainModel(iris, {
    ...DEFAULT_TRAIN_OPTIONS,
    grid: [{ scaler: 'standard', numSteps: 1600, learningRate: 0.05 }],
    environment: { packages: {}, gitCommit: null, createdAt: null },
  });
}
