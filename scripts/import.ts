// npm run import -- model.pkl [--out artifacts/model.json] [--data sample.csv] [--target COL] [--features a,b,…]
// Reads a fitted scikit-learn classifier or linear regressor from a pickle (joblib.dump or pickle.dump)
// without running any of it, and writes it as the kit's model file: npm run build then
// packages it like a trained one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { collectEnvironment } from '../pipeline/artifact/provenance.ts';
import { importSklearnModelFile, ModelImportError } from '../pipeline/import/index.ts';
import { importedArtifactOf, sealed } from '../pipeline/import/to-artifact/index.ts';
import { checkOnSample, readSample, sampleValues, withSampleStats, withSampleTarget } from '../pipeline/import/to-artifact/sample.ts';
import { parseFlags } from './cli-args.ts';
import { runCli } from './run-cli.ts';
import { printErr, printOut } from './terminal.ts';
import { fromUser } from './user-path.ts';

const USAGE = `Usage: npm run import -- model.pkl [--out artifacts/model.json] [--data sample.csv] [--target COL] [--features a,b,…]
  --data      a CSV of rows the model should answer: names the columns when the model
              does not, gives the inputs' ranges, and checks the kit's predictions on it
  --target    the column the model predicts (the answers' name; its accuracy on --data)
  --features  the model's input columns in order, when it was fitted without names`;

function main(argv: string[]): number {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, data: { type: 'string' }, target: { type: 'string' }, features: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    printErr(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    printErr(`import: give one model file (got ${positionals.length})\n${USAGE}\n`);
    return 2;
  }
  const modelPath = fromUser(positionals[0]);
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
  const { provenance } = artifact;
  printOut(`Imported ${imported.repr.length > 120 ? `${imported.repr.slice(0, 117)}…` : imported.repr}\n`);
  printOut(`  as ${provenance.family} (scikit-learn ${provenance.sklearnVersion}), ${artifact.features.length} features from ${provenance.featureNames}: ${artifact.features.join(', ')}\n`);
  if (artifact.task === 'classification') printOut(`  classes: ${artifact.classes.join(', ')}\n`);
  else printOut(`  predicts "${artifact.target}" (a number)\n`);
  if (check) {
    const score = check.score === null ? '' : `, ${check.metric === 'r2' ? 'R²' : 'accuracy'} ${check.score.toFixed(4)} against "${artifact.target}"`;
    printOut(`  checked on ${check.rows} rows of ${sample!.file}${check.skipped ? ` (${check.skipped} skipped: a missing cell and no imputer)` : ''}${score}\n`);
  }
  printOut(`Model ${artifact.modelVersion} → ${relative(process.cwd(), out) || out}; npm run build -- --artifact ${relative(process.cwd(), out) || out} packages it\n`);
  return 0;
}

runCli('import', USAGE, main, [ModelImportError, ArtifactError]);
