import { basename } from 'node:path';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, parseArtifact, type Artifact } from './artifact/artifact.ts';
import { computeModelVersion } from './artifact/model-version.ts';
import type { Dataset } from './data/csv.ts';
import { takeRows } from './data/matrix.ts';
import { trainingProfile } from './drift/training-profile.ts';
import { permutationImportance, type Importances } from './metrics/importance.ts';
import { fitPipeline } from './pipeline.ts';
import { planColumns, type PreprocessChoices } from './preprocess/plan.ts';
import { encodedNames } from './preprocess/encode.ts';
import { GridError, parseGrid, type Candidate, type GridSpec } from './selection/grid.ts';
import { bestOfFamily, gridSearch, type SearchResult } from './selection/search.ts';
import { halvingSearch, type HalvingResult } from './selection/halving.ts';
import type { RemainingTime } from './selection/remaining-time.ts';
import { searchToRun, type SearchKind } from './selection/search-choice.ts';
import { rankFamilies } from './selection/winner.ts';
import { GATE_WORDS, type EvaluatedOn, type GateVerdict } from './tasks/gate.ts';
import { createTask } from './tasks/index.ts';
import type { Evaluation, Target, Task, TaskSpec } from './tasks/task.ts';
import { pooledEvidence, summarizeFolds } from './training/held-out.ts';
import { timePrediction } from './training/timing.ts';

export interface TrainOptions {
  seed: number;
  folds: number;
  /** Share of rows held out for the final test; 0 trains on every row and reports cross-validation only. */
  testSize: number;
  /** param_grid keyed by family; the task's default grid when omitted. */
  grid?: GridSpec;
  /** Names the grid in error messages: its file. */
  gridSource?: string;
  /** What the search ranks settings by (GridSearchCV's scoring); the task's default (accuracy, r2) when omitted. */
  scoring?: string;
  /** GridSearchCV (every setting on every fold) or HalvingGridSearchCV per family; grid when omitted. */
  search?: SearchKind;
  /** Threads for cross-validation (the main one included). */
  jobs: number;
  /** Imputation and encoding; decided from the data where not given. */
  preprocess?: PreprocessChoices;
  /** The gate's absolute bar on its metric (--min-accuracy, --min-r2). */
  minimum?: number;
  /** Facts about the environment that the artifact records (see provenance.ts). */
  environment: { packages: Record<string, string>; gitCommit: string | null; createdAt: string | null };
  onProgress?: (fitsDone: number, fitsTotal: number, secondsLeft: number | null) => void;
  /** The search's estimator of the time left (remaining-time.ts). */
  clock?: RemainingTime;
  /**
   * Every family's best refitted, with its permutation importances (--keep-all writes them
   * all). Otherwise successive halving refits only the families that reached its last
   * iteration (HalvingGridSearchCV refits its best only: an SVC with probabilities on a few
   * thousand rows can be a large part of the run), and permutation importances (5
   * predictions of the held-out rows per input column) are the winner's only.
   */
  everyFamily?: boolean;
}

export const DEFAULT_TRAIN_OPTIONS = { seed: 42, folds: 5, testSize: 0.2 } as const;
/** How unlikely "this good by luck at the baseline's rate" must be for the gate to pass. */
export const GATE_ALPHA = 0.05;

export interface FamilyOutcome {
  family: string;
  /** The family's best setting, refitted on the whole training part: a complete artifact of its own (--keep-all). */
  artifact: Artifact;
  gate: GateVerdict;
  /** The test part's targets and this model's outputs for them (null with --test-size 0): the report's curves and plots. */
  evaluation: { y: Target; outputs: Float64Array } | null;
  /** Wall time of the refit on the training part (refit_time_). */
  fitSeconds: number;
  /** In-process time per row of the model's outputs on the held-out rows (the training rows with --test-size 0). */
  predictMicroseconds: number;
}

export interface TrainResult extends FamilyOutcome {
  /** Every family refitted (every family searched, but under halving only those that reached its last iteration, unless everyFamily), in grid order; the winner is among them. */
  families: FamilyOutcome[];
}

/** The task a data set asks for (its target's kind, or --task). */
export function taskOf(dataset: Dataset): Task {
  return createTask(taskSpecOf(dataset));
}

function taskSpecOf(dataset: Dataset): TaskSpec {
  return { task: dataset.task, classes: dataset.classes };
}

/**
 * The held-out split a training run makes; exposed so that checks can rebuild the
 * exact training part of a run. With testSize 0 every row trains, in file order.
 */
export function trainingSplit(dataset: Dataset, seed: number, testSize: number): { train: number[]; test: number[] } {
  const task = taskOf(dataset);
  return task.split(task.target(dataset), seed, testSize);
}

/**
 * The whole training job: the task's split (stratified for classes); each family's
 * grid searched by cross-validation on the training part (all families in one pool of
 * workers); each family's best refitted on that whole part and reported on the untouched
 * test part (or out of fold, with --test-size 0); the winner is the best CV score, a tie
 * going to the smaller model, then to the family listed first.
 */
export async function trainModel(dataset: Dataset, options: TrainOptions): Promise<TrainResult> {
  if (!Number.isInteger(options.folds) || options.folds < 2) throw new RangeError(`folds must be an integer of at least 2, got ${options.folds}`);
  if (!(options.testSize >= 0 && options.testSize < 1)) throw new RangeError(`test size must be from 0 up to (not including) 1, got ${options.testSize}`);
  const spec = taskSpecOf(dataset);
  const task = createTask(spec);
  const scoring = options.scoring ?? task.defaultScoring;
  if (!task.scorings.includes(scoring)) throw new GridError(`--scoring: "${scoring}" is not a ${task.name} scoring; expected one of ${task.scorings.join(', ')}`);
  const plan = planColumns(dataset, options.preprocess);
  const { grid, candidates } = parseGrid(options.grid ?? task.defaultGrid, options.gridSource ?? 'the grid', task);

  const target = task.target(dataset);
  const { train, test } = task.split(target, options.seed, options.testSize);
  const trainX = takeRows(dataset.X, train);
  const trainY = task.take(target, train);
  const notices = task.trainingNotices(dataset, trainY, options.folds);
  const testFolds = task.folds(trainY, options.folds);
  // A grid of one setting has nothing to choose: no search, unless cross-validation is
  // the only held-out estimate there is (--test-size 0).
  const searchOptions = { folds: options.folds, jobs: options.jobs, scoring, onProgress: options.onProgress, clock: options.clock };
  const cvData = { X: trainX, y: trainY, task: spec, testFolds, plan, seed: options.seed };
  const search: SearchResult | HalvingResult =
    candidates.length === 1 && test.length > 0
      ? unsearched(candidates[0])
      : searchToRun(options.search ?? 'halving', task, cvData, options.folds, candidates.length) === 'halving'
        ? await halvingSearch(cvData, task, candidates, searchOptions)
        : await gridSearch(cvData, task, candidates, searchOptions);
  const halving = 'halving' in search ? (search as HalvingResult) : null;
  const testX = test.length > 0 ? takeRows(dataset.X, test) : null;
  const testY = test.length > 0 ? task.take(target, test) : null;
  // A family none of whose settings could be fitted on the folds is left out (the notebook's
  // GridSearchCV of it would stop with "All the fits failed"); with no family left, the run stops.
  const families = [...new Set(candidates.map((candidate) => candidate.family))].filter((family) =>
    search.results.some((result) => result.family === family && result.failedFits < options.folds),
  );
  const searchNotices = searchFailureNotices(search, candidates.map((candidate) => candidate.family), families);

  const bestOf = (family: string) => (halving ? halving.best[family] : bestOfFamily(search.results, family));
  // Under halving, a family eliminated before the last iteration cannot win: it is not refitted.
  const lastIteration = halving ? halving.halving.reduce((last, entry) => Math.max(last, entry.nResources.length - 1), 0) : null;
  const refitted = families.filter((family) => lastIteration === null || options.everyFamily || search.results[bestOf(family)].iteration === lastIteration);

  const outcomes = refitted.map((family) => {
    const index = bestOf(family);
    const best = candidates[index];
    const started = performance.now();
    const fitted = fitPipeline(trainX, trainY, task, best, plan, options.seed);
    const fitSeconds = (performance.now() - started) / 1000;
    const timedX = testX ?? trainX;
    const predictMicroseconds = timePrediction(() => fitted.outputs(timedX)) / timedX.rows;
    const model = { scaler: fitted.scaler, estimator: fitted.estimator };
    const modelBytes = JSON.stringify({ inputs: fitted.inputs, scaler: fitted.scaler, estimator: fitted.estimator }).length;

    // The gate judges every held-out prediction the chosen setting has: out of fold on the
    // training part (when it was cross-validated) and the refit's on the test part.
    const evidence: number[][] = search.evaluations[index].map((fold) => fold.evidence);
    let testMetrics: Artifact['metrics']['test'] = null;
    let evaluation: FamilyOutcome['evaluation'] = null;
    if (testX && testY) {
      const outputs = fitted.outputs(testX);
      testMetrics = task.testMetrics(testY, outputs) as Artifact['metrics']['test'];
      evaluation = { y: testY, outputs };
      evidence.push(task.evaluate(testY, outputs, trainY).evidence);
    }
    const evaluatedOn: EvaluatedOn = search.evaluations[index].length > 0 && testX ? 'cross-validation and test' : testX ? 'test' : 'cross-validation';
    const gate = task.gate(pooledEvidence(evidence), { alpha: GATE_ALPHA, minimum: options.minimum ?? null, rows: GATE_WORDS[evaluatedOn], minimumFlag: task.minimumFlag });
    const importances: Importances | null | 'permutation' = fitted.importances ? { method: 'impurity' as const, columns: encodedNames(fitted.inputs), values: fitted.importances } : task.hasCoefficients(model) ? null : 'permutation';
    return { family, index, best, fitted, model, fitSeconds, predictMicroseconds, modelBytes, testMetrics, evaluation, gate, evaluatedOn, importances };
  });

  const familyTable = families.map((family) => {
    const outcome = outcomes.find((entry) => entry.family === family);
    const index = bestOf(family);
    const testMetrics = outcome?.testMetrics as Record<string, unknown> | null | undefined;
    return {
      family,
      params: candidates[index].given,
      cvMean: search.results[index].cvMean,
      cvStd: search.results[index].cvStd,
      testScore: testMetrics ? (testMetrics[task.gateMetric] as number | null) : null,
      modelBytes: outcome?.modelBytes ?? null,
    };
  });
  const ranked = rankFamilies(outcomes.map(({ index, modelBytes }) => ({ cvMean: search.results[index].cvMean, modelBytes, reached: search.results[index].iteration ?? 0 })));
  // Permutation importances: the winner's, and the others' only when they are all wanted.
  const importancesOf = (o: number): Importances | null => {
    const { importances, fitted } = outcomes[o];
    if (importances !== 'permutation') return importances;
    return o === ranked[0] || options.everyFamily ? permutationImportance(fitted, task, testX ?? trainX, testY ?? trainY, dataset.featureNames, options.seed) : null;
  };

  const built: FamilyOutcome[] = outcomes.map((outcome, o) => {
    const { family, index, best, fitted, model, testMetrics, gate, evaluatedOn } = outcome;
    const importances = importancesOf(o);
    const trainOutputs = fitted.outputs(trainX);
    const content = {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      task: task.name,
      target: dataset.targetName,
      features: dataset.featureNames,
      ...task.modelFields(dataset, model, trainY),
      scaler: fitted.scaler,
      inputs: fitted.inputs,
      ignoredColumns: [...dataset.dropped.map((column) => column.name), dataset.targetName],
      cells: dataset.cells,
      data: {
        delimiter: dataset.delimiter,
        encoding: dataset.encoding,
        columns: dataset.columns.map((column) => ({ name: column.name, type: column.kind, missing: column.missing })),
        dropped: dataset.dropped,
        rowsLeftOut: dataset.rowsLeftOut,
        notices: [...dataset.notices, ...notices, ...searchNotices],
        taskReason: dataset.taskReason,
        ...task.targetSummary(dataset),
      },
      preprocessing: plan.options,
      selection: {
        family: best.family,
        params: best.given,
        scaler: best.scaler,
        estimatorParams: best.params,
        scoring,
        folds: options.folds,
        testSize: options.testSize,
        grid,
        results: search.results,
        ...(halving ? { halving: halving.halving } : {}),
        families: familyTable,
        winner: outcomes[ranked[0]].family,
        refit: { iterations: fitted.iterations, converged: fitted.converged },
      },
      importances,
      metrics: {
        cvMean: search.results[index].cvMean,
        cvStd: search.results[index].cvStd,
        cv: search.evaluations[index].length === 0 ? null : summarizeFolds(search.evaluations[index]),
        trainScore: task.score(trainY, trainOutputs),
        test: testMetrics,
        gate: {
          evaluatedOn,
          baseline: task.baseline,
          metric: task.gateMetric,
          score: gate.score,
          baselineScore: gate.baselineScore,
          pValue: gate.pValue,
          alpha: GATE_ALPHA,
          minimum: options.minimum ?? null,
        },
      },
      // In the schema's order: a copy validated and written again (serializeArtifact) keeps its key order.
      profile: trainingProfile(trainX, fitted.inputs, plan.columns.map((column) => column.levels), task.predictionProfile(dataset, trainOutputs)),
      provenance: {
        dataFile: basename(dataset.source),
        dataSha256: dataset.sha256,
        rows: dataset.X.rows,
        trainRows: train.length,
        seed: options.seed,
        // Only what this model's fit used: versions of packages it never ran say nothing about it.
        packages: Object.fromEntries(Object.entries(options.environment.packages).filter(([name]) => task.families[best.family].packages?.includes(name))),
        gitCommit: options.environment.gitCommit,
        createdAt: options.environment.createdAt,
      },
    };
    // modelVersion goes third so that a reader of the file sees it near the top.
    const { format, formatVersion, ...rest } = content;
    // The artifact's own rules, applied before anything is written: what the build and the
    // functions would refuse is refused here, with the same message.
    const artifact = { format, formatVersion, modelVersion: computeModelVersion(content as never), ...rest } as unknown as Artifact;
    parseArtifact(artifact, `the ${family} model trained on ${basename(dataset.source)}`);
    return { family, artifact, gate, evaluation: outcome.evaluation, fitSeconds: outcome.fitSeconds, predictMicroseconds: outcome.predictMicroseconds };
  });
  return { ...built[ranked[0]], families: built };
}

function unsearched(candidate: Candidate): SearchResult {
  return { results: [{ family: candidate.family, params: candidate.given, cvMean: null, cvStd: null, foldScores: [], rank: 1, notConverged: 0, failedFits: 0 }], evaluations: [[] as Evaluation[]], failure: null };
}

function searchFailureNotices(search: SearchResult, candidateFamilies: string[], kept: string[]): string[] {
  const failed = search.results.reduce((sum, result) => sum + result.failedFits, 0);
  if (failed === 0) return [];
  const fits = search.results.reduce((sum, result) => sum + result.foldScores.length, 0);
  const left = [...new Set(candidateFamilies)].filter((family) => !kept.includes(family));
  return [
    `${failed} of ${fits} cross-validation fits${'halving' in search ? " (each setting's in the last iteration it ran)" : ''} failed and are scored as undefined, as scikit-learn's error_score=nan does; the first: ${search.failure}`,
    ...left.map((family) => `no ${family} setting could be fitted on the cross-validation folds: the family is left out`),
  ];
}
