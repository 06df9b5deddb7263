// npm run soak: the local GCP server and the local AWS endpoint, each under ≥ 100 000
// valid and ≥ 10 000 invalid requests mixed, 32 connections, on 127.0.0.1. Every
// answer's status is checked against its request's; connections must not drop; memory
// at the end must stay within 1.25 × what it was after warm-up. Exits non-zero otherwise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runTsScript } from '../scripts/run-ts-script.ts';
import { ARTIFACTS_DIR, unpackArchive } from '../scripts/archives.ts';
import { freePort, ROOT, startPinned, waitForPort } from './processes.ts';

const CONNECTIONS = 32;
const WARMUP_REQUESTS = 10_000;
const CYCLES_PER_CONNECTION = Number(process.env.SOAK_CYCLES ?? 350);
const MEMORY_GROWTH_LIMIT = 1.25;

const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const valid = [
  JSON.stringify(setosa),
  JSON.stringify({ instances: [setosa, [6.9, 3.1, 5.4, 2.1]] }),
  JSON.stringify({ dataframe_split: { columns: Object.keys(setosa), data: [[5.9, 3.0, 5.1, 1.8]] } }),
  JSON.stringify({ dataframe_records: [setosa] }),
  JSON.stringify({ ...setosa, petal_width: 9.9 }),
];
const invalid = [
  { body: JSON.stringify({ ...setosa, petal_width: 'wide' }), status: 400 },
  { body: JSON.stringify({ Sepal_Length: 5.1 }), status: 400 },
  { body: '{"sepal_length": NaN}', status: 400 },
  { body: JSON.stringify({ instances: [] }), status: 400 },
];
// Ten valid requests to one invalid one: per connection and cycle 10 + 1.
const mix = [
  ...Array.from({ length: 10 }, (_, i) => ({ body: valid[i % valid.length], status: 200 })),
  invalid[0],
];

interface SoakResult {
  name: string;
  requests: number;
  validRequests: number;
  invalidRequests: number;
  unexpectedStatuses: number;
  dropped: number;
  rssAfterWarmupMb: number;
  rssAtEndMb: number;
  requestsPerSecond: number;
  ok: boolean;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function soak(name: string, url: string, pid: number): Promise<SoakResult> {
  // The warm-up sends every kind of request the run will send, so that what a first
  // request of a kind builds (schemas, compiled code) is counted before the baseline.
  process.stderr.write(`soak: ${name}: warm-up, ${WARMUP_REQUESTS} requests of every kind\n`);
  const everyKind = [...valid, ...invalid.map((entry) => entry.body)].map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body }));
  await autocannon({ url, connections: CONNECTIONS, amount: WARMUP_REQUESTS, requests: everyKind });
  const rssAfterWarmup = rssMb(pid);

  let unexpected = 0;
  let validCount = 0;
  let invalidCount = 0;
  // Each request checks its own answer: the invalid one rotates through several kinds.
  let invalidTurn = 0;
  const requests = mix.map((entry) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: entry.body,
    ...(entry.status === 400
      ? {
          setupRequest: (request: { body?: string }) => ({ ...request, body: invalid[invalidTurn++ % invalid.length].body }),
        }
      : {}),
    onResponse: (status: number) => {
      if (entry.status === 200) validCount++;
      else invalidCount++;
      if (status !== entry.status) unexpected++;
    },
  }));
  const amount = CONNECTIONS * mix.length * CYCLES_PER_CONNECTION;
  process.stderr.write(`soak: ${name}: ${amount} requests, ${CONNECTIONS} connections\n`);
  const result = await autocannon({ url, connections: CONNECTIONS, amount, timeout: 10, requests: requests as never });
  const rssAtEnd = rssMb(pid);
  const dropped = result.errors + result.timeouts + result.resets;
  const ok = unexpected === 0 && dropped === 0 && validCount >= 100_000 && invalidCount >= 10_000 && rssAtEnd <= MEMORY_GROWTH_LIMIT * rssAfterWarmup;
  return {
    name,
    requests: validCount + invalidCount,
    validRequests: validCount,
    invalidRequests: invalidCount,
    unexpectedStatuses: unexpected,
    dropped,
    rssAfterWarmupMb: rssAfterWarmup,
    rssAtEndMb: rssAtEnd,
    requestsPerSecond: result.requests.average,
    ok,
  };
}

if (runTsScript('scripts/build.ts', ['--out-dir', ARTIFACTS_DIR]) !== 0) process.exit(1);
const results: SoakResult[] = [];
const gcp = unpackArchive('gcp');
const aws = unpackArchive('aws');
const servers = [
  {
    name: 'GCP: functions-framework on gcp-function.zip',
    start: (port: number) =>
      startPinned(0, process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${gcp.dir}`, `--port=${port}`], {
        env: { NODE_ENV: 'production', API_KEY: undefined },
      }),
  },
  {
    name: 'AWS: aws-lambda.zip behind the local Function URL',
    start: (port: number) => startPinned(0, process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/serve-aws.ts'), '--port', String(port)], { cwd: ROOT, env: { KIT_ARTIFACTS_DIR: ARTIFACTS_DIR, API_KEY: undefined } }),
  },
];
try {
  for (const server of servers) {
    const port = await freePort();
    const running = server.start(port);
    try {
      await waitForPort(port, running.child);
      results.push(await soak(server.name, `http://127.0.0.1:${port}/`, running.child.pid!));
    } finally {
      await running.stop();
    }
  }
} finally {
  gcp.cleanup();
  aws.cleanup();
}

for (const result of results) {
  process.stdout.write(
    `${result.ok ? 'PASS' : 'FAIL'}  ${result.name}\n` +
      `      ${result.requests} requests (${result.validRequests} valid, ${result.invalidRequests} invalid) at ${Math.round(result.requestsPerSecond)} req/s; ` +
      `unexpected statuses ${result.unexpectedStatuses}, dropped connections ${result.dropped}; ` +
      `RSS ${result.rssAfterWarmupMb.toFixed(1)} MB after warm-up → ${result.rssAtEndMb.toFixed(1)} MB at the end (×${(result.rssAtEndMb / result.rssAfterWarmupMb).toFixed(2)}, limit ×${MEMORY_GROWTH_LIMIT})\n`,
  );
}
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
