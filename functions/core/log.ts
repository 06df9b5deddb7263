import { writeSync } from 'node:fs';

export interface RequestLogEntry {
  severity: 'INFO' | 'WARNING' | 'ERROR';
  message: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  rows: number;
  modelVersion: string;
  /** The request contract that read the body (record, kserve, mlflow, csv, bigquery, snowflake, redshift, step-functions). */
  contract?: string;
  /** Rows answered with each kind of warning (out of range, unseen category, imputed): counts only, never values. */
  warningRows?: { outOfRange: number; unseenCategory: number; imputed: number };
  error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

/**
 * One JSON object per line on stdout: Cloud Logging lifts `severity` and `message`
 * out of it, CloudWatch Logs Insights indexes every field. Not console.log, which
 * Lambda prefixes with text; and straight to fd 1, because setting up the
 * process.stdout stream costs ~3 ms of every cold start. Where stdout is a
 * non-blocking pipe that is full, the rest goes through the stream, which queues it.
 */
export const writeJsonLogLine: RequestLogger = (entry) => {
  const line = Buffer.from(`${JSON.stringify(entry)}\n`);
  let written = 0;
  try {
    written = writeSync(1, line);
  } catch {
    // EAGAIN on a full non-blocking pipe: fall through to the stream
  }
  if (written < line.length) process.stdout.write(line.subarray(written));
};
