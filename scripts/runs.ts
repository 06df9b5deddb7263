// npm run runs -- [--runs-dir DIR] [--compare A B]
// The run history, newest first, with the promoted run marked; or two runs side by side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH } from '../pipeline/artifact/artifact-file.ts';
import { DEFAULT_RUNS_DIR, findRun, listRuns, RUN_ARTIFACT, RunsError, type MeanStd, type RunRecord } from '../pipeline/runs/store.ts';
import { testMetricName } from '../pipeline/report/summary-parts.ts';
import { describeParams } from './training-report.ts';
import { formatTable } from './text-table.ts';
import { fromUser } from './user-path.ts';
import { runCli } from './run-cli.ts';
import { parseFlags } from './cli-args.ts';
import { printErr, printOut } from './terminal.ts';

const USAGE = 'Usage: npm run runs -- [--runs-dir artifacts/runs] [--artifact artifacts/model.json] [--compare RUN RUN]';

const fixed = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(4));
const meanStd = (value: MeanStd | null | undefined) => (value ? `${value.mean.toFixed(4)} ± ${value.std.toFixed(4)}` : '—');

/** The model version artifacts/model.json holds now: the promoted one, whatever the log says. */
function promotedVersion(artifactPath: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(artifactPath, 'utf8')) as { modelVersion?: string }).modelVersion;
  } catch {
    return undefined;
  }
}

/** What a run ranked by, and its headline test metric (older runs: accuracy). */
const scoringOf = (run: RunRecord) => run.metrics?.scoring ?? 'accuracy';
const testMetricOf = (run: RunRecord) => ((run.task ?? 'classification') === 'regression' ? 'r2' : 'accuracy');

function listTable(runs: RunRecord[], promoted: string | undefined): string {
  let marked = false;
  return formatTable(
    ['', 'run', 'started (UTC)', 'status', 'data', 'task', 'family and settings', 'scoring', 'CV (mean ± std)', 'test', 'model version'],
    runs.map((run) => {
      // The newest run of the promoted version carries the mark (the same data and seed give the same version).
      const isPromoted = !marked && run.modelVersion !== null && run.modelVersion === promoted && run.status !== 'failed';
      marked ||= isPromoted;
      return [
        isPromoted ? '*' : '',
        run.runId,
        run.startedAt.slice(0, 19).replace('T', ' '),
        statusOf(run),
        run.dataFile.split(/[\\/]/).pop()!,
        run.task ?? 'classification',
        settingsOf(run),
        run.metrics ? scoringOf(run) : '—',
        meanStd(run.metrics?.cv?.[scoringOf(run)]),
        run.metrics?.test ? `${testMetricOf(run)} ${fixed(run.metrics.test[testMetricOf(run)])}` : '—',
        run.modelVersion ?? '—',
      ];
    }),
  );
}

/** An import shows as one (it was not trained, so it has no gate nor search to show). */
const statusOf = (run: RunRecord) => (run.source === 'import' && run.status === 'succeeded' ? 'imported' : run.status);

function settingsOf(run: RunRecord): string {
  if (run.source === 'import' && run.imported && run.chosen) return `${run.chosen.family} from ${run.imported.modelFile} (scikit-learn ${run.imported.sklearnVersion}, sha256 ${run.imported.modelSha256.slice(0, 12)})`;
  return run.chosen ? `${run.chosen.family} ${describeParams(run.chosen.params)}` : (run.error ?? '').slice(0, 60);
}

function readRunArtifact(runsDir: string, run: RunRecord): Artifact | undefined {
  if (!run.files.includes(RUN_ARTIFACT)) return undefined;
  return JSON.parse(readFileSync(join(runsDir, run.runId, RUN_ARTIFACT), 'utf8')) as Artifact;
}

const importedText = (run: RunRecord) => (run.imported ? `${run.imported.modelFile} (sha256 ${run.imported.modelSha256.slice(0, 12)}, scikit-learn ${run.imported.sklearnVersion})` : '—');

function gateText(run: RunRecord): string {
  if (!run.gate) return run.error ?? '—';
  return run.gate.passed ? 'passed' : `${run.gate.accepted ? 'refused, accepted (--accept)' : 'refused'}: ${run.gate.reason}`;
}

function compareTable(runsDir: string, a: RunRecord, b: RunRecord): string {
  // Every metric either run has, in the order the first one lists them.
  const keys = (pick: (run: RunRecord) => Record<string, unknown> | null | undefined) => [...new Set([...Object.keys(pick(a) ?? {}), ...Object.keys(pick(b) ?? {})])];
  const rows: [string, string, string][] = [
    ['status', statusOf(a), statusOf(b)],
    ['started (UTC)', a.startedAt, b.startedAt],
    ['data', `${a.dataFile} (${a.dataSha256?.slice(0, 12) ?? '—'})`, `${b.dataFile} (${b.dataSha256?.slice(0, 12) ?? '—'})`],
    ['task', a.task ?? 'classification', b.task ?? 'classification'],
    ['family', a.chosen?.family ?? '—', b.chosen?.family ?? '—'],
    ['settings', a.chosen ? describeParams(a.chosen.params) : '—', b.chosen ? describeParams(b.chosen.params) : '—'],
    ...(a.imported || b.imported ? [['imported from', importedText(a), importedText(b)] as [string, string, string]] : []),
    ['model version', a.modelVersion ?? '—', b.modelVersion ?? '—'],
    ['scoring', a.metrics ? scoringOf(a) : '—', b.metrics ? scoringOf(b) : '—'],
    ...keys((run) => run.metrics?.cv).map((key): [string, string, string] => [`CV ${key}`, meanStd(a.metrics?.cv?.[key]), meanStd(b.metrics?.cv?.[key])]),
    ...keys((run) => run.metrics?.test)
      .filter((key) => key !== 'rows')
      .map((key): [string, string, string] => [`test ${testMetricName(key)}`, fixed(a.metrics?.test?.[key]), fixed(b.metrics?.test?.[key])]),
    ['training time', `${a.durationSeconds.toFixed(1)} s`, `${b.durationSeconds.toFixed(1)} s`],
    ['gate', gateText(a), gateText(b)],
  ];
  let text = formatTable(['', a.runId, b.runId], rows);
  for (const run of [a, b]) {
    const artifact = readRunArtifact(runsDir, run);
    if (artifact?.task === 'regression' || !artifact?.metrics?.test || !('confusionMatrix' in artifact.metrics.test)) continue;
    const matrix = artifact.metrics.test.confusionMatrix;
    text += `\n\nConfusion matrix of ${run.runId} (test rows):\n${formatTable(['actual \\ predicted', ...artifact.classes], matrix.map((row, k) => [artifact.classes[k], ...row]))}`;
  }
  return text;
}

function main(argv: string[]): number {
  const { values, positionals } = parseFlags({
    args: argv,
    options: { 'runs-dir': { type: 'string' }, artifact: { type: 'string' }, compare: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help || (values.compare && positionals.length !== 2) || (!values.compare && positionals.length > 0)) {
    printErr(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const runsDir = values['runs-dir'] === undefined ? DEFAULT_RUNS_DIR : fromUser(values['runs-dir']);
  if (values.compare) {
    printOut(`${compareTable(runsDir, findRun(runsDir, positionals[0]), findRun(runsDir, positionals[1]))}\n`);
    return 0;
  }
  const runs = listRuns(runsDir, (message) => printErr(`runs: ${message}\n`));
  if (runs.length === 0) {
    printOut(`No runs in ${runsDir} yet: npm run train records one.\n`);
    return 0;
  }
  const promoted = promotedVersion(values.artifact === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.artifact));
  printOut(`${listTable(runs, promoted)}\n\n${runs.length} run(s); * = promoted: what npm run build packages (npm run promote -- RUN changes it)\n`);
  return 0;
}

runCli('runs', USAGE, main, [RunsError]);
