import { asClassifier, type Artifact, type ClassifierArtifact } from '../../pipeline/artifact/artifact.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../../pipeline/data/csv.ts';
import { matrixFromRows, rowsOf, takeLabels, takeRows } from '../../pipeline/data/matrix.ts';
import { argmax } from '../../pipeline/models/argmax.ts';
import { fitPipeline } from '../../pipeline/pipeline.ts';
import { planColumns } from '../../pipeline/preprocess/plan.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel, trainingSplit } from '../../pipeline/train.ts';

export const iris = loadCsvFile(IRIS_CSV_PATH);
/** Iris rows as plain arrays, as requests carry them. */
export const irisRows = rowsOf(iris.X);
export const TEST_ENVIRONMENT = { packages: {}, gitCommit: null, createdAt: null };

/** The iris model's one-setting grid: no search, so test files don't each pay for one. */
export const IRIS_TEST_GRID = { logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }] };

/** An iris artifact trained the real way, on a one-setting grid. */
export async function trainIrisArtifact(): Promise<ClassifierArtifact> {
  const { artifact } = await trainModel(iris, { ...DEFAULT_TRAIN_OPTIONS, grid: IRIS_TEST_GRID, jobs: 1, environment: TEST_ENVIRONMENT });
  return asClassifier(artifact);
}

/** The training pipeline as it was fitted for `artifact`: same split, same settings, refitted in memory. */
export function refitTrainingPipeline(artifact: Artifact) {
  const { train } = trainingSplit(iris, artifact.provenance.seed, artifact.selection.testSize);
  const { selection } = artifact;
  const fitted = fitPipeline(takeRows(iris.X, train), takeLabels(iris.y, train), taskOf(iris), {
    family: selection.family,
    scaler: selection.scaler,
    params: selection.estimatorParams,
  }, planColumns(iris), artifact.provenance.seed);
  const classes = iris.classes.length;
  const model = { inputs: fitted.inputs, scaler: fitted.scaler, classifier: fitted.estimator };
  const predictProba = (rows: number[][]) => {
    const flat = fitted.outputs(matrixFromRows(rows));
    return rows.map((_, i) => Array.from(flat.subarray(i * classes, (i + 1) * classes)));
  };
  return { model, predictProba, predict: (rows: number[][]) => predictProba(rows).map((row) => argmax(row)) };
}
