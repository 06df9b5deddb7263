// npm run drift -- --data current.csv [--artifact artifacts/model.json] [--reference train.csv]
//                  [--out drift.html] [--json] [--correction bonferroni|fdr|none] [--p 0.05]
//                  [--distance 0.1] [--psi 0.1] [--share 0.5] [--fail-on any|dataset]
// npm run drift -- --logs exported.json [--json]
// Is production data still the data the model was trained on? Compares the rows of a CSV
// (streamed: any size) with the reference profile the artifact holds; exits 3 when drift
// is found, so a cron job or CI step can retrain. Exit 1: bad input; 2: bad usage.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { createCellReader } from '../pipeline/data/cells.ts';
import { parseIsoDate } from '../pipeline/data/dates.ts';
import { createDriftAccumulator } from '../pipeline/drift/accumulate.ts';
import { checkDrift, DRIFT_DEFAULTS, type DriftCheck, type DriftOptions } from '../pipeline/drift/check.ts';
import { compareProfile } from '../pipeline/drift/compare.ts';
import { DriftInputError, streamCurrentRows } from '../pipeline/drift/current-rows.ts';
import { ks2samp } from '../pipeline/drift/ks.ts';
import { LogInputError, summarizeLogFile, WARNING_KINDS } from '../pipeline/drift/logs.ts';
import { renderDriftReport } from '../pipeline/drift/report.ts';
import { withRareNames } from '../pipeline/drift/training-profile.ts';
import { appendDriftCheck, DEFAULT_RUNS_DIR, RunsError } from '../pipeline/runs/store.ts';
import { parseFlags } from './cli-args.ts';
import { fileDelimiter } from './csv-scoring.ts';
import { printErr, printOut } from './terminal.ts';
import { formatTable } from './text-table.ts';
import { fromUser } from './user-path.ts';

const USAGE = `Usage: npm run drift -- --data current.csv [options]
       npm run drift -- --logs exported.json [--json]

  --data FILE          production rows as CSV: a header naming at least the model's features
  --artifact FILE      the model (default: artifacts/model.json)
  --reference FILE     the training CSV: numbers are then tested against its exact values,
                       not the profile's bins
  --out FILE           also write an HTML report
  --json               the result as JSON on stdout, instead of the table
  --p P                a test's p-value threshold before correction (default ${DRIFT_DEFAULTS.pValue})
  --correction C       bonferroni (default), fdr (Benjamini–Hochberg) or none
  --distance D         Evidently's threshold for Wasserstein and Jensen–Shannon (default ${DRIFT_DEFAULTS.distance})
  --psi D              the PSI threshold (default ${DRIFT_DEFAULTS.psi})
  --share S            Evidently's data-set rule: drift when this share of features drift by distance (default ${DRIFT_DEFAULTS.datasetShare})
  --fail-on any|dataset  exit 3 when any feature or the predictions drift by their tests
                       (default), or when the data set drifts by the share rule
  --logs FILE          summarise the function's log lines from a Cloud Logging or CloudWatch export:
                       requests, rows and rows with warnings per model version and hour
  --runs-dir DIR       where the check is recorded (default: artifacts/runs)

Exit status: 0 no drift, 3 drift found, 1 bad input, 2 bad usage.`;

class UsageError extends Error {}

function options(argv: string[]) {
  const { values } = parseFlags({
    args: argv,
    options: {
      data: { type: 'string' },
      artifact: { type: 'string' },
      reference: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      p: { type: 'string', default: String(DRIFT_DEFAULTS.pValue) },
      correction: { type: 'string', default: DRIFT_DEFAULTS.correction },
      distance: { type: 'string', default: String(DRIFT_DEFAULTS.distance) },
      psi: { type: 'string', default: String(DRIFT_DEFAULTS.psi) },
      share: { type: 'string', default: String(DRIFT_DEFAULTS.datasetShare) },
      'fail-on': { type: 'string', default: DRIFT_DEFAULTS.failOn },
      logs: { type: 'string' },
      'runs-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const fraction = (flag: string, text: string) => {
    const value = Number(text);
    if (text.trim() === '' || !(value > 0 && value <= 1)) throw new UsageError(`--${flag} must be a number above 0 and at most 1, got "${text}"`);
    return value;
  };
  const oneOf = <T extends string>(flag: string, text: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
    return text as T;
  };
  if (!values.help && (values.data === undefined) === (values.logs === undefined)) throw new UsageError('give --data (a CSV to check) or --logs (a log export to summarise)');
  const drift: DriftOptions = {
    pValue: fraction('p', values.p),
    correction: oneOf('correction', values.correction, ['bonferroni', 'fdr', 'none']),
    distance: fraction('distance', values.distance),
    psi: Number(values.psi) > 0 ? Number(values.psi) : fraction('psi', values.psi),
    datasetShare: fraction('share', values.share),
    failOn: oneOf('fail-on', values['fail-on'], ['any', 'dataset']),
  };
  return { values, drift };
}

function numbersOf(path: string, names: readonly string[], cells: Parameters<typeof createCellReader>[0], dates: ReadonlySet<string>): Map<string, Float64Array> {
  const [header, ...records] = parse(readFileSync(path), { bom: true, delimiter: fileDelimiter(path), skip_empty_lines: true, relax_column_count: true }) as string[][];
  const reader = createCellReader(cells);
  const columns = new Map<string, Float64Array>();
  for (const name of names) {
    const at = header.map((cell) => cell.trim()).indexOf(name);
    if (at < 0) throw new DriftInputError(`${path}:1: the reference has no column "${name}"`);
    columns.set(name, Float64Array.from(records, (record) => (dates.has(name) ? (parseIsoDate(record[at] ?? '')?.epoch ?? NaN) : (reader.number(record[at] ?? '') ?? NaN))));
  }
  return columns;
}

function present(values: Float64Array): Float64Array {
  return values.filter((value) => !Number.isNaN(value));
}

async function checkData(values: ReturnType<typeof options>['values'], drift: DriftOptions): Promise<number> {
  const artifactPath = values.artifact ? fromUser(values.artifact) : DEFAULT_ARTIFACT_PATH;
  const artifact = readArtifactFile(artifactPath);
  if (!artifact.profile) throw new ArtifactError(`${artifactPath} holds no reference profile (it was not trained by this kit, or before it kept one): train it again, or import it with --data`);
  const profile = withRareNames(artifact.profile, artifact.inputs);
  const model = servingModelOf(artifact);
  const data = fromUser(values.data!);
  const accumulator = createDriftAccumulator(profile);
  const numeric = artifact.inputs.filter((input) => input.type !== 'categorical').map((input) => input.name);
  const streamed = await streamCurrentRows(data, fileDelimiter(data), model, accumulator, values.reference ? numeric : []);
  const counts = accumulator.counts();
  const compared = compareProfile(profile, counts);
  if (values.reference) {
    // The exact two-sample test against the training file's own values, where it is given.
    const reference = numbersOf(fromUser(values.reference), numeric, artifact.cells, new Set(artifact.inputs.filter((input) => input.type === 'date').map((input) => input.name)));
    for (const feature of compared) {
      const current = streamed.kept.get(feature.name);
      const ref = reference.get(feature.name);
      if (!current || !ref || feature.test !== 'ks') continue;
      const [x, y] = [present(ref), present(current)];
      if (x.length === 0 || y.length === 0) continue;
      const exact = ks2samp(x, y);
      feature.statistic = exact.statistic;
      feature.pValue = exact.pValue;
    }
  }
  const check = checkDrift(compared, drift);
  const checkedAt = new Date().toISOString();
  const exitCode = check.fails ? 3 : 0;
  if (values.out) {
    writeFileAtomic(fromUser(values.out), renderDriftReport({ check, profile, counts, modelVersion: artifact.modelVersion, dataFile: basename(data), rows: streamed.rows, checkedAt }));
  }
  const runsDir = values['runs-dir'] ? fromUser(values['runs-dir']) : DEFAULT_RUNS_DIR;
  appendDriftCheck(runsDir, {
    checkedAt,
    modelVersion: artifact.modelVersion,
    dataFile: data,
    rows: streamed.rows,
    drifted: check.drifted,
    driftedFeatures: check.features.filter((feature) => feature.drifted).map((feature) => feature.name),
    datasetDrift: check.datasetDrift.drift,
    exitCode,
  });
  if (values.json) printOut(`${JSON.stringify(jsonOf(check, streamed.rows, streamed.unscored, artifact.modelVersion), null, 2)}\n`);
  else printOut(`${tableOf(check, streamed.rows, streamed.unscored, artifact.modelVersion, basename(data), values.out)}\n`);
  return exitCode;
}

function jsonOf(check: DriftCheck, rows: number, unscored: number, modelVersion: string) {
  const entry = (f: DriftCheck['features'][number]) => ({
    name: f.name,
    test: f.test,
    statistic: f.statistic,
    p_value: f.pValue,
    distance: f.test === 'ks' && f.kind === 'numeric' ? f.distances.wasserstein : f.distances.jensenShannon,
    distances: { wasserstein: f.distances.wasserstein, jensen_shannon: f.distances.jensenShannon, psi: f.distances.psi },
    missing_share: { reference: f.reference.missingShare, current: f.current.missingShare },
    ...(f.unseen ? { unseen_rows: f.unseen.rows } : {}),
    ...(f.outOfRange ? { out_of_range: f.outOfRange } : {}),
    drifted: f.drifted,
    drifted_by_distance: f.distanceDrifted,
  });
  const predictions = check.features.find((f) => f.role === 'prediction');
  return {
    drifted: check.fails,
    model_version: modelVersion,
    rows,
    unscored_rows: unscored,
    p_value_threshold: check.threshold,
    features: check.features.filter((f) => f.role === 'feature').map(entry),
    predictions: predictions ? entry(predictions) : null,
    dataset: { drifted_by_distance: check.datasetDrift.drifted, compared: check.datasetDrift.compared, share: check.datasetDrift.share, drift: check.datasetDrift.drift },
  };
}

function tableOf(check: DriftCheck, rows: number, unscored: number, modelVersion: string, dataFile: string, report: string | undefined): string {
  const value = (v: number | null, digits = 4) => (v === null ? '—' : Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(2) : v.toFixed(digits));
  const table = formatTable(
    ['feature', 'test', 'statistic', 'p-value', 'Wasserstein', 'Jensen–Shannon', 'PSI', 'missing', 'unseen', 'drifted?'],
    check.features.map((f) => [
      f.role === 'prediction' ? '(predictions)' : f.name,
      f.test === 'ks' ? 'KS' : 'chi2',
      value(f.statistic),
      value(f.pValue),
      value(f.distances.wasserstein),
      value(f.distances.jensenShannon),
      value(f.distances.psi),
      `${(f.reference.missingShare * 100).toFixed(1)}% → ${(f.current.missingShare * 100).toFixed(1)}%`,
      f.unseen ? String(f.unseen.rows) : f.outOfRange ? `${f.outOfRange.below + f.outOfRange.above} out of range` : '',
      f.drifted ? 'DRIFTED' : f.distanceDrifted ? 'by distance' : 'no',
    ]),
  );
  const drifted = check.features.filter((f) => f.drifted).map((f) => (f.role === 'prediction' ? 'the predictions' : f.name));
  return [
    `${rows} rows of ${dataFile} against the training part of model ${modelVersion}${unscored ? ` (${unscored} could not be scored: their predictions are not compared)` : ''}`,
    table,
    '',
    `Tests at p < ${value(check.threshold, 6)} (0.05 corrected for the features tested); distances at Evidently's thresholds.`,
    `Evidently's data-set rule: ${check.datasetDrift.drifted} of ${check.datasetDrift.compared} features drift by distance (${(check.datasetDrift.share * 100).toFixed(0)}%)${check.datasetDrift.drift ? ', so the data set drifts' : ''}.`,
    drifted.length ? `Drift found in ${drifted.join(', ')}: time to retrain on fresh data (npm run train).` : 'No drift found.',
    ...(report ? [`Report: ${report}`] : []),
  ].join('\n');
}

async function summarizeLogs(values: ReturnType<typeof options>['values']): Promise<number> {
  const summary = await summarizeLogFile(fromUser(values.logs!));
  if (values.json) {
    printOut(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const table = formatTable(
    ['model version', 'hour (UTC)', 'requests', 'failed', 'rows', ...WARNING_KINDS.map((kind) => `rows ${kind}`)],
    summary.hours.map((hour) => [hour.modelVersion, hour.hour, hour.requests, hour.failed, hour.rows, ...WARNING_KINDS.map((kind) => hour.warningRows[kind] ?? 0)]),
  );
  printOut(`${summary.requests} request log lines in a ${summary.format} export (${summary.skipped} other entries skipped)\n${table}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    printErr(`drift: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    printOut(`${USAGE}\n`);
    return 0;
  }
  try {
    return parsed.values.logs ? await summarizeLogs(parsed.values) : await checkData(parsed.values, parsed.drift);
  } catch (error) {
    if (error instanceof DriftInputError || error instanceof ArtifactError || error instanceof RunsError || error instanceof LogInputError) {
      printErr(`drift: ${(error as Error).message}\n`);
      return 1;
    }
    if (error instanceof CsvError) {
      printErr(`drift: ${parsed.values.data}: not valid CSV (${error.message})\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
