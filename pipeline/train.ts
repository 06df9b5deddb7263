import { basename } from 'node:path';
import {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type Artifact,
  type FeatureStats,
  type GridEntry,
  type ModelSettings,
} from './artifact.ts';
import { DatasetError, type Dataset } from './csv.ts';
import { computeModelVersion } from './model-version.ts';
import { accuracy, classificationReport, column, confusionMatrix, maximum, mean, minimum, populationStd } from './metrics.ts';
import { DEFAULT_GRID, gridSearch } from './model-selection.ts';
import { Pipeline } from './pipeline.ts';
import { seededRandom, stratifiedTrainTestSplit } from './split.ts';

export interface TrainOptions {
  seed: number;
  folds: number;
  testSize: number;
  grid?: ModelSettings[];
  /** Facts about the environment that the artifact records (see provenance.ts). */
  environment: { packages: Record<string, string>; gitCommit: string | null; createdAt: string | null };
  onProgress?: (done: number, total: number, settings: ModelSettings) => void;
}

export const DEFAULT_TRAIN_OPTIONS = { seed: 42, folds: 5, testSize: 0.2 } as const;

/**
 * The whole training job: stratified split, grid search by cross-validation on the
 * training part, refit of the winner on that whole part, report on the untouched
 * test part, and the artifact that records all of it.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): Artifact {
  const { X, y, classes } = dataset;
  if (!Number.isInteger(options.folds) || options.folds < 2) throw new RangeError(`folds must be an integer of at least 2, got ${options.folds}`);
  if (!(options.testSize > 0 && options.testSize < 1)) throw new RangeError(`test size must be between 0 and 1, got ${options.testSize}`);

  const { train, test, random } = trainingSplit(y, options.seed, options.testSize);
  const trainX = train.map((i) => X[i]);
  const trainY = train.map((i) => y[i]);
  requireRowsPerClass(dataset, trainY, options.folds);

  const search = gridSearch(trainX, trainY, classes.length, {
    grid: options.grid ?? DEFAULT_GRID,
    folds: options.folds,
    random,
    onProgress: options.onProgress,
  });
  const pipeline = new Pipeline(search.best).fit(trainX, trainY, classes.length);
  const testY = test.map((i) => y[i]);
  const testPredictions = pipeline.predict(test.map((i) => X[i]));
  const matrix = confusionMatrix(testY, testPredictions, classes.length);
  const bestEntry = search.entries.find((entry) => entry.rank === 1) as GridEntry;

  const content: Omit<Artifact, 'modelVersion'> = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    target: dataset.targetName,
    features: dataset.featureNames,
    classes,
    scaler: pipeline.model.scaler,
    classifier: pipeline.model.classifier,
    featureStats: featureStatistics(trainX, dataset.featureNames),
    selection: { chosen: search.best, folds: options.folds, testSize: options.testSize, grid: search.entries },
    metrics: {
      cvMean: bestEntry.cvMean,
      cvStd: bestEntry.cvStd,
      trainAccuracy: accuracy(trainY, pipeline.predict(trainX)),
      testAccuracy: accuracy(testY, testPredictions),
      testRows: test.length,
      confusionMatrix: matrix,
      perClass: classificationReport(matrix, classes),
    },
    provenance: {
      dataFile: basename(dataset.source),
      dataSha256: dataset.sha256,
      rows: X.length,
      trainRows: train.length,
      seed: options.seed,
      packages: options.environment.packages,
      gitCommit: options.environment.gitCommit,
      createdAt: options.environment.createdAt,
    },
  };
  // modelVersion goes third so that a reader of the file sees it near the top.
  const { format, formatVersion, ...rest } = content;
  return { format, formatVersion, modelVersion: computeModelVersion(content), ...rest };
}

/**
 * The held-out split a training run makes, and the random stream it goes on with;
 * exposed so that checks can rebuild the exact training part of a run.
 */
export function trainingSplit(y: number[], seed: number, testSize: number) {
  const random = seededRandom(seed);
  return { ...stratifiedTrainTestSplit(y, testSize, random), random };
}

/** Min, max, mean and population std of each feature over the rows the model was fitted on. */
function featureStatistics(X: number[][], names: string[]): FeatureStats[] {
  return names.map((name, j) => {
    const values = column(X, j);
    return { name, min: minimum(values), max: maximum(values), mean: mean(values), std: populationStd(values) };
  });
}

function requireRowsPerClass(dataset: Dataset, trainY: number[], folds: number): void {
  dataset.classes.forEach((label, k) => {
    const inTraining = trainY.filter((value) => value === k).length;
    const total = dataset.y.filter((value) => value === k).length;
    if (inTraining < folds) {
      throw new DatasetError(
        `${dataset.source}: class "${label}" of column "${dataset.targetName}" has ${total} row(s), ${inTraining} of them in the training part; ` +
          `${folds}-fold cross-validation needs at least ${folds} there (add rows, or lower --folds or --test-size)`,
      );
    }
  });
}
