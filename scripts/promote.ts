// npm run promote -- <run id | model version> | --previous  [--runs-dir DIR] [--artifact FILE]
// Makes a recorded run's artifact the one npm run build packages, atomically, and logs
// the promotion; --previous goes back to the run promoted before the current one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readArtifactFile, writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { appendPromotion, DEFAULT_RUNS_DIR, findRun, previousPromotion, reportPathOf, RUN_ARTIFACT, RUN_REPORT, RunsError } from '../pipeline/runs/store.ts';
import { fromUser } from './user-path.ts';
import { runCli } from './run-cli.ts';

const USAGE = 'Usage: npm run promote -- <run id | model version> | --previous  [--runs-dir artifacts/runs] [--artifact artifacts/model.json]';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { previous: { type: 'boolean', default: false }, 'runs-dir': { type: 'string' }, artifact: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.previous === (positionals.length === 1) || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const runsDir = values['runs-dir'] === undefined ? DEFAULT_RUNS_DIR : fromUser(values['runs-dir']);
  const target = values.artifact === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.artifact);
  const run = findRun(runsDir, values.previous ? previousPromotion(runsDir, target).runId : positionals[0]);
  if (run.status !== 'succeeded') {
    throw new RunsError(`run ${run.runId} ${run.status === 'refused' ? `was refused by the quality gate (${run.gate?.reason})` : `failed (${run.error})`}; only a run that passed can be promoted`);
  }
  // Read back and verified (schema, model version) before it replaces anything.
  const artifact = readArtifactFile(join(runsDir, run.runId, RUN_ARTIFACT));
  writeArtifactFile(target, artifact);
  // Its report goes with it, so that artifacts/model.report.html describes artifacts/model.json.
  if (run.files.includes(RUN_REPORT)) writeFileAtomic(reportPathOf(target), readFileSync(join(runsDir, run.runId, RUN_REPORT)));
  appendPromotion(runsDir, { runId: run.runId, modelVersion: artifact.modelVersion, promotedAt: new Date().toISOString(), artifact: target });
  process.stdout.write(`Promoted run ${run.runId} (model version ${artifact.modelVersion}, ${run.chosen?.family}) to ${target}; npm run build packages it now\n`);
  return 0;
}

runCli('promote', USAGE, main, [RunsError, ArtifactError]);
