// What a run's run.json says, made from the artifact a run produced (or the error that stopped it).
import type { Artifact } from '../artifact/artifact.ts';
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
    families: selection.families.map(({ family, params, cvMean, testAccuracy, modelBytes }) => {
      const time = times.find((entry) => entry.family === family);
      return { family, params, cvMean, testAccuracy, modelBytes, fitSeconds: time?.fitSeconds ?? 0, predictMicroseconds: time?.predictMicroseconds ?? 0 };
    }),
    metrics: {
      cv: metrics.cvMean === null || cv === null ? null : { accuracy: { mean: metrics.cvMean, std: metrics.cvStd ?? 0 }, ...cv },
      test: test && { accuracy: test.accuracy, balancedAccuracy: test.balancedAccuracy, logLoss: test.logLoss, rocAuc: test.rocAuc, brier: test.brier, rows: test.rows },
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
