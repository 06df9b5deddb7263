import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readConfig } from '../functions/core/config.ts';
import { normalizeHeaders } from '../functions/core/http.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { matrixFromRows } from '../pipeline/data/matrix.ts';
import { predictProba } from '../pipeline/models/inference.ts';
import { irisRows, trainIrisArtifact } from './helpers/iris-artifact.ts';
import { runScriptAsync } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const artifact = await trainIrisArtifact();
const model = servingModelOf(artifact);
// An endpoint on 127.0.0.1 with small batches, that throttles or fails some requests on purpose.
const service = createPredictionService(model, readConfig({ MAX_BATCH: '300' }), () => {});
let posts = 0;
let rowsReceived = 0;
let failEvery = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST') {
      posts++;
      if (failEvery > 0 && posts % failEvery === 0) {
        res.writeHead(posts % (2 * failEvery) === 0 ? 503 : 429, { 'retry-after': '0' });
        return res.end('{"message":"Too Many Requests"}');
      }
      rowsReceived += (JSON.parse(Buffer.concat(chunks).toString()) as { dataframe_split: { data: unknown[] } }).dataframe_split.data.length;
    }
    const response = service.handle({ method: req.method!, path: req.url!, headers: normalizeHeaders(req.headers), body: Buffer.concat(chunks) });
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

const rows = Array.from({ length: 2500 }, (_, i) => irisRows[(i * 7) % irisRows.length]);
const data = join(dir, 'rows.csv');
writeFileSync(data, `id,sepal_length,sepal_width,petal_length,petal_width\n${rows.map((row, i) => `${i},${row.join(',')}`).join('\n')}\n`);
const expected = predictProba({ scaler: artifact.scaler, classifier: artifact.classifier }, matrixFromRows(rows), 3);

function assertScored(file: string) {
  const [header, ...scored] = parse(readFileSync(file)) as string[][];
  assert.deepEqual(header, ['id', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'label', 'probability_setosa', 'probability_versicolor', 'probability_virginica', 'warnings']);
  assert.equal(scored.length, rows.length);
  scored.forEach((row, i) => {
    assert.equal(row[0], String(i), 'input order');
    assert.deepEqual(row.slice(6, 9).map(Number), Array.from(expected.subarray(i * 3, i * 3 + 3)), `row ${i}`);
  });
}

test('invoke --file --out scores more rows than one request takes, in batches of max_batch, in input order, through throttling', async () => {
  failEvery = 3;
  posts = 0;
  rowsReceived = 0;
  const out = join(dir, 'scored.csv');
  const run = await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--out', out, '--concurrency', '4']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /invoke: 2500 rows scored in [\d.]+ s \(\d+ rows\/s, batches of 300, 4 in flight\) → /);
  assertScored(out);
  assert.equal(rowsReceived, 2500, 'every row scored once: retried batches were refused, not half-scored');
  assert.ok(posts > Math.ceil(2500 / 300), `some requests were retried (${posts} POSTs)`);
  failEvery = 0;
});

test('an interrupted run resumes from what --out holds: no row scored twice, none lost', async () => {
  const full = join(dir, 'scored.csv');
  const out = join(dir, 'resumed.csv');
  const text = readFileSync(full, 'utf8');
  // As a killed run leaves it: 1234 complete rows and half of the next line.
  const lines = text.split('\n');
  writeFileSync(out, `${lines.slice(0, 1235).join('\n')}\n${lines[1235].slice(0, 10)}`);
  rowsReceived = 0;
  const run = await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /resumed after 1234 rows already in the file/);
  assert.equal(rowsReceived, 2500 - 1234);
  assert.equal(readFileSync(out, 'utf8'), text);
});

test('invoke --file: a missing file, a foreign --out and bad flags stop with the reason', async () => {
  const missing = await runScriptAsync('scripts/invoke.ts', [url, '--file', join(dir, 'absent.csv')]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim(), `invoke: ${join(dir, 'absent.csv')}: cannot read the file (ENOENT)`);
  const foreign = join(dir, 'foreign.csv');
  writeFileSync(foreign, 'something,else\n1,2\n');
  const clash = await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--out', foreign]);
  assert.equal(clash.status, 1);
  assert.match(clash.stderr, /foreign\.csv exists but is not the output of this file and model/);
  assert.equal(readFileSync(foreign, 'utf8'), 'something,else\n1,2\n', 'left as it was');
  assert.equal((await runScriptAsync('scripts/invoke.ts', [url, '--out', foreign])).status, 2);
  assert.equal((await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--concurrency', '0'])).status, 2);
});
