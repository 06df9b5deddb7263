// npm run runs -- [--runs-dir DIR] [--compare A B]
// The run history, newest first, with the promoted run marked; or two runs side by side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH } from '../pipeline/artifact/artifact-file.ts';
import { DEFAULT_RUNS_DIR, findRun, listRuns, RUN_ARTIFACT, RunsError, type MeanStd, type RunRecord } from '../pipeline/runs/store.ts';
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

function listTable(runs: RunRecord[], promoted: string | undefined): string {
  let marked = false;
  return formatTable(
    ['', 'run', 'started (UTC)', 'status', 'data', 'family and settings', 'CV accuracy', 'test acc.', 'test log-loss', 'test ROC-AUC', 'model version'],
    runs.map((run) => {
      // The newest run of the promoted version carries the mark (the same data and seed give the same version).
      const isPromoted = !marked && run.modelVersion !== null && run.modelVersion === promoted && run.status !== 'failed';
      marked ||= isPromoted;
      return [
        isPromoted ? '*' : '',
        run.runId,
        run.startedAt.slice(0, 19).replace('T', ' '),
        run.status,
        run.dataFile.split(/[\\/]/).pop()!,
        run.chosen ? `${run.chosen.family} ${describeParams(run.chosen.params)}` : (run.error ?? '').slice(0, 60),
        meanStd(run.metrics?.cv?.accuracy),
        fixed(run.metrics?.test?.accuracy),
        fixed(run.metrics?.test?.logLoss),
        fixed(run.metrics?.test?.rocAuc),
        run.modelVersion ?? '—',
      ];
    }),
  );
}

function readRunArtifact(runsDir: string, run: RunRecord): Artifact | undefined {
  if (!run.files.includes(RUN_ARTIFACT)) return undefined;
  return JSON.parse(readFileSync(join(runsDir, run.runId, RUN_ARTIFACT), 'utf8')) as Artifact;
}

function gateText(run: RunRecord): string {
  if (!run.gate) return run.error ?? '—';
  return run.gate.passed ? 'passed' : `${run.gate.accepted ? 'refused, accepted (--accept)' : 'refused'}: ${run.gate.reason}`;
}

function compareTable(runsDir: string, a: RunRecord, b: RunRecord): string {
  const cv = (run: RunRecord, key: keyof NonNullable<NonNullable<RunRecord['metrics']>['cv']>) => meanStd(run.metrics?.cv?.[key]);
  const test = (run: RunRecord, key: 'accuracy' | 'balancedAccuracy' | 'logLoss' | 'rocAuc' | 'brier') => fixed(run.metrics?.test?.[key]);
  const rows: [string, string, string][] = [
    ['status', a.status, b.status],
    ['started (UTC)', a.startedAt, b.startedAt],
    ['data', `${a.dataFile} (${a.dataSha256?.slice(0, 12) ?? '—'})`, `${b.dataFile} (${b.dataSha256?.slice(0, 12) ?? '—'})`],
    ['family', a.chosen?.family ?? '—', b.chosen?.family ?? '—'],
    ['settings', a.chosen ? describeParams(a.chosen.params) : '—', b.chosen ? describeParams(b.chosen.params) : '—'],
    ['model version', a.modelVersion ?? '—', b.modelVersion ?? '—'],
    ['CV accuracy', cv(a, 'accuracy'), cv(b, 'accuracy')],
    ['CV balanced accuracy', cv(a, 'balancedAccuracy'), cv(b, 'balancedAccuracy')],
    ['CV log-loss', cv(a, 'logLoss'), cv(b, 'logLoss')],
    ['CV ROC-AUC', cv(a, 'rocAuc'), cv(b, 'rocAuc')],
    ['CV Brier', cv(a, 'brier'), cv(b, 'brier')],
    ['test accuracy', test(a, 'accuracy'), test(b, 'accuracy')],
    ['test balanced accuracy', test(a, 'balancedAccuracy'), test(b, 'balancedAccuracy')],
    ['test log-loss', test(a, 'logLoss'), test(b, 'logLoss')],
    ['test ROC-AUC', test(a, 'rocAuc'), test(b, 'rocAuc')],
    ['test Brier', test(a, 'brier'), test(b, 'brier')],
    ['training time', `${a.durationSeconds.toFixed(1)} s`, `${b.durationSeconds.toFixed(1)} s`],
    ['gate', gateText(a), gateText(b)],
  ];
  let text = formatTable(['', a.runId, b.runId], rows);
  for (const run of [a, b]) {
    const artifact = readRunArtifact(runsDir, run);
    const matrix = artifact?.metrics.test?.confusionMatrix;
    if (!artifact || !matrix) continue;
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
