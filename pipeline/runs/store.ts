// The run history: a folder per training run under artifacts/runs/ (run.json, the
// artifact, its report), and the log of promotions, as MLflow keeps runs and a model
// registry's aliases. A run folder appears whole or not at all: it is written as a
// temp folder and renamed into place.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { writeFileAtomic } from '../artifact/atomic-write.ts';
import { DEFAULT_ARTIFACT_PATH } from '../artifact/artifact-file.ts';
import { processIsAlive, removeStaleTemporaries } from '../artifact/temp-files.ts';

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

/** accepted: refused by the quality gate, and written anyway with --accept. */
export type RunStatus = 'succeeded' | 'accepted' | 'refused' | 'failed';

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
  /** classification or regression (absent in runs of earlier versions: classification). */
  task?: 'classification' | 'regression';
  /** Each family's best model, with the times measured in that run (absent in runs before model families). */
  families?: { family: string; params: Record<string, unknown>; cvMean: number | null; testScore: number | null; modelBytes: number | null; fitSeconds: number | null; predictMicroseconds: number | null }[];
  metrics: {
    /** What the search ranked by (absent in earlier runs: accuracy). */
    scoring?: string;
    /** Every scoring over the folds (mean_test_<scoring>, std_test_<scoring>). */
    cv: Record<string, MeanStd | null> | null;
    /** The test part's numbers: accuracy, balancedAccuracy, …, or r2, rmse, …; rows. */
    test: Record<string, number | null> | null;
  } | null;
  modelVersion: string | null;
  /** Whether the quality gate let the model through, why not, and whether it was written anyway (--accept). */
  gate: { passed: boolean; reason: string | null; accepted?: boolean } | null;
  /** What stopped a failed run. */
  error: string | null;
  /** Files in the run's folder besides run.json. */
  files: string[];
  /** import: a model read from a scikit-learn pickle (npm run import), not trained (absent: trained). */
  source?: 'train' | 'import';
  /** What an import read: the pickle's name and SHA-256, and the scikit-learn version that saved it. */
  imported?: { modelFile: string; modelSha256: string; sklearnVersion: string; estimator: string };
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

/** A run id as createRunId makes them: a run's folder is named by it, and nothing else is a run. */
const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** What a run.json must hold to be listed and promoted; anything else in it is kept but not relied on. */
const runRecordSchema = z.looseObject({
  runId: z.string().check(z.regex(RUN_ID)),
  status: z.enum(['succeeded', 'accepted', 'refused', 'failed']),
  startedAt: z.string(),
  durationSeconds: z.number(),
  command: z.array(z.string()),
  dataFile: z.string(),
  dataSha256: z.nullable(z.string()),
  chosen: z.nullable(z.looseObject({ family: z.string(), params: z.record(z.string(), z.unknown()) })),
  metrics: z.nullable(z.looseObject({ cv: z.nullable(z.looseObject({})), test: z.nullable(z.looseObject({})) })),
  modelVersion: z.nullable(z.string()),
  gate: z.nullable(z.looseObject({ passed: z.boolean(), reason: z.nullable(z.string()), accepted: z.optional(z.boolean()) })),
  error: z.nullable(z.string()),
  files: z.array(z.string()),
});

/** A sortable, unique id: the start time (UTC) and 4 random hex digits, e.g. 20261124-062055-3f2a. */
export function createRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Writes the run's folder in one step: files and run.json into a temp folder, renamed into place. */
export function recordRun(runsDir: string, record: RunRecord, files: Record<string, string>): string {
  mkdirSync(runsDir, { recursive: true });
  // What a run killed while writing left (kill -9 runs no handler): its process is gone.
  removeStaleTemporaries(runsDir, '.tmp-');
  const final = join(runsDir, record.runId);
  const temporary = join(runsDir, `.tmp-${process.pid}-${record.runId}`);
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
    const path = join(runsDir, entry.name, RUN_FILE);
    try {
      const parsed = z.safeParse(runRecordSchema, JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new Error('it is not a run record: ' + parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(top level)'} ${issue.code}`).join(', '));
      // The folder is the run: a record naming another run (../elsewhere, another id) is not this one.
      if (parsed.data.runId !== entry.name) throw new Error(`it says it is run "${parsed.data.runId}", but its folder is ${entry.name}`);
      runs.push(parsed.data as unknown as RunRecord);
    } catch (error) {
      onUnreadable(`${path} cannot be read (${(error as Error).message}); that run is left out`);
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
  const path = join(runsDir, PROMOTIONS_FILE);
  // Read, add, write under a lock: two promotions at once must both be logged.
  withLock(path, () => writeFileAtomic(path, `${JSON.stringify([...readPromotions(runsDir), promotion], null, 2)}\n`));
}

/** One `npm run drift` of production data against a model: the history keeps every check. */
export interface DriftCheckRecord {
  checkedAt: string;
  modelVersion: string;
  dataFile: string;
  rows: number;
  drifted: boolean;
  /** Features (and "prediction") that drifted by their tests. */
  driftedFeatures: string[];
  datasetDrift: boolean;
  exitCode: number;
}

const DRIFT_CHECKS_FILE = 'drift-checks.json';

export function readDriftChecks(runsDir: string): DriftCheckRecord[] {
  const path = join(runsDir, DRIFT_CHECKS_FILE);
  if (!existsSync(path)) return [];
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DriftCheckRecord[];
  } catch (error) {
    throw new RunsError(`${path}: cannot be read (${(error as Error).message})`);
  }
}

export function appendDriftCheck(runsDir: string, check: DriftCheckRecord): void {
  mkdirSync(runsDir, { recursive: true });
  const path = join(runsDir, DRIFT_CHECKS_FILE);
  withLock(path, () => writeFileAtomic(path, `${JSON.stringify([...readDriftChecks(runsDir), check], null, 2)}\n`));
}

const LOCK_WAIT_MS = 10_000;

/**
 * Runs `work` holding `<path>.lock`, a file created exclusively (O_EXCL) with the holder's
 * PID in it. A lock whose holder is gone (killed while holding it) is taken over once it
 * is a second old; a live holder is waited for, up to 10 s.
 */
export function withLock<T>(path: string, work: () => T): T {
  const lock = `${path}.lock`;
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (holder > 0 && !processIsAlive(holder) && age > 1000) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) throw new RunsError(`${path} is locked by process ${holder || '(unknown)'} for more than ${LOCK_WAIT_MS / 1000} s; if no other npm run train or promote is running, remove ${lock}`);
    Atomics.wait(pause, 0, 0, 5);
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** The run promoted to `artifact` before the current one (the last promotion of another run there). */
export function previousPromotion(runsDir: string, artifact: string): Promotion {
  const promotions = readPromotions(runsDir).filter((promotion) => promotion.artifact === artifact);
  const current = promotions.at(-1);
  const previous = promotions.findLast((promotion) => promotion.runId !== current?.runId);
  if (!current || !previous) throw new RunsError(`no earlier promotion to ${artifact} to go back to (${promotions.length === 0 ? 'nothing was promoted there yet' : `only run ${current!.runId} was ever promoted there`})`);
  return previous;
}
