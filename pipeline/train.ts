import { basename } from 'node:path';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, parseArtifact, type Artifact } from './artifact/artifact.ts';
import { computeModelVersion } from './artifact/model-version.ts';
import { DatasetError, type Dataset } from './data/csv.ts';
import { takeLabels, takeRows, type Matrix } from './data/matrix.ts';
import { seededRandom, stratifiedKFold, stratifiedTrainTestSplit } from './data/split.ts';
import { accuracy, classificationReport, confusionMatrix, mean, populationStd } from './metrics/classification.ts';
import { probabilityScores, type FoldScores } from './selection/cv-unit.ts';
import { argmaxRows } from './models/argmax.ts';
import { fitPipeline, predictTable } from './pipeline.ts';
import { FAMILIES } from './models/families.ts';
import { planColumns, type PreprocessChoices } from './preprocess/plan.ts';
import { applyGate, foldBaselineCorrect, GATE_WORDS, majorityCorrect, pooled, type GateResult, type HeldOut } from './selection/gate.ts';
import { DEFAULT_GRID, parseGrid, type Candidate, type GridSpec } from './selection/grid.ts';
import { bestOfFamily, gridSearch, type SearchResult } from './selection/search.ts';
import { rankFamilies } from './selection/winner.ts';
import { trainingProfile } from './drift/training-profile.ts';
import { encodedNames } from './preprocess/encode.ts';
import { permutationImportance } from './metrics/importance.ts';

export interface TrainOptions {
  seed: number;
  folds: number;
  /** Share of rows held out for the final test; 0 trains on every row and reports cross-validation only. */
  testSize: number;
  /** param_grid keyed by family; the default grid when omitted. */
  grid?: GridSpec;
  /** Names the grid in error messages: its file. */
  gridSource?: string;
  /** Threads for cross-validation (the main one included). */
  jobs: number;
  /** Imputation and encoding; decided from the data where not given. */
  preprocess?: PreprocessChoices;
  minAccuracy?: number;
  /** Facts about the environment that the artifact records (see provenance.ts). */
  environment: { packages: Record<string, string>; gitCommit: string | null; createdAt: string | null };
  onProgress?: (fitsDone: number, fitsTotal: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS = { seed: 42, folds: 5, testSize: 0.2 } as const;
/** How unlikely "this good by luck at the baseline's rate" must be for the gate to pass. */
export const GATE_ALPHA = 0.05;

export interface FamilyOutcome {
  family: string;
  /** The family's best setting, refitted on the whole training part: a complete artifact of its own (--keep-all). */
  artifact: Artifact;
  gate: GateResult;
  /** The test part's labels and this model's probabilities for them (null with --test-size 0): the report's curves. */
  evaluation: { y: Int32Array; probabilities: Float64Array } | null;
  /** Wall time of the refit on the training part (refit_time_). */
  fitSeconds: number;
  /** In-process time per row of predictProba on the held-out rows (the training rows with --test-size 0). */
  predictMicroseconds: number;
}

export interface TrainResult extends FamilyOutcome {
  /** Every family searched, in grid order; the winner is among them. */
  families: FamilyOutcome[];
}

/**
 * The whole training job: stratified split; each family's grid searched by
 * cross-validation on the training part (all families in one pool of workers); each
 * family's best refitted on that whole part and reported on the untouched test part
 * (or out of fold, with --test-size 0); the winner is the best CV score, a tie going
 * to the smaller model, then to the family listed first.
 */
export async function trainModel(dataset: Dataset, options: TrainOptions): Promise<TrainResult> {
  const { X, y, classes } = dataset;
  if (!Number.isInteger(options.folds) || options.folds < 2) throw new RangeError(`folds must be an integer of at least 2, got ${options.folds}`);
  if (!(options.testSize >= 0 && options.testSize < 1)) throw new RangeError(`test size must be from 0 up to (not including) 1, got ${options.testSize}`);
  const plan = planColumns(dataset, options.preprocess);
  const gridSpec = options.grid ?? DEFAULT_GRID;
  const { grid, candidates } = parseGrid(gridSpec, options.gridSource ?? 'the grid');

  const { train, test } = trainingSplit(y, options.seed, options.testSize);
  const trainX = takeRows(X, train);
  const trainY = takeLabels(y, train);
  const classNotices = rareClassNotices(dataset, trainY, options.folds);

  const testFolds = stratifiedKFold(trainY, options.folds);
  // A grid of one setting has nothing to choose: no search, unless cross-validation is
  // the only held-out estimate there is (--test-size 0).
  const search =
    candidates.length === 1 && test.length > 0
      ? unsearched(candidates[0])
      : await gridSearch({ X: trainX, y: trainY, classCount: classes.length, testFolds, plan, seed: options.seed }, candidates, {
          folds: options.folds,
          jobs: options.jobs,
          onProgress: options.onProgress,
        });
  const testX = test.length > 0 ? takeRows(X, test) : null;
  const testY = test.length > 0 ? takeLabels(y, test) : null;
  const families = [...new Set(candidates.map((candidate) => candidate.family))];

  const fits = families.map((family) => {
    const index = bestOfFamily(search.results, family);
    const best = candidates[index];
    const started = performance.now();
    const fitted = fitPipeline(trainX, trainY, classes.length, best, plan, options.seed);
    const fitSeconds = (performance.now() - started) / 1000;
    const timedX = testX ?? trainX;
    const predictMicroseconds = timePrediction(() => predictTable(fitted.model, plan, timedX, classes.length)) / timedX.rows;
    const modelBytes = JSON.stringify({ inputs: fitted.model.inputs, scaler: fitted.model.scaler, classifier: fitted.model.classifier }).length;
    return { family, index, best, fitted, fitSeconds, predictMicroseconds, modelBytes };
  });

  // The majority-class baseline out of fold: each fold's majority among its training rows, on its test rows.
  let baselineOutOfFold: number | undefined;
  const outOfFoldBaseline = () => (baselineOutOfFold ??= foldBaselineCorrect(trainY, testFolds, options.folds, classes.length));
  const outcomes = fits.map((fit) => {
    const { best, fitted, index } = fit;
    const bestResult = search.results[index];
    const predict = (rows: Matrix) => argmaxRows(predictTable(fitted.model, plan, rows, classes.length), classes.length);
    let testMetrics: Artifact['metrics']['test'] = null;
    let evaluation: FamilyOutcome['evaluation'] = null;
    // The gate judges every held-out prediction the chosen setting has: out of fold on the
    // training part (when it was cross-validated) and the refit's on the test part.
    const heldOut: HeldOut[] = [];
    if (bestResult.cvMean !== null) heldOut.push({ correct: search.correct[index].reduce((a, b) => a + b, 0), baselineCorrect: outOfFoldBaseline(), rows: train.length });
    if (testX && testY) {
      const probabilities = predictTable(fitted.model, plan, testX, classes.length);
      const predicted = argmaxRows(probabilities, classes.length);
      const matrix = confusionMatrix(testY, predicted, classes.length);
      testMetrics = {
        accuracy: accuracy(testY, predicted),
        ...probabilityScores(testY, probabilities, predicted, classes.length),
        rows: test.length,
        confusionMatrix: matrix,
        perClass: classificationReport(matrix, classes),
      };
      evaluation = { y: testY, probabilities };
      heldOut.push({ correct: matrix.reduce((sum, row, k) => sum + row[k], 0), baselineCorrect: majorityCorrect(trainY, testY, classes.length), rows: test.length });
    }
    const evaluatedOn: keyof typeof GATE_WORDS = heldOut.length === 2 ? 'cross-validation and test' : testX ? 'test' : 'cross-validation';
    const gate = applyGate({ ...pooled(heldOut), minAccuracy: options.minAccuracy ?? 0, alpha: GATE_ALPHA }, GATE_WORDS[evaluatedOn]);
    const importances = fitted.importances
      ? { method: 'impurity' as const, columns: encodedNames(fitted.model.inputs), values: fitted.importances }
      : fitted.model.classifier.kind === 'linear'
        ? null
        : permutationImportance(fitted.model, plan, testX ?? trainX, testY ?? trainY, classes.length, dataset.featureNames, options.seed);
    return { fit, bestResult, predict, testMetrics, evaluation, gate, evaluatedOn, importances };
  });

  const familyTable = outcomes.map(({ fit, bestResult, testMetrics }) => ({
    family: fit.family,
    params: fit.best.given,
    cvMean: bestResult.cvMean,
    cvStd: bestResult.cvStd,
    testAccuracy: testMetrics?.accuracy ?? null,
    modelBytes: fit.modelBytes,
  }));
  const ranked = rankFamilies(outcomes.map(({ fit, bestResult }) => ({ cvMean: bestResult.cvMean, modelBytes: fit.modelBytes })));

  const built: FamilyOutcome[] = outcomes.map(({ fit, bestResult, predict, testMetrics, evaluation, gate, evaluatedOn, importances }) => {
    const { best, fitted, index } = fit;
    const trainPredicted = predict(trainX);
    const content: Omit<Artifact, 'modelVersion'> = {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      target: dataset.targetName,
      features: dataset.featureNames,
      classes,
      labelType: dataset.labelType,
      scaler: fitted.model.scaler,
      classifier: fitted.model.classifier,
      inputs: fitted.model.inputs,
      ignoredColumns: [...dataset.dropped.map((column) => column.name), dataset.targetName],
      cells: dataset.cells,
      data: {
        delimiter: dataset.delimiter,
        encoding: dataset.encoding,
        columns: dataset.columns.map((column) => ({ name: column.name, type: column.kind, missing: column.missing })),
        dropped: dataset.dropped,
        rowsLeftOut: dataset.rowsLeftOut,
        notices: [...dataset.notices, ...classNotices],
        classCounts: Array.from(countClasses(y, classes.length)),
      },
      preprocessing: plan.options,
      selection: {
        family: best.family,
        params: best.given,
        scaler: best.scaler,
        classifierParams: best.params,
        folds: options.folds,
        testSize: options.testSize,
        grid,
        results: search.results,
        families: familyTable,
        winner: fits[ranked[0]].family,
        refit: { iterations: fitted.iterations, converged: fitted.converged },
      },
      importances,
      profile: trainingProfile(trainX, fitted.model.inputs, plan.columns.map((column) => column.levels), { classes, predicted: trainPredicted }),
      metrics: {
        cvMean: bestResult.cvMean,
        cvStd: bestResult.cvStd,
        cv: search.scores[index].length === 0 ? null : summarizeFolds(search.scores[index]),
        trainAccuracy: accuracy(trainY, trainPredicted),
        test: testMetrics,
        gate: {
          evaluatedOn,
          accuracy: gate.accuracy,
          baseline: 'most_frequent',
          baselineAccuracy: gate.baselineAccuracy,
          pValue: gate.pValue,
          alpha: GATE_ALPHA,
          minAccuracy: options.minAccuracy ?? 0,
        },
      },
      provenance: {
        dataFile: basename(dataset.source),
        dataSha256: dataset.sha256,
        rows: X.rows,
        trainRows: train.length,
        seed: options.seed,
        // Only what this model's fit used: versions of packages it never ran say nothing about it.
        packages: Object.fromEntries(Object.entries(options.environment.packages).filter(([name]) => FAMILIES[best.family].packages?.includes(name))),
        gitCommit: options.environment.gitCommit,
        createdAt: options.environment.createdAt,
      },
    };
    // modelVersion goes third so that a reader of the file sees it near the top.
    const { format, formatVersion, ...rest } = content;
    // The artifact's own rules, applied before anything is written: what the build and the
    // functions would refuse is refused here, with the same message.
    const artifact: Artifact = { format, formatVersion, modelVersion: computeModelVersion(content), ...rest };
    parseArtifact(artifact, `the ${fit.family} model trained on ${basename(dataset.source)}`);
    return { family: fit.family, artifact, gate, evaluation, fitSeconds: fit.fitSeconds, predictMicroseconds: fit.predictMicroseconds };
  });
  return { ...built[ranked[0]], families: built };
}

/** Microseconds per call of `work`, over enough calls to take 20 ms, after 20 ms of warm-up (so the JIT has compiled it). */
function timePrediction(work: () => unknown): number {
  for (const started = performance.now(); performance.now() - started < 20; ) work();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 20 || calls < 3) {
    work();
    calls++;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / calls;
}

function unsearched(candidate: Candidate): SearchResult {
  return { results: [{ family: candidate.family, params: candidate.given, cvMean: null, cvStd: null, foldAccuracies: [], rank: 1, notConverged: 0 }], correct: [[]], scores: [[]], foldRows: [] };
}

/** Mean and population std of each score over the folds, as GridSearchCV's mean_/std_test_<score>. */
function summarizeFolds(folds: FoldScores[]): NonNullable<Artifact['metrics']['cv']> {
  const of = (values: number[]) => ({ mean: mean(values), std: populationStd(values) });
  const areas = folds.map((fold) => fold.rocAuc);
  return {
    balancedAccuracy: of(folds.map((fold) => fold.balancedAccuracy)),
    logLoss: of(folds.map((fold) => fold.logLoss)),
    rocAuc: areas.some((area) => area === null) ? null : of(areas as number[]),
    brier: of(folds.map((fold) => fold.brier)),
  };
}

/**
 * The held-out split a training run makes; exposed so that checks can rebuild the
 * exact training part of a run. With testSize 0 every row trains, in file order.
 */
export function trainingSplit(y: Int32Array, seed: number, testSize: number): { train: number[]; test: number[] } {
  if (testSize === 0) return { train: Array.from(y, (_, i) => i), test: [] };
  return stratifiedTrainTestSplit(y, testSize, seededRandom(seed));
}

/** Rows of each class, by class index. */
function countClasses(y: Int32Array, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

/**
 * A class with fewer training rows than folds is not a stop: some folds train without
 * it, as StratifiedKFold warns and goes on. Only fewer training rows than folds is.
 */
function rareClassNotices(dataset: Dataset, trainY: Int32Array, folds: number): string[] {
  if (trainY.length < folds) {
    throw new DatasetError(`${dataset.source}: ${trainY.length} training rows for ${folds}-fold cross-validation; it needs at least ${folds} (add rows, or lower --folds or --test-size)`);
  }
  const inTrainingPart = countClasses(trainY, dataset.classes.length);
  const notices: string[] = [];
  dataset.classes.forEach((label, k) => {
    const inTraining = inTrainingPart[k];
    if (inTraining >= folds) return;
    notices.push(
      inTraining === 0
        ? `class "${label}" has no row in the training part: the model cannot predict it`
        : `class "${label}" has ${inTraining} row${inTraining > 1 ? 's' : ''} in the training part, fewer than the ${folds} folds: some folds train without it (StratifiedKFold warns the same)`,
    );
  });
  return notices;
}
