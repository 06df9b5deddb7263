// npm run train -- [--data FILE] [--target COLUMN] [--grid FILE] [--jobs N] [--seed N]
//                  [--folds K] [--test-size F] [--min-accuracy A | --min-r2 R] [--out FILE]
//                  [--task classification|regression] [--scoring NAME]
//                  [--delimiter C] [--na LIST] [--features LIST] [--drop LIST] [--categorical LIST]
//                  [--impute S] [--impute-categorical S] [--max-categories N]
//                  [--model LIST] [--keep-all DIR]
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, serializeArtifact, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { renderReport } from '../pipeline/report/html.ts';
import { failedRun, finishedRun, type RunStart } from '../pipeline/runs/record.ts';
import { appendPromotion, createRunId, DEFAULT_RUNS_DIR, recordRun, reportPathOf, RUN_ARTIFACT, RUN_REPORT } from '../pipeline/runs/store.ts';
import { collectEnvironment } from '../pipeline/artifact/provenance.ts';
import { DatasetError, IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { parseDelimiterOption } from '../pipeline/data/delimiter.ts';
import { DEFAULT_NA_MARKERS } from '../pipeline/data/cells.ts';
import { ENCODINGS, parseEncodingOption } from '../pipeline/data/text-encoding.ts';
import { DEFAULT_MAX_CATEGORIES, type CategoricalImpute, type NumericImpute } from '../pipeline/preprocess/column-transformer.ts';
import { defaultGridOf, GridError, type GridSpec } from '../pipeline/selection/grid.ts';
import { CLASSIFICATION_SCORINGS } from '../pipeline/tasks/classification/index.ts';
import { CLASSIFICATION_GRID } from '../pipeline/tasks/classification/grid.ts';
import { REGRESSION_SCORINGS } from '../pipeline/tasks/regression/index.ts';
import { REGRESSION_GRID } from '../pipeline/tasks/regression/grid.ts';
import type { Task } from '../pipeline/tasks/task.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel, type FamilyOutcome } from '../pipeline/train.ts';
import { createProgressReporter } from './progress.ts';
import { formatTrainingReport } from './training-report.ts';
import { fromUser } from './user-path.ts';
import { parseFlags } from './cli-args.ts';
import { printErr, printOut } from './terminal.ts';
import { shellLine } from './deploy-env.ts';

const USAGE = `Usage: npm run train -- [options]

  --data FILE          CSV with a header row (default: the embedded iris data)
  --target COLUMN      label column (default: the last column)
  --task T             classification or regression (default: read from the target: numbers
                       with decimals, or many distinct whole numbers, are regression)
  --model LIST         model families to search, comma-separated (default: all of them;
                       classification: ${Object.keys(CLASSIFICATION_GRID).join(', ')};
                       regression: ${Object.keys(REGRESSION_GRID).join(', ')})
  --grid FILE          GridSearchCV param_grid keyed by model family, as JSON (default: the
                       seed notebook's grid of each family, in docs/training.md); a classifier's
                       parameters are classifier__C, …, a regressor's regressor__alpha, …
  --scoring NAME       what the search ranks settings by, as GridSearchCV's scoring (default:
                       accuracy for classes, r2 for numbers); classification:
                       ${CLASSIFICATION_SCORINGS.join(', ')};
                       regression: ${REGRESSION_SCORINGS.join(', ')}
  --search S           halving (HalvingGridSearchCV over every family's settings at once:
                       factor 3, each iteration on 3 times more rows subsampled from the
                       folds, the best third going on; a table too small to prune goes
                       to the full search) or full (GridSearchCV: every setting on every
                       fold; grid is another name for it); default: halving
  --keep-all DIR       also write each family's best model to DIR/<family>.json (and its
                       report), each one buildable with npm run build -- --artifact
  --jobs N             threads for cross-validation (default: all ${availableParallelism()} cores)
  --seed N             seed for the train/test shuffle (default: ${DEFAULT_TRAIN_OPTIONS.seed})
  --folds K            cross-validation folds: StratifiedKFold for classes, KFold in row order
                       for numbers (default: ${DEFAULT_TRAIN_OPTIONS.folds})
  --test-size F        share of rows held out for the final test; 0 trains on every row
                       and reports cross-validation only (default: ${DEFAULT_TRAIN_OPTIONS.testSize})
  --min-accuracy A     also refuse a classifier whose held-out accuracy is below A (default:
                       none; a model must always clearly beat the majority-class baseline)
  --min-r2 R           also refuse a regressor whose held-out R² is below R (default: none; a
                       model must always clearly beat predicting the training mean)
  --accept             write the model even if the quality gate refuses it (the run records
                       that it was accepted against the gate)
  --out FILE           where to write the artifact (default: artifacts/model.json, which
                       npm run build packages); its report goes beside it, FILE.report.html
  --runs-dir DIR       the run history (default: artifacts/runs)

Columns (inferred from the data; the summary shows what was decided):
  --delimiter C        field separator: , ; tab | or any one character (default: detected)
  --decimal C          decimal separator of numbers: . or , (default: detected; a comma only
                       where the delimiter is not one, as Excel writes 5,1 in much of Europe)
  --encoding E         the file's text encoding: utf-8, utf-16, windows-1252 (default: detected)
  --dates none         read ISO 8601 date columns as text (default: as dates, which become
                       year, month, day, weekday, hour and season features)
  --na LIST            comma-separated markers of a missing cell, besides an empty one
                       (default: ${DEFAULT_NA_MARKERS.join(',')}, any case)
  --features LIST      use only these columns as features
  --drop LIST          leave these columns out
  --categorical LIST   read these columns as categories even though they hold numbers
  --impute S           missing numbers: median, mean, most_frequent, or none to refuse
                       them (default: median when the data has any)
  --impute-categorical S
                       missing categories: most_frequent, constant ("missing_value"),
                       or none (default: most_frequent when the data has any)
  --max-categories N   one-hot columns per categorical feature at most, the rarer
                       categories sharing the last one (default: ${DEFAULT_MAX_CATEGORIES})`;

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

function parseOptions(argv: string[]) {
  const { values } = parseFlags({
    args: argv,
    options: {
      data: { type: 'string' },
      target: { type: 'string' },
      grid: { type: 'string' },
      model: { type: 'string' },
      search: { type: 'string', default: 'halving' },
      'keep-all': { type: 'string' },
      jobs: { type: 'string', default: String(availableParallelism()) },
      seed: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.seed) },
      folds: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.folds) },
      'test-size': { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.testSize) },
      'min-accuracy': { type: 'string' },
      'min-r2': { type: 'string' },
      task: { type: 'string' },
      scoring: { type: 'string' },
      accept: { type: 'boolean', default: false },
      decimal: { type: 'string' },
      dates: { type: 'string' },
      encoding: { type: 'string' },
      out: { type: 'string' },
      'runs-dir': { type: 'string' },
      delimiter: { type: 'string' },
      na: { type: 'string' },
      features: { type: 'string' },
      drop: { type: 'string' },
      categorical: { type: 'string' },
      impute: { type: 'string' },
      'impute-categorical': { type: 'string' },
      'max-categories': { type: 'string', default: String(DEFAULT_MAX_CATEGORIES) },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const number = (flag: string, text: string, valid: (value: number) => boolean, rule: string) => {
    const value = Number(text);
    if (text.trim() === '' || !valid(value)) throw new UsageError(`--${flag} must be ${rule}, got "${text}"`);
    return value;
  };
  const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((name) => name.trim()).filter((name) => name !== ''));
  const oneOf = <T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined => {
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
    return text as T;
  };
  const delimiter = values.delimiter === undefined ? undefined : parseDelimiterOption(values.delimiter);
  if (values.delimiter !== undefined && delimiter === undefined) throw new UsageError(`--delimiter must be one character such as , ; | or "tab", got "${values.delimiter}"`);
  return {
    help: values.help,
    delimiter,
    // --na "" means: only an empty cell is missing.
    na: values.na === undefined ? undefined : values.na.split(',').map((marker) => marker.trim()),
    features: list(values.features),
    drop: list(values.drop),
    categorical: list(values.categorical),
    numericImpute: oneOf<NumericImpute>('impute', values.impute, ['median', 'mean', 'most_frequent', 'none']),
    categoricalImpute: oneOf<CategoricalImpute>('impute-categorical', values['impute-categorical'], ['most_frequent', 'constant', 'none']),
    maxCategories: number('max-categories', values['max-categories'], (value) => Number.isInteger(value) && value >= 2, 'a whole number of at least 2'),
    data: values.data === undefined ? IRIS_CSV_PATH : fromUser(values.data),
    target: values.target,
    grid: values.grid === undefined ? undefined : fromUser(values.grid),
    models: list(values.model),
    keepAll: values['keep-all'] === undefined ? undefined : fromUser(values['keep-all']),
    out: values.out === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.out),
    runsDir: values['runs-dir'] === undefined ? DEFAULT_RUNS_DIR : fromUser(values['runs-dir']),
    jobs: number('jobs', values.jobs, (value) => Number.isInteger(value) && value >= 1, 'a whole number of at least 1'),
    seed: number('seed', values.seed, Number.isSafeInteger, 'an integer'),
    folds: number('folds', values.folds, (value) => Number.isInteger(value) && value >= 2, 'an integer of at least 2'),
    testSize: number('test-size', values['test-size'], (value) => value >= 0 && value < 1, 'a number from 0 up to (not including) 1'),
    minAccuracy: values['min-accuracy'] === undefined ? undefined : number('min-accuracy', values['min-accuracy'], (value) => value >= 0 && value <= 1, 'a number from 0 to 1'),
    minR2: values['min-r2'] === undefined ? undefined : number('min-r2', values['min-r2'], (value) => Number.isFinite(value) && value <= 1, 'a number of at most 1'),
    task: oneOf<'classification' | 'regression'>('task', values.task, ['classification', 'regression']),
    scoring: values.scoring,
    // grid: the full search's former name, kept as an alias.
    search: oneOf<'halving' | 'full' | 'grid'>('search', values.search, ['halving', 'full', 'grid']) === 'halving' ? ('halving' as const) : ('full' as const),
    accept: values.accept === true,
    decimal: oneOf<'.' | ','>('decimal', values.decimal, ['.', ',']),
    dates: oneOf<'auto' | 'none'>('dates', values.dates, ['auto', 'none']),
    encoding: values.encoding === undefined ? undefined : (parseEncodingOption(values.encoding) ?? usage(`--encoding must be one of ${ENCODINGS.join(', ')} (or latin1, utf-16), got "${values.encoding}"`)),
  };
}

function chooseGrid(options: ReturnType<typeof parseOptions>, task: Task): GridSpec | undefined {
  const grid = options.grid === undefined ? undefined : readGridFile(options.grid);
  if (!options.models) return grid;
  if (!grid) return defaultGridOf(task, options.models);
  // Both: the grid file's entries for the named families.
  const missing = options.models.filter((family) => !Object.hasOwn(grid, family));
  if (missing.length > 0) throw new GridError(`--model names ${missing.join(', ')}, which ${options.grid} has no grid for (it has ${Object.keys(grid).join(', ')})`);
  return Object.fromEntries(options.models.map((family) => [family, grid[family]]));
}

function readGridFile(path: string): GridSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GridError(`${path}: cannot read the grid file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as GridSpec;
  } catch (error) {
    throw new GridError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    printErr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    printOut(`${USAGE}\n`);
    return 0;
  }

  const startedAt = new Date();
  const start: RunStart = { runId: createRunId(startedAt), startedAt, command: argv, dataFile: options.data };
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    return await train(options, start, seconds);
  } catch (error) {
    // A run the user's input stopped is recorded too, so the history shows what was tried.
    if (isUserError(error)) {
      try {
        recordRun(options.runsDir, failedRun(start, error, seconds()), {});
      } catch (recordError) {
        // The reason the run failed is what the user needs; the history is second.
        printErr(`train: the failed run could not be recorded in ${options.runsDir} (${(recordError as Error).message})\n`);
      }
    }
    throw error;
  }
}

async function train(options: ReturnType<typeof parseOptions>, start: RunStart, seconds: () => number): Promise<number> {
  const dataset = loadCsvFile(options.data, {
    target: options.target,
    delimiter: options.delimiter,
    na: options.na,
    features: options.features,
    drop: options.drop,
    categorical: options.categorical,
    decimal: options.decimal,
    dates: options.dates !== 'none',
    encoding: options.encoding,
    task: options.task,
  });
  const task = taskOf(dataset);
  // Each task's bar has its own flag: the other one is a mistake, not something to ignore.
  const [given, other] = task.name === 'classification' ? [options.minAccuracy, options.minR2] : [options.minR2, options.minAccuracy];
  if (other !== undefined) throw new GridError(`${task.name === 'classification' ? '--min-r2' : '--min-accuracy'} is for ${task.name === 'classification' ? 'regression' : 'classification'}; this target is ${task.name} (${dataset.taskReason}): use ${task.minimumFlag}`);
  const progress = createProgressReporter(process.stderr, 'cross-validating');
  const grid = chooseGrid(options, task);
  const result = await trainModel(dataset, {
    seed: options.seed,
    folds: options.folds,
    testSize: options.testSize,
    grid,
    gridSource: options.grid ?? (options.models ? '--model' : undefined),
    jobs: options.jobs,
    preprocess: { numericImpute: options.numericImpute, categoricalImpute: options.categoricalImpute, maxCategories: options.maxCategories },
    minimum: given,
    scoring: options.scoring,
    search: options.search,
    environment: collectEnvironment(),
    everyFamily: options.keepAll !== undefined,
    onProgress: (done, total, secondsLeft) => progress.update(done, total, secondsLeft),
  });
  progress.finish();
  const { artifact, gate } = result;

  printOut(`${formatTrainingReport(artifact, result.families)}\n\n`);
  const duration = seconds();
  const reportOf = (outcome: FamilyOutcome) =>
    renderReport({
      artifact: outcome.artifact,
      evaluation: outcome.evaluation,
      run: {
        id: start.runId,
        startedAt: start.startedAt.toISOString(),
        durationSeconds: duration,
        command: `npm run train -- ${shellLine(start.command)}`,
        status: outcome.gate.passed ? 'succeeded' : options.accept ? 'accepted' : 'refused',
        reason: outcome.gate.passed ? undefined : `${options.accept ? 'Accepted with --accept, although the quality gate refused it' : 'Refused'}: ${outcome.gate.reason}`,
      },
    });
  const report = reportOf(result);
  if (options.keepAll) {
    // As the notebook dumps every best_models[name]: each family's best, whether or not it won or passed the gate.
    mkdirSync(options.keepAll, { recursive: true });
    for (const outcome of result.families) {
      const path = join(options.keepAll, `${outcome.family}.json`);
      writeArtifactFile(path, outcome.artifact);
      writeFileAtomic(reportPathOf(path), outcome.family === result.family ? report : reportOf(outcome));
      printOut(`Kept ${outcome.family}: ${path}${outcome.gate.passed ? '' : ` (it would not pass the gate: ${outcome.gate.reason})`}\n`);
    }
  }
  const runDir = recordRun(options.runsDir, finishedRun(start, artifact, { passed: gate.passed, reason: gate.passed ? null : (gate.reason ?? null), accepted: !gate.passed && options.accept }, duration, result.families), {
    [RUN_ARTIFACT]: serializeArtifact(artifact),
    [RUN_REPORT]: report,
  });
  if (!gate.passed && !options.accept) {
    printErr(`Refusing to write the model: ${gate.reason}. ${options.out} was left as it was; to keep it anyway, train again with --accept, or npm run promote -- ${start.runId}.\n`);
    printOut(`Report: ${join(runDir, RUN_REPORT)}\nRun ${start.runId} recorded as refused (npm run runs)\n`);
    return 1;
  }
  if (!gate.passed) printErr(`Writing the model although the quality gate refuses it (--accept): ${gate.reason}\n`);
  writeArtifactFile(options.out, artifact);
  const reportPath = reportPathOf(options.out);
  writeFileAtomic(reportPath, report);
  // Writing the artifact that npm run build packages is a promotion: --previous can go back.
  appendPromotion(options.runsDir, { runId: start.runId, modelVersion: artifact.modelVersion, promotedAt: new Date().toISOString(), artifact: options.out });
  printOut(
    `Wrote ${options.out} (model version ${artifact.modelVersion}) in ${duration.toFixed(1)} s\nReport: ${reportPath}\nRun ${start.runId} recorded in ${options.runsDir}\n`,
  );
  return 0;
}

function isUserError(error: unknown): error is Error {
  return error instanceof DatasetError || error instanceof ArtifactError || error instanceof GridError || error instanceof RangeError;
}

// Stopped by Ctrl-C or `kill` (npm passes the signal on to the node it execs): nothing has been written yet, since the artifact is written at the
// very end and atomically, so the previous one stays.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    printErr(`\ntrain: stopped by ${signal}; no model was written, the previous artifact is as it was\n`);
    process.exit(code);
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (isUserError(error)) {
    printErr(`train: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
