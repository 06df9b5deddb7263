// Log summaries from the exports of both clouds (fixtures in tests/fixtures/logs, see
// their PROVENANCE.md): rows and warning rows per model version and UTC hour.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { summarizeLogFile, summarizeLogStream, type HourSummary } from '../pipeline/drift/logs.ts';
import { tempDir } from './helpers/temp-dir.ts';

const FIXTURES = new URL('./fixtures/logs/', import.meta.url).pathname;
const hour = (modelVersion: string, hour: string, requests: number, failed: number, rows: number, warnings: [number, number, number], withoutWarningCounts = 0): HourSummary => ({
  modelVersion,
  hour,
  requests,
  failed,
  rows,
  warningRows: { outOfRange: warnings[0], unseenCategory: warnings[1], imputed: warnings[2] },
  withoutWarningCounts,
});

const CLOUDWATCH_HOURS = [
  hour('0123456789abcdef', '2024-06-11T08:00:00Z', 2, 0, 52, [3, 1 + 5, 2]),
  hour('0123456789abcdef', '2024-06-11T09:00:00Z', 1, 1, 0, [0, 0, 0]),
  hour('fedcba9876543210', '2024-06-11T09:00:00Z', 2, 0, 10, [1, 0, 1], 1),
];

test('gcloud logging read --format=json: request lines from jsonPayload, the request log and platform text skipped', async () => {
  assert.deepEqual(await summarizeLogFile(join(FIXTURES, 'gcloud-logging-read.json')), {
    format: 'gcloud-read',
    entries: 6,
    requests: 4,
    skipped: 2,
    hours: [
      hour('0123456789abcdef', '2024-06-11T08:00:00Z', 2, 0, 52, [3, 6, 2]),
      hour('0123456789abcdef', '2024-06-11T09:00:00Z', 1, 1, 0, [0, 0, 0]),
      hour('fedcba9876543210', '2024-06-11T09:00:00Z', 1, 0, 7, [1, 0, 1]),
    ],
  });
});

test("a log sink's Cloud Storage file: one LogEntry a line; a line without warningRows counted apart", async () => {
  assert.deepEqual(await summarizeLogFile(join(FIXTURES, 'gcs-sink-08-00-00_08-59-59_S0.json')), {
    format: 'gcs-sink',
    entries: 4,
    requests: 3,
    skipped: 1,
    hours: [hour('0123456789abcdef', '2024-06-11T08:00:00Z', 3, 0, 64, [3, 6, 2], 1)],
  });
});

test('aws logs filter-log-events --output json: the function\'s lines among START, END and REPORT', async () => {
  assert.deepEqual(await summarizeLogFile(join(FIXTURES, 'cloudwatch-filter-log-events.json')), { format: 'cloudwatch-filter', entries: 8, requests: 5, skipped: 3, hours: CLOUDWATCH_HOURS });
});

test('a CloudWatch export object from S3, gzipped or unpacked: the same summary', async () => {
  for (const file of ['cloudwatch-s3-export-000000.gz', 'cloudwatch-s3-export-000000.txt']) {
    assert.deepEqual(await summarizeLogFile(join(FIXTURES, file)), { format: 's3-export', entries: 8, requests: 5, skipped: 3, hours: CLOUDWATCH_HOURS });
  }
});

test('read as a stream: chunks that split keys, strings, escapes and entries change nothing', async () => {
  for (const file of ['gcloud-logging-read.json', 'cloudwatch-filter-log-events.json', 'gcs-sink-08-00-00_08-59-59_S0.json', 'cloudwatch-s3-export-000000.txt']) {
    const bytes = readFileSync(join(FIXTURES, file));
    const whole = await summarizeLogFile(join(FIXTURES, file));
    for (const size of [1, 7, 64]) {
      const chunks = (async function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      })();
      assert.deepEqual(await summarizeLogStream(chunks, file), whole, `${file} in ${size}-byte chunks`);
    }
  }
});

test('a file that is no export, a truncated one, or none at all: one line naming the file', async () => {
  const dir = tempDir('drift-logs-');
  const csv = join(dir, 'rows.csv');
  writeFileSync(csv, 'a,b\n1,2\n');
  await assert.rejects(summarizeLogFile(csv), { message: `${csv}: not a Cloud Logging or CloudWatch Logs export (it starts with "a,b\\n1,2\\n")` });
  const truncated = join(dir, 'cut.json');
  writeFileSync(truncated, readFileSync(join(FIXTURES, 'gcloud-logging-read.json'), 'utf8').slice(0, 900));
  await assert.rejects(summarizeLogFile(truncated), { message: `${truncated}: the JSON ends before its last entry does (a truncated export?)` });
  await assert.rejects(summarizeLogFile(join(dir, 'none.json')), { message: `${join(dir, 'none.json')}: no such file` });
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '  \n');
  await assert.rejects(summarizeLogFile(empty), { message: `${empty}: the file is empty` });
});

test('a request line Cloud Logging kept as text (textPayload) still counts; other text does not', async () => {
  const line = JSON.stringify({ message: 'POST / 200', status: 200, rows: 4, modelVersion: 'v1', warningRows: { outOfRange: 1, unseenCategory: 0, imputed: 0 } });
  const entries = [
    { textPayload: line, timestamp: '2024-06-11T10:00:01Z' },
    { textPayload: 'Container called exit(0).', timestamp: '2024-06-11T10:00:02Z' },
  ];
  const source = (async function* () {
    yield Buffer.from(entries.map((e) => JSON.stringify(e)).join('\n'));
  })();
  assert.deepEqual(await summarizeLogStream(source, 'sink.json'), {
    format: 'gcs-sink',
    entries: 2,
    requests: 1,
    skipped: 1,
    hours: [hour('v1', '2024-06-11T10:00:00Z', 1, 0, 4, [1, 0, 0])],
  });
});
