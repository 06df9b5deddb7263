// The run history: a folder per training run under artifacts/runs/ (run.json, the
// artifact, its report), and the log of promotions, as MLflow keeps runs and a model
// registry's aliases. A run folder appears whole or not at all: it is written as a
// temp folder and renamed into place.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../artifact/atomic-write.ts';
import { DEFAULT_ARTIFACT_PATH } from '../artifact/artifact-file.ts';

/** artifacts/runs, unless KIT_RUNS_DIR says otherwise (the tests keep their runs out of the user's history). */
export const DEFAULT_RUNS_DIR = process.env.KIT_RUNS_DIR ?? join(dirname(DEFAULT_ARTIFACT_PATH), 'runs');
export const RUN_FILE = 'run.json';
export const RUN_ARTIFACT = 'model.json';
export const RUN_REPORT = 'model.report.html';

/** `model.json` → `model.report.html`, beside it: where an artifact's report goes. */
export function reportPathOf(artifactPath: string): string {
  return join(dirname(artifactPath), `${basename(artifactPath).replace(/\.json$/i, '')}.report.html`);
}
const PROMOTIONS_FILE = 'promotions.json';

export type RunStatus = 'succeeded' | 'refused' | 'failed';

export interface MeanStd {
  mean: number;
  std: number;
}

export interface RunRecord {
  runId: string;
  status: RunStatus;
  startedAt: string;
  durationSeconds: number;
  /** The command line as typed after `npm run train --`. */
  command: string[];
  dataFile: string;
  dataSha256: string | null;
  grid: unknown;
  chosen: { family: string; params: Record<string, unknown> } | null;
  /** Each family's best model, with the times measured in that run (absent in runs before model families). */
  families?: { family: string; params: Record<string, unknown>; cvMean: number | null; testAccuracy: number | null; modelBytes: number; fitSeconds: number; predictMicroseconds: number }[];
  metrics: {
    cv: { accuracy: MeanStd; balancedAccuracy: MeanStd; logLoss: MeanStd; rocAuc: MeanStd | null; brier: MeanStd } | null;
    test: { accuracy: number; balancedAccuracy: number; logLoss: number; rocAuc: number | null; brier: number; rows: number } | null;
  } | null;
  modelVersion: string | null;
  /** Whether the quality gate let the model through, and why not. */
  gate: { passed: boolean; reason: string | null } | null;
  /** What stopped a failed run. */
  error: string | null;
  /** Files in the run's folder besides run.json. */
  files: string[];
}

export interface Promotion {
  runId: string;
  modelVersion: string;
  promotedAt: string;
  /** The artifact file it became (artifacts/model.json unless --out or --artifact said otherwise). */
  artifact: string;
}

export class RunsError extends Error {
  override name = 'RunsError';
}

/** A sortable, unique id: the start time (UTC) and 4 random hex digits, e.g. 20261124-062055-3f2a. */
export function createRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Writes the run's folder in one step: files and run.json into a temp folder, renamed into place. */
export function recordRun(runsDir: string, record: RunRecord, files: Record<string, string>): string {
  mkdirSync(runsDir, { recursive: true });
  const final = join(runsDir, record.runId);
  const temporary = join(runsDir, `.tmp-${record.runId}-${process.pid}`);
  try {
    mkdirSync(temporary);
    for (const [name, content] of Object.entries(files)) writeFileAtomic(join(temporary, name), content);
    writeFileAtomic(join(temporary, RUN_FILE), `${JSON.stringify({ ...record, files: Object.keys(files) }, null, 2)}\n`);
    renameSync(temporary, final);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return final;
}

/**
 * Every recorded run, newest first; temp folders of runs being written are not runs. A
 * folder whose run.json cannot be read (edited by hand, say) is skipped and reported.
 */
export function listRuns(runsDir: string, onUnreadable: (message: string) => void = () => {}): RunRecord[] {
  if (!existsSync(runsDir)) return [];
  const runs: RunRecord[] = [];
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    try {
      runs.push(JSON.parse(readFileSync(join(runsDir, entry.name, RUN_FILE), 'utf8')) as RunRecord);
    } catch (error) {
      onUnreadable(`${join(runsDir, entry.name, RUN_FILE)} cannot be read (${(error as Error).message}); that run is left out`);
    }
  }
  return runs.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.runId < b.runId ? 1 : -1));
}

/** A run by its id (or an unambiguous start of it), or by the model version it made. */
export function findRun(runsDir: string, key: string): RunRecord {
  const runs = listRuns(runsDir);
  const exact = runs.filter((run) => run.runId === key || run.modelVersion === key);
  // The newest run that made a model version stands for it (the same data and seed make the same one).
  if (exact.length > 0) return exact[0];
  const started = runs.filter((run) => run.runId.startsWith(key) || (key.length >= 6 && run.modelVersion?.startsWith(key)));
  if (started.length === 1) return started[0];
  if (started.length > 1) throw new RunsError(`"${key}" matches ${started.length} runs (${started.map((run) => run.runId).join(', ')}); give more of the id`);
  throw new RunsError(`no run has the id or model version "${key}" in ${runsDir} (npm run runs lists them)`);
}

export function readPromotions(runsDir: string): Promotion[] {
  const path = join(runsDir, PROMOTIONS_FILE);
  if (!existsSync(path)) return [];
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Promotion[];
  } catch (error) {
    throw new RunsError(`${path}: cannot be read (${(error as Error).message})`);
  }
}

export function appendPromotion(runsDir: string, promotion: Promotion): void {
  mkdirSync(runsDir, { recursive: true });
  writeFileAtomic(join(runsDir, PROMOTIONS_FILE), `${JSON.stringify([...readPromotions(runsDir), promotion], null, 2)}\n`);
}

/** The run promoted to `artifact` before the current one (the last promotion of another run there). */
export function previousPromotion(runsDir: string, artifact: string): Promotion {
  const promotions = readPromotions(runsDir).filter((promotion) => promotion.artifact === artifact);
  const current = promotions.at(-1);
  const previous = promotions.findLast((promotion) => promotion.runId !== current?.runId);
  if (!current || !previous) throw new RunsError(`no earlier promotion to ${artifact} to go back to (${promotions.length === 0 ? 'nothing was promoted there yet' : `only run ${current!.runId} was ever promoted there`})`);
  return previous;
}
