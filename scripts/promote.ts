// npm run promote -- <run id | model version> | --previous  [--runs-dir DIR] [--artifact FILE]
// Makes a recorded run's artifact the one npm run build packages, atomically, and logs
// the promotion; --previous goes back to the run promoted before the current one.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readModelFileText } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { appendPromotion, DEFAULT_RUNS_DIR, findRun, previousPromotion, reportPathOf, RUN_ARTIFACT, RUN_REPORT, RunsError } from '../pipeline/runs/store.ts';
import { fromUser } from './user-path.ts';
import { runCli } from './run-cli.ts';
import { parseFlags } from './cli-args.ts';
import { printErr, printOut } from './terminal.ts';

const USAGE = 'Usage: npm run promote -- <run id | model version> | --previous  [--runs-dir artifacts/runs] [--artifact artifacts/model.json]';

function main(argv: string[]): number {
  const { values, positionals } = parseFlags({
    args: argv,
    options: { previous: { type: 'boolean', default: false }, 'runs-dir': { type: 'string' }, artifact: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    printOut(`${USAGE}\n`);
    return 0;
  }
  if (values.previous === (positionals.length === 1) || positionals.length > 1) {
    printErr(`${USAGE}\n`);
    return 2;
  }
  const runsDir = values['runs-dir'] === undefined ? DEFAULT_RUNS_DIR : fromUser(values['runs-dir']);
  const target = values.artifact === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.artifact);
  const run = findRun(runsDir, values.previous ? previousPromotion(runsDir, target).runId : positionals[0]);
  if (run.status === 'failed' || !run.files.includes(RUN_ARTIFACT)) throw new RunsError(`run ${run.runId} failed (${run.error ?? 'it has no model'}); only a run that made a model can be promoted`);
  // Everything is read and verified (schema, model version) before anything is replaced:
  // a promotion happens whole (model, its report, the log entry) or not at all.
  const folder = join(runsDir, run.runId);
  // Validated (a trained or an imported model), then copied as the run wrote it: the promoted file is that run's bytes.
  const { model: artifact, text: artifactText } = readModelFileText(join(folder, RUN_ARTIFACT));
  let report: Buffer | undefined;
  if (run.files.includes(RUN_REPORT)) {
    try {
      report = readFileSync(join(folder, RUN_REPORT));
    } catch (error) {
      throw new RunsError(`run ${run.runId} lists its report, but ${join(folder, RUN_REPORT)} cannot be read (${(error as NodeJS.ErrnoException).code}); nothing was promoted`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileAtomic(target, artifactText);
  // Its report goes with it, so that artifacts/model.report.html describes artifacts/model.json (a run without one leaves none).
  if (report) writeFileAtomic(reportPathOf(target), report);
  else rmSync(reportPathOf(target), { force: true });
  appendPromotion(runsDir, { runId: run.runId, modelVersion: artifact.modelVersion, promotedAt: new Date().toISOString(), artifact: target });
  const refused = run.status === 'refused' || run.status === 'accepted' ? ` although the quality gate refused it (${run.gate?.reason})` : '';
  printOut(`Promoted run ${run.runId} (model version ${artifact.modelVersion}, ${run.chosen?.family}${run.source === 'import' ? ` imported from ${run.imported?.modelFile}` : ''})${refused} to ${target}; npm run build packages it now\n`);
  return 0;
}

runCli('promote', USAGE, main, [RunsError, ArtifactError]);
