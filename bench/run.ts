// npm run bench: our function and the Python function it replaces, measured side by
// side in one run on this machine. A table on stdout, the same figures in
// artifacts/bench-function.json. Servers and load stay on 127.0.0.1; every process is stopped.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { benchMachine, writeBenchRecord } from './record.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { largest } from '../pipeline/data/extremes.ts';
import { matrixFromRows, rowsOf } from '../pipeline/data/matrix.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { ARTIFACTS_DIR, ensureArchive, unpackArchive } from '../scripts/archives.ts';
import { unpackZip } from '../scripts/unzip.ts';
import { loadCsvRecords } from './records.ts';
import { runTsScript } from '../scripts/run-ts-script.ts';
import { formatTable } from '../scripts/text-table.ts';
import { runPostLoad, type LoadFigures } from './load.ts';
import { findPeer, hasPandas, measurePeerInProcess, peerInstallMb, PEER_DIR, trainPeer, type Peer } from './peer.ts';
import { cpuSeconds, freePort, peakRssMb, ROOT, startPinned, timeProcess, waitForPort, lambdaColdScript } from './processes.ts';
import { summarize, type Summary } from './stats.ts';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const HTTP_ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
const CONNECTIONS = 32;
const BATCH_ROWS = 150_000;
const SERVER_CPU = 0;
const LOAD_CPU = 1;

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const work = mkdtempSync(join(tmpdir(), 'kit-bench-'));
// The benchmark's training runs are not the user's: their records stay in the scratch folder.
process.env.KIT_RUNS_DIR = join(work, 'runs');
const stops: (() => Promise<void>)[] = [];
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const iris = loadCsvFile(IRIS_CSV_PATH);
const irisRows = rowsOf(iris.X);
const records = irisRows.map((row) => Object.fromEntries(iris.featureNames.map((name, j) => [name, row[j]])));
const setosaBody = JSON.stringify(records[0]);
// Always rebuilt: the figures must be of the code as it is now, not of an old archive.
log('building the archives');
if (runTsScript('scripts/build.ts', ['--out-dir', ARTIFACTS_DIR]) !== 0) process.exit(1);
const gcpZip = ensureArchive('gcp');
const awsZip = ensureArchive('aws');
const model = servingModelOf(readArtifactFile(join(ARTIFACTS_DIR, 'model.json')));
const aws = unpackArchive('aws', join(work, 'aws'));
const gcp = unpackArchive('gcp', join(work, 'gcp'));

const found = findPeer();
const peer: Peer | undefined = 'missing' in found ? undefined : found;
if (!peer) log(`the Python peer cannot run: ${(found as { missing: string }).missing}. Measuring our side only.`);
const peerModel = join(work, 'model.pkl');
if (peer) trainPeer(peer, IRIS_CSV_PATH, peerModel);

// --- cold start: fresh process to first prediction answered, runs interleaved -----------
log(`cold start: ${COLD_RUNS} runs each, interleaved`);
const v2Event = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/lambda-events/apigw-v2-request-no-authorizer.json'), 'utf8'));
v2Event.requestContext.http.method = 'POST';
v2Event.headers['content-type'] = 'application/json';
v2Event.body = setosaBody;
// What Lambda's runtime does with a .js handler: require() it, call it with the event.
const cold: Record<string, number[]> = { node: [], ours: [], python: [], peer: [] };
for (let i = 0; i < COLD_RUNS; i++) {
  cold.node.push(timeProcess(process.execPath, ['-e', '0']));
  cold.ours.push(timeProcess(process.execPath, ['-e', lambdaColdScript, JSON.stringify(v2Event)], { cwd: aws.dir }));
  if (peer) {
    cold.python.push(timeProcess(peer.python, ['-c', 'pass']));
    cold.peer.push(timeProcess(peer.python, [join(PEER_DIR, 'cold_start.py'), peerModel]));
  }
}

// --- in process ---------------------------------------------------------------------------
log('in process: one prediction through the Lambda adapter, a 1000-row request, batch throughput');
const rowsJson = join(work, 'rows.json');
writeFileSync(rowsJson, JSON.stringify(records));
const resultFile = join(work, 'in-process.json');
const inProcess = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/in-process-runner.ts'), aws.dir, rowsJson, resultFile], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (inProcess.status !== 0) throw new Error('the in-process measurement failed');
const { singleMicros, batchMillis } = JSON.parse(readFileSync(resultFile, 'utf8')) as { singleMicros: number[]; batchMillis: number[] };

// Models whose inputs cost more than numbers: categorical features and imputers (the mixed
// table: ";" CSV, gaps, text columns) and a date (Seattle weather: the date read into year,
// month, day, weekday and the season). Logistic regression, so that the figure is the
// inputs' cost; bench:families has each family's.
function inputsModel(name: string, csv: string, target: string | null) {
  log(`${name}: train, build, cold start and one prediction in process`);
  const dir = join(work, name);
  mkdirSync(dir);
  const targetArgs = target === null ? [] : ['--target', target];
  if (runTsScript('scripts/train.ts', ['--data', csv, ...targetArgs, '--out', join(dir, 'model.json'), '--model', 'logistic_regression'], { sideStep: true }) !== 0) process.exit(1);
  if (runTsScript('scripts/build.ts', ['--artifact', join(dir, 'model.json'), '--out-dir', dir], { sideStep: true }) !== 0) process.exit(1);
  const aws = join(dir, 'aws');
  unpackZip(readFileSync(join(dir, 'aws-lambda.zip')), aws);
  const served = servingModelOf(readArtifactFile(join(dir, 'model.json')));
  const records = loadCsvRecords(csv, served.inputs, served.cells);
  const rowsJson = join(work, `${name}-rows.json`);
  writeFileSync(rowsJson, JSON.stringify(records));
  const result = join(work, `${name}-in-process.json`);
  if (spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/in-process-runner.ts'), aws, rowsJson, result], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
    throw new Error(`the in-process measurement of the ${name} model failed`);
  }
  const single = summarize((JSON.parse(readFileSync(result, 'utf8')) as { singleMicros: number[] }).singleMicros);
  const event = structuredClone(v2Event);
  event.body = JSON.stringify(records[0]);
  const cold: number[] = [];
  const nodeCold: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    nodeCold.push(timeProcess(process.execPath, ['-e', '0']));
    cold.push(timeProcess(process.execPath, ['-e', lambdaColdScript, JSON.stringify(event)], { cwd: aws }));
  }
  return { single, cold: summarize(cold), nodeCold: summarize(nodeCold), zipKb: statSync(join(dir, 'aws-lambda.zip')).size / 1024 };
}
const mixed = inputsModel('mixed', join(ROOT, 'tests/fixtures/sklearn/mixed.csv'), null);
const dated = inputsModel('dates', join(ROOT, 'tests/fixtures/tables/seattle_weather.csv'), 'weather');

const batchRows = Array.from({ length: BATCH_ROWS }, (_, i) => irisRows[i % irisRows.length]);
const batchMatrix = matrixFromRows(batchRows);
const rowsCsv = join(work, 'rows.csv');
writeFileSync(rowsCsv, `${batchRows.map((row) => row.join(',')).join('\n')}\n`);
const ourBatch: number[] = [];
for (let run = 0; run < 8; run++) {
  const started = process.hrtime.bigint();
  predictProba({ scaler: model.scaler, classifier: model.classifier! }, batchMatrix, model.classes!.length);
  if (run > 0) ourBatch.push(BATCH_ROWS / (Number(process.hrtime.bigint() - started) / 1e9));
}
const peerInProcess = peer ? measurePeerInProcess(peer, peerModel, rowsCsv) : undefined;

// --- batch scoring of a CSV: npm run predict vs pandas ---------------------------------------
const SCORE_ROWS = 1_000_000;
const scoreCsv = join(work, 'score.csv');
writeFileSync(scoreCsv, `${iris.featureNames.join(',')}\n${Array.from({ length: SCORE_ROWS }, (_, i) => irisRows[i % irisRows.length].join(',')).join('\n')}\n`);
log(`batch scoring ${SCORE_ROWS} rows: npm run predict${peer ? ' and pandas' : ''}`);
const predictRun = spawnSync('npm', ['run', '--silent', 'predict', '--', '--data', scoreCsv, '--out', join(work, 'scored.csv')], { cwd: ROOT, encoding: 'utf8' });
if (predictRun.status !== 0) throw new Error(`npm run predict failed: ${predictRun.stderr}`);
const oursScoreSeconds = Number(/scored in ([\d.]+) s/.exec(predictRun.stderr)?.[1]);
const peerScoreSeconds = peer && hasPandas(peer) ? Number(spawnSync(peer.python, [join(PEER_DIR, 'score_csv.py'), peerModel, scoreCsv, join(work, 'pandas-scored.csv')], { encoding: 'utf8' }).stdout) : undefined;
rmSync(scoreCsv);

// --- HTTP on one core ---------------------------------------------------------------------
interface HttpFigures extends LoadFigures {
  serverCpuPercent: number;
  peakRssMb: number;
  /** req/s of each round, for the spread */
  rounds: number[];
}

/**
 * Rounds that take each server in turn (started, warmed up, measured, stopped, so that
 * only one server is ever on its CPU), so a noisy stretch of this shared machine hits
 * every side instead of one. The figures are the medians over the rounds.
 */
async function measureHttp(servers: Record<string, (port: number) => ReturnType<typeof startPinned>>): Promise<Record<string, HttpFigures>> {
  const rounds: Record<string, (LoadFigures & { cpuPercent: number; peakRssMb: number })[]> = {};
  for (let round = 0; round < HTTP_ROUNDS; round++) {
    for (const [key, start] of Object.entries(servers)) {
      log(`HTTP round ${round + 1}/${HTTP_ROUNDS}: ${key}, ${CONNECTIONS} connections, ${HTTP_SECONDS} s`);
      const port = await freePort();
      const server = start(port);
      stops.push(server.stop);
      try {
        await waitForPort(port, server.child);
        const url = `http://127.0.0.1:${port}/`;
        runPostLoad(LOAD_CPU, url, setosaBody, CONNECTIONS, 2, work);
        const cpuBefore = cpuSeconds(server.child.pid!);
        const result = runPostLoad(LOAD_CPU, url, setosaBody, CONNECTIONS, HTTP_SECONDS, work);
        const cpuPercent = ((cpuSeconds(server.child.pid!) - cpuBefore) / HTTP_SECONDS) * 100;
        (rounds[key] ??= []).push({ ...result, cpuPercent, peakRssMb: peakRssMb(server.child.pid!) });
      } finally {
        await server.stop();
      }
    }
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([key, runs]) => [
      key,
      {
        tool: runs[0].tool,
        requestsPerSecond: summarize(runs.map((run) => run.requestsPerSecond)).median,
        p99Ms: summarize(runs.map((run) => run.p99Ms)).median,
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
        unexpectedStatuses: runs.reduce((sum, run) => sum + run.unexpectedStatuses, 0),
        serverCpuPercent: summarize(runs.map((run) => run.cpuPercent)).median,
        peakRssMb: largest(runs.map((run) => run.peakRssMb)),
        rounds: runs.map((run) => Math.round(run.requestsPerSecond)),
      },
    ]),
  );
}

const functionsFramework = (source: string) => (port: number) =>
  startPinned(SERVER_CPU, process.execPath, [
    '-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
    '--target=predict', `--source=${source}`, `--port=${port}`,
  ], { env: { NODE_ENV: 'production', API_KEY: undefined, CORS_ORIGINS: '' } });
// As functions-framework-python serves a function: one worker, 4 threads per CPU, no timeout.
const gunicorn = (module: string) => (port: number) =>
  startPinned(SERVER_CPU, peer!.gunicorn, ['--workers', '1', '--threads', '4', '--timeout', '0', '--log-level', 'error', '--bind', `127.0.0.1:${port}`, '--chdir', PEER_DIR, `${module}:app`], { env: { MODEL_PATH: peerModel } });
// The framework's own ceiling: a function that answers a constant without reading anything.
const noOpDir = join(work, 'no-op');
mkdirSync(noOpDir);
writeFileSync(join(noOpDir, 'index.js'), `exports.predict = (req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"predicted_class":0}'); };\n`);

log(`HTTP: ${HTTP_ROUNDS} rounds, servers on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}`);
const http = await measureHttp({
  ours: functionsFramework(gcp.dir),
  frameworkNoOp: functionsFramework(noOpDir),
  ...(peer ? { peerOnce: gunicorn('main_load_once'), peerPerRequest: gunicorn('main_load_per_request') } : {}),
});

// --- sizes and report -----------------------------------------------------------------------
const zipBytes = { gcp: statSync(gcpZip).size, aws: statSync(awsZip).size };
const peerMb = peer ? peerInstallMb(peer) : undefined;
const coldOurs = summarize(cold.ours);
const coldNode = summarize(cold.node);
const coldPeer = peer ? summarize(cold.peer) : undefined;
const single = summarize(singleMicros);
const batch1000 = summarize(batchMillis);
const batchOurs = summarize(ourBatch);
const peerOne = peerInProcess ? summarize(peerInProcess.one_row_us) : undefined;
const peerBatch = peerInProcess ? summarize(peerInProcess.batch_rows_per_s) : undefined;

const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const range = (s: Summary | undefined, digits = 1, unit = '') => (s ? `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : 'n/a');
const httpCell = (figures: HttpFigures | undefined, pick: (f: HttpFigures) => string) => (figures ? pick(figures) : 'n/a');
const rows: string[][] = [
  ['cold start to first prediction', `${range(coldOurs, 1, ' ms')} Lambda bundle`, coldPeer ? `${range(coldPeer, 1, ' ms')} python+joblib` : 'n/a'],
  ['bare runtime start', `${range(coldNode, 1, ' ms')} node -e 0`, peer ? `${range(summarize(cold.python), 1, ' ms')} python3 -c pass` : 'n/a'],
  ['one prediction in process', `${range(single, 2, ' µs')} Lambda adapter, HTTP API 2.0`, `${range(peerOne, 1, ' µs')} pipe.predict`],
  ['1000-row request in process', `${range(batch1000, 3, ' ms')}`, '—'],
  ['mixed table (2 text, 3 numeric with gaps): one prediction', `${range(mixed.single, 2, ' µs')}; cold start ${range(mixed.cold, 1, ' ms')} (node -e 0: ${range(mixed.nodeCold, 1, ' ms')}); AWS zip ${fmt(mixed.zipKb)} KB`, '—'],
  ['Seattle weather (a date, 4 numbers): one prediction', `${range(dated.single, 2, ' µs')}; cold start ${range(dated.cold, 1, ' ms')} (node -e 0: ${range(dated.nodeCold, 1, ' ms')}); AWS zip ${fmt(dated.zipKb)} KB`, '—'],
  ['batch rows/s in process', `${fmt(batchOurs.median, 0)} predictProba`, peerBatch ? `${fmt(peerBatch.median, 0)} predict_proba` : 'n/a'],
  ['HTTP req/s, 1 core, 32 conns', `${httpCell(http.ours, (f) => fmt(f.requestsPerSecond, 0))} (framework alone, no-op: ${httpCell(http.frameworkNoOp, (f) => fmt(f.requestsPerSecond, 0))})`, peer ? `${httpCell(http.peerOnce, (f) => fmt(f.requestsPerSecond, 0))} load once / ${httpCell(http.peerPerRequest, (f) => fmt(f.requestsPerSecond, 0))} per request` : 'n/a'],
  ['HTTP p99 latency', httpCell(http.ours, (f) => `${fmt(f.p99Ms, 0)} ms`), peer ? `${httpCell(http.peerOnce, (f) => `${fmt(f.p99Ms, 0)} ms`)} / ${httpCell(http.peerPerRequest, (f) => `${fmt(f.p99Ms, 0)} ms`)}` : 'n/a'],
  ['server CPU during load', httpCell(http.ours, (f) => `${fmt(f.serverCpuPercent, 0)}%`), peer ? `${httpCell(http.peerOnce, (f) => `${fmt(f.serverCpuPercent, 0)}%`)} / ${httpCell(http.peerPerRequest, (f) => `${fmt(f.serverCpuPercent, 0)}%`)}` : 'n/a'],
  ['peak RSS while serving', httpCell(http.ours, (f) => `${fmt(f.peakRssMb, 0)} MB`), peer ? `${httpCell(http.peerOnce, (f) => `${fmt(f.peakRssMb, 0)} MB`)} / ${httpCell(http.peerPerRequest, (f) => `${fmt(f.peakRssMb, 0)} MB`)}` : 'n/a'],
  ['CSV scoring, 1M rows, read+score+write', `${fmt(SCORE_ROWS / oursScoreSeconds, 0)} rows/s npm run predict`, peerScoreSeconds ? `${fmt(SCORE_ROWS / peerScoreSeconds, 0)} rows/s pandas + predict_proba + to_csv` : 'n/a (python3-pandas)'],
  ['archive / install size', `${fmt(zipBytes.gcp / 1024)} KB GCP, ${fmt(zipBytes.aws / 1024)} KB AWS`, peerMb ? `${fmt(peerMb)} MB scikit-learn+NumPy+SciPy+joblib` : 'n/a'],
];

const ratio = (a: number, b: number) => a / b;
const targets: [string, number | undefined, string, boolean | undefined][] = [
  ['cold start / bare node', ratio(coldOurs.median, coldNode.median), '≤ 1.15', ratio(coldOurs.median, coldNode.median) <= 1.15],
  ['one prediction in process (µs)', single.median, '≤ 15', single.median <= 15],
  ['1000-row request (ms)', batch1000.median, '≤ 2', batch1000.median <= 2],
  ['one prediction, categorical model (µs)', mixed.single.median, '≤ 15', mixed.single.median <= 15],
  ['one prediction, model with a date (µs)', dated.single.median, '≤ 15', dated.single.median <= 15],
  ['zip size (KB, largest)', Math.max(zipBytes.gcp, zipBytes.aws) / 1024, '≤ 25', Math.max(zipBytes.gcp, zipBytes.aws) <= 25 * 1024],
  ['CSV scoring rows/s (thousands)', SCORE_ROWS / oursScoreSeconds / 1000, '≥ 500', SCORE_ROWS / oursScoreSeconds >= 500_000],
];
if (peerScoreSeconds) targets.push(['CSV scoring, ours / pandas', peerScoreSeconds / oursScoreSeconds, '≥ 1', oursScoreSeconds <= peerScoreSeconds]);
if (peer && coldPeer && peerOne && peerBatch && peerMb) {
  const peerOnce = http.peerOnce.requestsPerSecond;
  const peerPerRequest = http.peerPerRequest.requestsPerSecond;
  targets.push(
    ['cold start, peer / ours', ratio(coldPeer.median, coldOurs.median), '≥ 7.5', ratio(coldPeer.median, coldOurs.median) >= 7.5],
    ['one prediction, peer / ours', ratio(peerOne.median, single.median), '≥ 4', ratio(peerOne.median, single.median) >= 4],
    ['batch rows/s, ours / peer', ratio(batchOurs.median, peerBatch.median), '≥ 1', batchOurs.median >= peerBatch.median],
    ['HTTP req/s, ours / load-once peer', ratio(http.ours.requestsPerSecond, peerOnce), '≥ 1.5', http.ours.requestsPerSecond >= 1.5 * peerOnce],
    ['HTTP req/s, ours / per-request peer', ratio(http.ours.requestsPerSecond, peerPerRequest), '≥ 2.5', http.ours.requestsPerSecond >= 2.5 * peerPerRequest],
    ['install / archive size', (peerMb * 1024 * 1024) / Math.max(zipBytes.gcp, zipBytes.aws), '≥ 1000', (peerMb * 1024 * 1024) / Math.max(zipBytes.gcp, zipBytes.aws) >= 1000],
  );
}

const machine = `${benchMachine()}${peer ? `, Python ${peer.versions.python}, scikit-learn ${peer.versions['scikit-learn']}` : ''}`;
process.stdout.write(`\n${formatTable(['figure', 'ours', 'peer'], rows)}\n\n`);
process.stdout.write(`${formatTable(['target', 'measured', 'goal', 'met'], targets.map(([name, value, goal, met]) => [name, value === undefined ? 'n/a' : fmt(value, 2), goal, met === undefined ? 'n/a' : met ? 'yes' : 'NO']))}\n\n`);
process.stdout.write(`medians (min–max); ${COLD_RUNS} cold starts each; HTTP: ${http.ours.tool}, median of ${HTTP_ROUNDS} interleaved rounds of ${HTTP_SECONDS} s, each after a fresh start and a 2 s warm-up, server pinned to CPU ${SERVER_CPU}, load to CPU ${LOAD_CPU}; ${machine}\n`);
if (!peer) process.stdout.write(`peer not measured: ${(found as { missing: string }).missing}\n`);

const report = {
  machine,
  settings: { coldRuns: COLD_RUNS, httpSeconds: HTTP_SECONDS, httpRounds: HTTP_ROUNDS, connections: CONNECTIONS, batchRows: BATCH_ROWS, serverCpu: SERVER_CPU, loadCpu: LOAD_CPU },
  peer: peer ? peer.versions : { missing: (found as { missing: string }).missing },
  coldStartMs: { ours: coldOurs, node: coldNode, peer: coldPeer, python: peer ? summarize(cold.python) : undefined },
  inProcess: { oursSingleMicros: single, oursInstances1000Millis: batch1000, peerPredictOneRowMicros: peerOne },
  mixedTable: { singleMicros: mixed.single, coldStartMs: mixed.cold, nodeColdStartMs: mixed.nodeCold, awsZipKb: mixed.zipKb },
  dateTable: { singleMicros: dated.single, coldStartMs: dated.cold, nodeColdStartMs: dated.nodeCold, awsZipKb: dated.zipKb },
  batchRowsPerSecond: { ours: batchOurs, peer: peerBatch },
  csvScoringRowsPerSecond: { rows: SCORE_ROWS, ours: SCORE_ROWS / oursScoreSeconds, pandas: peerScoreSeconds ? SCORE_ROWS / peerScoreSeconds : undefined },
  http,
  sizes: { gcpZipBytes: zipBytes.gcp, awsZipBytes: zipBytes.aws, peerInstallMb: peerMb },
  targets: Object.fromEntries(targets.map(([name, value, goal, met]) => [name, { value, goal, met }])),
  // The printed table, as it reads: docs:bench puts it in the README.
  table: rows.map(([figure, ours, python]) => ({ figure, 'the kit': ours, 'the Python function': python })),
};
log(`wrote ${writeBenchRecord('function', report)}`);
for (const stop of stops) await stop();
