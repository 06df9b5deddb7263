// Summaries of the deployed function's request log lines, read from the exports operators
// already have: rows scored and rows with each kind of warning, per model version and
// UTC hour. The function logs one JSON object per request (functions/core/log.ts) with
// `modelVersion`, `rows` and `warningRows` (counts of rows per kind of warning, never
// values). Formats, told apart by their first bytes (gzip is unpacked first):
// - Cloud Logging, `gcloud logging read --format=json`: one JSON array of LogEntry
//   objects; the line's fields in `jsonPayload`, the time in `timestamp` (RFC 3339).
// - Cloud Logging, a log sink's files in Cloud Storage: the same LogEntry objects, one
//   JSON object per line.
// - CloudWatch Logs, `aws logs filter-log-events --output json`: {"events": [{"timestamp":
//   <ms since the epoch>, "message": "<the line>", ...}], ...}.
// - CloudWatch Logs, an export task's objects in S3 (gzipped): one event per line,
//   "<ISO 8601 time> <message>".
// Entries that are not request lines (platform messages, START/END/REPORT, text) are
// counted as skipped; files are read as a stream, one entry in memory at a time.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { JsonElementScanner } from './json-elements.ts';

/** A file that is not a readable log export: one line naming it. */
export class LogInputError extends Error {
  override name = 'LogInputError';
}

export type LogFormat = 'gcloud-read' | 'gcs-sink' | 'cloudwatch-filter' | 's3-export';

/** The kinds of warning the function counts; other kinds a newer function logs are summed too. */
export const WARNING_KINDS = ['outOfRange', 'unseenCategory', 'imputed'] as const;

export interface HourSummary {
  modelVersion: string;
  /** The UTC hour the requests fall in, e.g. "2024-06-11T08:00:00Z". */
  hour: string;
  requests: number;
  /** Requests answered with a 4xx or 5xx status. */
  failed: number;
  rows: number;
  warningRows: Record<string, number>;
  /** Requests whose line has no warningRows (logged by a function older than the counts). */
  withoutWarningCounts: number;
}

export interface LogSummary {
  format: LogFormat;
  /** Entries read: array elements, events or lines. */
  entries: number;
  requests: number;
  skipped: number;
  /** By model version, then hour. */
  hours: HourSummary[];
}

const HOUR_MS = 3600_000;

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$/;
const hourNames = new Map<number, string>();

/** An RFC 3339 / ISO 8601 time (or milliseconds since the epoch) to its UTC hour. */
function hourOf(time: string | number): string | null {
  // Both clouds write UTC: the hour is the first 13 characters, no date arithmetic.
  if (typeof time === 'string' && UTC_TIME.test(time)) return `${time.slice(0, 13)}:00:00Z`;
  const ms = typeof time === 'number' ? time : Date.parse(time.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) return null;
  const index = Math.floor(ms / HOUR_MS);
  let name = hourNames.get(index);
  if (name === undefined) {
    name = `${new Date(index * HOUR_MS).toISOString().slice(0, 13)}:00:00Z`;
    if (hourNames.size < 100000) hourNames.set(index, name);
  }
  return name;
}

class Summarizer {
  entries = 0;
  requests = 0;
  skipped = 0;
  private readonly byKey = new Map<string, HourSummary>();

  /** One request line (already parsed) at a time; anything else is skipped. */
  add(line: unknown, time: string | number | undefined): void {
    this.entries++;
    const l = line as { modelVersion?: unknown; rows?: unknown; status?: unknown; warningRows?: unknown } | null;
    const hour = time === undefined ? null : hourOf(time);
    if (!l || typeof l !== 'object' || typeof l.modelVersion !== 'string' || typeof l.rows !== 'number' || typeof l.status !== 'number' || hour === null) {
      this.skipped++;
      return;
    }
    this.requests++;
    const key = `${l.modelVersion}\u0000${hour}`;
    let summary = this.byKey.get(key);
    if (!summary) {
      summary = { modelVersion: l.modelVersion, hour, requests: 0, failed: 0, rows: 0, warningRows: Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])), withoutWarningCounts: 0 };
      this.byKey.set(key, summary);
    }
    summary.requests++;
    if (l.status >= 400) summary.failed++;
    summary.rows += l.rows;
    if (l.warningRows && typeof l.warningRows === 'object') {
      for (const [kind, count] of Object.entries(l.warningRows as Record<string, unknown>)) {
        if (typeof count === 'number' && count >= 0) summary.warningRows[kind] = (summary.warningRows[kind] ?? 0) + count;
      }
    } else summary.withoutWarningCounts++;
  }

  result(format: LogFormat): LogSummary {
    const hours = [...this.byKey.values()].sort((a, b) => (a.modelVersion === b.modelVersion ? (a.hour < b.hour ? -1 : 1) : a.modelVersion < b.modelVersion ? -1 : 1));
    return { format, entries: this.entries, requests: this.requests, skipped: this.skipped, hours };
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A Cloud Logging LogEntry: its jsonPayload (or a JSON line left as textPayload) at its timestamp. */
function addLogEntry(summary: Summarizer, entry: unknown): void {
  const e = entry as { jsonPayload?: unknown; textPayload?: unknown; timestamp?: string } | undefined;
  const text = e?.textPayload;
  const payload = e?.jsonPayload ?? (typeof text === 'string' && text.startsWith('{') ? parse(text) : undefined);
  summary.add(payload, e?.timestamp);
}

/** A CloudWatch message: the JSON line, after any text a runtime puts before it. */
function addMessage(summary: Summarizer, message: unknown, time: string | number | undefined): void {
  const text = typeof message === 'string' ? message : '';
  const start = text.indexOf('{');
  summary.add(start >= 0 ? parse(text.slice(start)) : undefined, time);
}

/** Splits text into lines across chunks. */
class Lines {
  private rest = '';
  push(text: string, each: (line: string) => void): void {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop()!;
    for (const line of parts) each(line);
  }
  end(each: (line: string) => void): void {
    if (this.rest) each(this.rest);
    this.rest = '';
  }
}

const S3_TIME = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/;

/** Summarizes an export read as a stream of bytes; `name` names it in errors. */
export async function summarizeLogStream(source: AsyncIterable<Buffer>, name: string): Promise<LogSummary> {
  const summary = new Summarizer();
  const decoder = new StringDecoder('utf8');
  let format: LogFormat | undefined;
  let scanner: JsonElementScanner | undefined;
  const lines = new Lines();
  let head = '';
  const onLine = (line: string) => {
    if (!line.trim()) return;
    if (format === 'gcs-sink') addLogEntry(summary, parse(line));
    else {
      // "<time> <message>"; a line without a time continues a multi-line message.
      const space = line.indexOf(' ');
      const time = space > 0 ? line.slice(0, space) : '';
      if (S3_TIME.test(time)) addMessage(summary, line.slice(space + 1), time);
      else summary.add(undefined, undefined);
    }
  };
  const feed = (text: string) => {
    if (format === 'gcloud-read' || format === 'cloudwatch-filter') {
      for (const element of scanner!.push(text)) {
        const value = parse(element);
        if (format === 'gcloud-read') addLogEntry(summary, value);
        else addMessage(summary, (value as { message?: unknown })?.message, (value as { timestamp?: number })?.timestamp);
      }
    } else lines.push(text, onLine);
  };
  const decide = (text: string, final: boolean): boolean => {
    head += text;
    const start = head.search(/\S/);
    if (start < 0) return false;
    const first = head[start];
    if (first === '[') {
      format = 'gcloud-read';
      scanner = new JsonElementScanner({ kind: 'array' });
    } else if (first === '{') {
      const newline = head.indexOf('\n', start);
      if (newline < 0 && !final) return false; // wait for the first line
      const firstLine = parse(head.slice(start, newline < 0 ? undefined : newline));
      const isDocument = !firstLine || Array.isArray((firstLine as { events?: unknown }).events);
      format = isDocument ? 'cloudwatch-filter' : 'gcs-sink';
      if (isDocument) scanner = new JsonElementScanner({ kind: 'key', key: 'events' });
    } else if (/\d/.test(first)) format = 's3-export';
    else throw new LogInputError(`${name}: not a Cloud Logging or CloudWatch Logs export (it starts with ${JSON.stringify(head.slice(start, start + 20))})`);
    const buffered = head;
    head = '';
    feed(buffered);
    return true;
  };
  for await (const chunk of source) {
    const text = decoder.write(chunk);
    if (format === undefined) decide(text, false);
    else feed(text);
  }
  const last = decoder.end();
  if (format === undefined) {
    if (!decide(last, true)) throw new LogInputError(`${name}: the file is empty`);
  } else if (last) feed(last);
  if (format === 'gcs-sink' || format === 's3-export') lines.end(onLine);
  if (scanner && !scanner.complete) throw new LogInputError(`${name}: the JSON ends before its last entry does (a truncated export?)`);
  return summary.result(format!);
}

/** Gunzips when the bytes start with gzip's magic number. */
async function* maybeGunzip(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => iterator };
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield first.value;
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  const pump = (async () => {
    gunzip.write(first.value);
    for await (const chunk of rest) if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
    gunzip.end();
  })();
  pump.catch((error) => gunzip.destroy(error));
  yield* gunzip;
  await pump;
}

export async function summarizeLogFile(path: string): Promise<LogSummary> {
  try {
    return await summarizeLogStream(maybeGunzip(createReadStream(path)), path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new LogInputError(`${path}: no such file`);
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') throw new LogInputError(`${path}: not a valid gzip file`);
    throw error;
  }
}
