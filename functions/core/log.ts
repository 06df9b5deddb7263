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
  error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

/**
 * One JSON object per line on stdout: Cloud Logging lifts `severity` and `message`
 * out of it, CloudWatch Logs Insights indexes every field. Written with
 * process.stdout.write rather than console.log, which Lambda would prefix with text.
 */
export const writeJsonLogLine: RequestLogger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};
