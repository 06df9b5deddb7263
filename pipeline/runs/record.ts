// What a run's run.json says, made from the artifact a run produced (or the error that stopped it).
import type { Artifact } from '../artifact/artifact.ts';
import type { ImportedArtifact } from '../artifact/imported.ts';
import type { RunRecord } from './store.ts';

export interface RunStart {
  runId: string;
  startedAt: Date;
  command: string[];
  dataFile: string;
}

export function finishedRun(
  start: RunStart,
  artifact: Artifact,
  gate: { passed: boolean; reason: string | null; accepted?: boolean },
  durationSeconds: number,
  times: readonly { family: string; fitSeconds: number; predictMicroseconds: number }[] = [],
): RunRecord {
  const { metrics, selection } = artifact;
  const { cv, test } = metrics;
  return {
    runId: start.runId,
    status: gate.passed ? 'succeeded' : gate.accepted ? 'accepted' : 'refused',
    startedAt: start.startedAt.toISOString(),
    durationSeconds,
    command: start.command,
    dataFile: start.dataFile,
    dataSha256: artifact.provenance.dataSha256,
    grid: selection.grid,
    chosen: { family: selection.family, params: selection.params },
    task: artifact.task,
    families: selection.families.map(({ family, params, cvMean, testScore, modelBytes }) => {
      const time = times.find((entry) => entry.family === family);
      return { family, params, cvMean, testScore, modelBytes, fitSeconds: time?.fitSeconds ?? null, predictMicroseconds: time?.predictMicroseconds ?? null };
    }),
    metrics: {
      scoring: selection.scoring,
      cv,
      // The test part's numbers (the confusion matrix and per-class table stay in the artifact).
      test: test && (Object.fromEntries(Object.entries(test).filter(([, value]) => value === null || typeof value === 'number')) as Record<string, number | null>),
    },
    modelVersion: artifact.modelVersion,
    gate,
    error: null,
    files: [],
  };
}

export function failedRun(start: RunStart, error: Error, durationSeconds: number): RunRecord {
  return {
    runId: start.runId,
    status: 'failed',
    startedAt: start.startedAt.toISOString(),
    durationSeconds,
    command: start.command,
    dataFile: start.dataFile,
    dataSha256: null,
    grid: null,
    chosen: null,
    metrics: null,
    modelVersion: null,
    gate: null,
    error: error.message,
    files: [],
  };
}

/** An import's run: the model it read, and the kit's score on --data's rows when it had the target. */
export function importedRun(start: RunStart, artifact: ImportedArtifact, durationSeconds: number): RunRecord {
  const { provenance } = artifact;
  const { check } = provenance;
  return {
    runId: start.runId,
    status: 'succeeded',
    startedAt: start.startedAt.toISOString(),
    durationSeconds,
    command: start.command,
    dataFile: start.dataFile,
    dataSha256: check?.dataSha256 ?? null,
    grid: null,
    chosen: { family: provenance.family, params: provenance.params },
    task: artifact.task,
    metrics: check && check.score !== null ? { scoring: check.metric, cv: null, test: { [check.metric]: check.score, rows: check.rows } } : null,
    modelVersion: artifact.modelVersion,
    gate: null,
    error: null,
    files: [],
    source: 'import',
    imported: { modelFile: provenance.modelFile, modelSha256: provenance.modelSha256, sklearnVersion: provenance.sklearnVersion, estimator: provenance.estimator },
  };
}
