// npm run train -- [--data FILE] [--target COLUMN] [--seed N] [--folds K] [--test-size F]
//                  [--min-accuracy A] [--out FILE]
import { parseArgs } from 'node:util';
import { ArtifactError } from '../pipeline/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, writeArtifactFile } from '../pipeline/artifact-file.ts';
import { DatasetError, IRIS_CSV_PATH, loadCsvFile } from '../pipeline/csv.ts';
import { collectEnvironment } from '../pipeline/provenance.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../pipeline/train.ts';
import { createProgressReporter } from './progress.ts';
import { formatTrainingReport } from './training-report.ts';

const DEFAULT_MIN_ACCURACY = 0.8;

const USAGE = `Usage: npm run train -- [options]

  --data FILE          CSV with a header row (default: the embedded iris data)
  --target COLUMN      label column (default: the last column)
  --seed N             seed for the shuffles (default: ${DEFAULT_TRAIN_OPTIONS.seed})
  --folds K            cross-validation folds (default: ${DEFAULT_TRAIN_OPTIONS.folds})
  --test-size F        share of rows held out for the final test (default: ${DEFAULT_TRAIN_OPTIONS.testSize})
  --min-accuracy A     refuse to write a model whose test accuracy is below A (default: ${DEFAULT_MIN_ACCURACY})
  --out FILE           where to write the artifact (default: artifacts/model.json)`;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: IRIS_CSV_PATH },
      target: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.seed) },
      folds: { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.folds) },
      'test-size': { type: 'string', default: String(DEFAULT_TRAIN_OPTIONS.testSize) },
      'min-accuracy': { type: 'string', default: String(DEFAULT_MIN_ACCURACY) },
      out: { type: 'string', default: DEFAULT_ARTIFACT_PATH },
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
  return {
    help: values.help,
    data: values.data,
    target: values.target,
    out: values.out,
    seed: number('seed', values.seed, Number.isSafeInteger, 'an integer'),
    folds: number('folds', values.folds, (value) => Number.isInteger(value) && value >= 2, 'an integer of at least 2'),
    testSize: number('test-size', values['test-size'], (value) => value > 0 && value < 1, 'a number between 0 and 1'),
    minAccuracy: number('min-accuracy', values['min-accuracy'], (value) => value >= 0 && value <= 1, 'a number from 0 to 1'),
  };
}

function main(argv: string[]): number {
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
  const artifact = trainModel(dataset, {
    seed: options.seed,
    folds: options.folds,
    testSize: options.testSize,
    environment: collectEnvironment(),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  const seconds = (performance.now() - started) / 1000;

  process.stdout.write(`${formatTrainingReport(artifact)}\n\n`);
  if (artifact.metrics.testAccuracy < options.minAccuracy) {
    process.stderr.write(
      `Refusing to write the model: test accuracy ${artifact.metrics.testAccuracy.toFixed(3)} is below --min-accuracy ${options.minAccuracy}. ` +
        `${options.out} was left as it was.\n`,
    );
    return 1;
  }
  writeArtifactFile(options.out, artifact);
  process.stdout.write(`Wrote ${options.out} (model version ${artifact.modelVersion}) in ${seconds.toFixed(1)} s\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof DatasetError || error instanceof ArtifactError || error instanceof RangeError) {
    process.stderr.write(`train: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
