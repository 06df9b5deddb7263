// npm run import -- model.pkl [--out artifacts/model.json] [--data sample.csv] [--target COL] [--features a,b,…] [--runs-dir DIR]
// Reads a fitted scikit-learn classifier or linear regressor from a pickle (joblib.dump or pickle.dump)
// without running any of it, and writes it as the kit's model file: npm run build then
// packages it like a trained one. It prints what it read, step by step, and the run is
// recorded in the run history like a training run (npm run runs, npm run promote).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, serializeArtifact, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import type { ImportedArtifact } from '../pipeline/artifact/imported.ts';
import { collectEnvironment } from '../pipeline/artifact/provenance.ts';
import { importSklearnModelFile, ModelImportError, type ImportedModel } from '../pipeline/import/index.ts';
import { describeEstimator } from '../pipeline/import/sklearn/describe.ts';
import { importedArtifactOf, sealed } from '../pipeline/import/to-artifact/index.ts';
import { checkOnSample, readSample, sampleValues, withSampleStats, withSampleTarget, type Sample, type SampleCheck } from '../pipeline/import/to-artifact/sample.ts';
import { failedRun, importedRun, type RunStart } from '../pipeline/runs/record.ts';
import { appendPromotion, createRunId, DEFAULT_RUNS_DIR, recordRun, RUN_ARTIFACT } from '../pipeline/runs/store.ts';
import { parseFlags } from './cli-args.ts';
import { runCli } from './run-cli.ts';
import { printable, printErr, printOut } from './terminal.ts';
import { formatTable } from './text-table.ts';
import { fromUser } from './user-path.ts';

const USAGE = `Usage: npm run import -- model.pkl [--out artifacts/model.json] [--data sample.csv] [--target COL] [--features a,b,…]
  --data      a CSV of rows the model should answer: names the columns when the model
              does not, gives the inputs' ranges, and checks the kit's predictions on it
  --target    the column the model predicts (the answers' name; its accuracy on --data)
  --features  the model's input columns in order, when it was fitted without names
  --runs-dir  the run history the import is recorded in (default: artifacts/runs)`;

/** Rows of --data whose predictions are printed (the check covers them all). */
const SHOWN_ROWS = 10;

const COMPRESSION = { none: 'uncompressed', zlib: 'zlib-compressed', gzip: 'gzip-compressed' } as const;

function printRead(modelFile: string, imported: ImportedModel, sklearnVersion: string): void {
  printOut(`Read ${modelFile} (${COMPRESSION[imported.compression]} pickle, protocol ${imported.protocol}, saved by scikit-learn ${sklearnVersion}):\n`);
  // Every line escaped whole: a step's name comes from the file.
  for (const { depth, text } of describeEstimator(imported.estimator)) printOut(`${'  '.repeat(depth + 1)}${printable(text, true)}\n`);
}

function printPredictions(artifact: ImportedArtifact, sample: Sample, check: SampleCheck): void {
  const targetAt = sample.header.indexOf(artifact.target);
  const shown = Math.min(SHOWN_ROWS, check.rows);
  const k = artifact.task === 'classification' ? artifact.classes.length : 1;
  const rows = check.lines.slice(0, shown).map((line, i) => {
    const cells: (string | number)[] = [line];
    if (artifact.task === 'classification') {
      let best = 0;
      for (let c = 1; c < k; c++) if (check.outputs[i * k + c] > check.outputs[i * k + best]) best = c;
      cells.push(artifact.classes[best], check.outputs[i * k + best].toFixed(4));
    } else {
      cells.push(Number(check.outputs[i].toPrecision(6)));
    }
    if (targetAt >= 0) cells.push(sample.rows[line - 2][targetAt].trim());
    return cells;
  });
  const header = ['line', artifact.task === 'classification' ? 'predicted' : `predicted ${artifact.target}`, ...(artifact.task === 'classification' ? ['probability'] : []), ...(targetAt >= 0 ? [artifact.target] : [])];
  const more = check.rows > shown ? `\n  … and ${check.rows - shown} more rows` : '';
  printOut(`  predictions on ${sample.file}${check.rows > shown ? ` (the first ${shown})` : ''}:\n${formatTable(header, rows).replace(/^/gm, '    ')}${more}\n`);
}

interface Flags {
  out?: string;
  data?: string;
  target?: string;
  features?: string;
}

function main(argv: string[]): number {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, data: { type: 'string' }, 'runs-dir': { type: 'string' }, target: { type: 'string' }, features: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    printErr(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    printErr(`import: give one model file (got ${positionals.length})\n${USAGE}\n`);
    return 2;
  }
  const startedAt = new Date();
  const modelPath = fromUser(positionals[0]);
  const runsDir = values['runs-dir'] === undefined ? DEFAULT_RUNS_DIR : fromUser(values['runs-dir']);
  const start = { runId: createRunId(startedAt), startedAt, command: argv, dataFile: values.data === undefined ? modelPath : fromUser(values.data) };
  try {
    return importModel(values, modelPath, runsDir, start);
  } catch (error) {
    // A refused file is recorded too, as a failed run of an import: the history shows what was tried.
    if (error instanceof ModelImportError || error instanceof ArtifactError) {
      try {
        recordRun(runsDir, { ...failedRun(start, error, (Date.now() - startedAt.getTime()) / 1000), source: 'import' }, {});
      } catch (recordError) {
        printErr(`import: the failed import could not be recorded in ${runsDir} (${(recordError as Error).message})\n`);
      }
    }
    throw error;
  }
}

function importModel(values: Flags, modelPath: string, runsDir: string, start: RunStart): number {
  const { runId, startedAt } = start;
  const out = values.out === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.out);
  const imported = importSklearnModelFile(modelPath);
  const modelFile = basename(modelPath);
  const named = (error: unknown) => (error instanceof ModelImportError ? new ModelImportError(`${modelFile}: ${error.message}`) : error);
  const sample = values.data === undefined ? null : readSample(fromUser(values.data));
  const options = {
    modelFile,
    modelSha256: createHash('sha256').update(readFileSync(modelPath)).digest('hex'),
    features: values.features === undefined ? null : values.features.split(',').map((name) => name.trim()),
    dataColumns: sample?.header ?? null,
    target: values.target ?? null,
    environment: collectEnvironment(),
  };
  let artifact;
  let check = null;
  try {
    artifact = importedArtifactOf(imported, options);
    if (sample) {
      const sampled = sampleValues(sample, artifact.inputs);
      artifact = withSampleTarget(withSampleStats(artifact, sampled), sample);
      check = checkOnSample(artifact, sample, sampled);
      artifact = sealed({ ...artifact, provenance: { ...artifact.provenance, check: { dataFile: sample.file, dataSha256: sample.sha256, rows: check.rows, metric: check.metric, score: check.score } } }, modelFile);
    }
  } catch (error) {
    throw named(error);
  }
  writeArtifactFile(out, artifact);
  // Recorded like a training run, and writing the file npm run build packages is a promotion (--previous goes back).
  recordRun(runsDir, importedRun(start, artifact, (Date.now() - startedAt.getTime()) / 1000), { [RUN_ARTIFACT]: serializeArtifact(artifact) });
  appendPromotion(runsDir, { runId, modelVersion: artifact.modelVersion, promotedAt: new Date().toISOString(), artifact: out });
  const { provenance } = artifact;
  printRead(modelFile, imported, provenance.sklearnVersion);
  printOut(`Imported as ${provenance.family} (scikit-learn ${provenance.sklearnVersion}), ${artifact.features.length} features from ${provenance.featureNames}: ${artifact.features.join(', ')}\n`);
  if (artifact.task === 'classification') printOut(`  classes: ${artifact.classes.join(', ')}\n`);
  else printOut(`  predicts "${artifact.target}" (a number)\n`);
  if (check) {
    const score = check.score === null ? '' : `, ${check.metric === 'r2' ? 'R²' : 'accuracy'} ${check.score.toFixed(4)} against "${artifact.target}"`;
    printOut(`  checked on ${check.rows} rows of ${sample!.file}${check.skipped ? ` (${check.skipped} skipped: a missing cell and no imputer)` : ''}${score}\n`);
    printPredictions(artifact, sample!, check);
  }
  printOut(`Run ${runId} recorded in ${relative(process.cwd(), runsDir) || runsDir} as an import (npm run runs lists it, npm run promote -- ${runId} makes it the packaged model again)\n`);
  printOut(`Model ${artifact.modelVersion} → ${relative(process.cwd(), out) || out}; npm run build -- --artifact ${relative(process.cwd(), out) || out} packages it\n`);
  return 0;
}

runCli('import', USAGE, main, [ModelImportError, ArtifactError]);
