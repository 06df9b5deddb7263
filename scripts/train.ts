// npm run train -- [--data FILE] [--target COLUMN] [--grid FILE] [--jobs N] [--seed N]
//                  [--folds K] [--test-size F] [--min-accuracy A] [--out FILE]
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { collectEnvironment } from '../pipeline/artifact/provenance.ts';
import { DatasetError, IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { GridError, type GridSpec } from '../pipeline/selection/grid.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { createProgressReporter } from './progress.ts';
import { formatTrainingReport } from './training-report.ts';

const USAGE = `Usage: npm run train -- [options]

  --data FILE          CSV with a header row (default: the embedded iris data)
  --target COLUMN      label column (default: the last column)
  --grid FILE          GridSearchCV param_grid keyed by model family, as JSON (default: the
                       logistic-regression grid in the README)
  --jobs N             threads for cross-validation (default: all ${availableParallelism()} cores)
  --seed N             seed for the train/test shuffle (default: ${DEFAULT_TRAIN_OPTIONS.seed})
  --folds K            cross-validation folds, StratifiedKFold (default: ${DEFAULT_TRAIN_OPTIONS.folds})
  --test-size F        share of rows held out for the final test; 0 trains on every row
                       and reports cross-validation only (default: ${DEFAULT_TRAIN_OPTIONS.testSize})
  --min-accuracy A     also refuse a model whose accuracy is below A (default: none; a model
                       must always clearly beat the majority-class baseline)
  --out FILE           where to write the artifact (default: artifacts/model.json)`;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      target: { type: 'string' },
      grid: { type: 'string' },
      jobs: { type: 'string', default: String(availableParallelism()) },
      seed: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.seed) },
      folds: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.folds) },
      'test-size': { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.testSize) },
      'min-accuracy': { type: 'string', default: '0' },
      out: { type: 'string' },
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
  // Paths are the user's, relative to where they run the command (npm runs scripts from the repo root).
  const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
  return {
    help: values.help,
    data: values.data === undefined ? IRIS_CSV_PATH : fromUser(values.data),
    target: values.target,
    grid: values.grid === undefined ? undefined : fromUser(values.grid),
    out: values.out === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.out),
    jobs: number('jobs', values.jobs, (value) => Number.isInteger(value) && value >= 1, 'a whole number of at least 1'),
    seed: number('seed', values.seed, Number.isSafeInteger, 'an integer'),
    folds: number('folds', values.folds, (value) => Number.isInteger(value) && value >= 2, 'an integer of at least 2'),
    testSize: number('test-size', values['test-size'], (value) => value >= 0 && value < 1, 'a number from 0 up to (not including) 1'),
    minAccuracy: number('min-accuracy', values['min-accuracy'], (value) => value >= 0 && value <= 1, 'a number from 0 to 1'),
  };
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
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const started = performance.now();
  const dataset = loadCsvFile(options.data, { target: options.target });
  const progress = createProgressReporter(process.stderr, 'cross-validating');
  const grid = options.grid === undefined ? undefined : readGridFile(options.grid);
  const { artifact, gate } = await trainModel(dataset, {
    seed: options.seed,
    folds: options.folds,
    testSize: options.testSize,
    grid,
    gridSource: options.grid,
    jobs: options.jobs,
    minAccuracy: options.minAccuracy,
    environment: collectEnvironment(),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  const seconds = (performance.now() - started) / 1000;

  process.stdout.write(`${formatTrainingReport(artifact)}\n\n`);
  if (!gate.passed) {
    process.stderr.write(`Refusing to write the model: ${gate.reason}. ${options.out} was left as it was.\n`);
    return 1;
  }
  writeArtifactFile(options.out, artifact);
  process.stdout.write(`Wrote ${options.out} (model version ${artifact.modelVersion}) in ${seconds.toFixed(1)} s\n`);
  return 0;
}

// Stopped by Ctrl-C or `kill` (npm passes the signal on: its scripts exec tsx, which
// relays it here): nothing has been written yet, since the artifact is written at the
// very end and atomically, so the previous one stays.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    process.stderr.write(`\ntrain: stopped by ${signal}; no model was written, the previous artifact is as it was\n`);
    process.exit(code);
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof DatasetError || error instanceof ArtifactError || error instanceof GridError || error instanceof RangeError) {
    process.stderr.write(`train: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
