import type { Artifact } from '../../pipeline/artifact.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../../pipeline/csv.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel, trainingSplit } from '../../pipeline/train.ts';

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

/** The training pipeline as it was fitted for `artifact`: same split, same settings, refitted in memory. */
export function refitTrainingPipeline(artifact: Artifact): Pipeline {
  const { train } = trainingSplit(iris.y, DEFAULT_TRAIN_OPTIONS.seed, DEFAULT_TRAIN_OPTIONS.testSize);
  return new Pipeline(artifact.selection.chosen).fit(
    train.map((i) => iris.X[i]),
    train.map((i) => iris.y[i]),
    iris.classes.length,
  );
}
