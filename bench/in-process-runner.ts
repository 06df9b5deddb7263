// Runs inside a child whose stdout is /dev/null, so the built handler logs every
// request for real (one JSON line per call) without flooding the benchmark's output.
// Usage: in-process-runner.ts <unpacked Lambda bundle> <rows.json> <result file>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadAwsEvent } from '../tests/helpers/lambda-events.ts';

const [bundleDir, rowsFile, resultFile] = process.argv.slice(2);
const { handler } = createRequire(`${bundleDir}/`)('./index.js') as { handler: (event: unknown, context: object) => Promise<{ statusCode: number }> };
const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as Record<string, number>[];

function httpApiEvent(body: unknown) {
  const event = loadAwsEvent('http-v2');
  event.requestContext.http.method = 'POST';
  event.headers['content-type'] = 'application/json';
  event.body = JSON.stringify(body);
  return event;
}

async function perCall(event: unknown, warmup: number, samples: number, callsPerSample: number): Promise<number[]> {
  const context = { awsRequestId: 'bench' };
  for (let i = 0; i < warmup; i++) await handler(event, context);
  const first = await handler(event, context);
  if (first.statusCode !== 200) throw new Error(`the benchmark request failed: ${JSON.stringify(first)}`);
  const results: number[] = [];
  for (let s = 0; s < samples; s++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < callsPerSample; i++) await handler(event, context);
    results.push(Number(process.hrtime.bigint() - started) / 1e3 / callsPerSample);
  }
  return results;
}

const singleMicros = await perCall(httpApiEvent(rows[0]), 20_000, 50, 2_000);
const batchRows = Array.from({ length: 1000 }, (_, i) => rows[i % rows.length]);
const batchMicros = await perCall(httpApiEvent({ instances: batchRows }), 50, 60, 5);
writeFileSync(resultFile, JSON.stringify({ singleMicros, batchMillis: batchMicros.map((micros) => micros / 1000) }));
