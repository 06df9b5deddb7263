// Findings of the attack test on the command-line tools, each reproduced: malformed CSV
// cells, formula cells written back to spreadsheets, run folders and promotions that are
// tampered with or written at once, a Retry-After of a day, a kill -9 halfway.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readConfig } from '../functions/core/config.ts';
import { normalizeHeaders } from '../functions/core/http.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { writeArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { appendPromotion, listRuns, readPromotions } from '../pipeline/runs/store.ts';
import { invokeCsv } from '../scripts/invoke-batches.ts';
import { limitWarnings, LIMITS } from '../scripts/platform-limits.ts';
import { DEFAULT_CELL_FORMAT } from '../pipeline/data/cells.ts';
import { trainIrisArtifact } from './helpers/iris-artifact.ts';
import { ROOT, runScript, runScriptAsync } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const artifact = await trainIrisArtifact();
const artifactPath = join(dir, 'model.json');
writeArtifactFile(artifactPath, artifact);
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width';

// A local endpoint; `retryAfter` makes the next POST a 429 with that header.
const service = createPredictionService(servingModelOf(artifact), readConfig({}), () => {});
let retryAfter: string | undefined;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST' && retryAfter !== undefined) {
      res.writeHead(429, { 'retry-after': retryAfter });
      retryAfter = undefined;
      return res.end('{"message":"Too Many Requests"}');
    }
    const response = service.handle({ method: req.method!, path: req.url!, headers: normalizeHeaders(req.headers), body: Buffer.concat(chunks) });
    res.writeHead(response.status, response.headers).end(response.body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at |CsvError|Error:/, `no stack trace: ${text}`);

test('a malformed cell (5"1) stops predict and invoke --file with one line naming the file', async () => {
  const data = join(dir, 'quote.csv');
  writeFileSync(data, `${HEADER}\n5"1,3.5,1.4,0.2\n`);
  const predicted = runScript('scripts/predict.ts', ['--data', data, '--out', join(dir, 'quote-scored.csv'), '--artifact', artifactPath]);
  assert.equal(predicted.status, 1);
  assert.match(predicted.stderr, /^predict: .*quote\.csv: not valid CSV \(Invalid Opening Quote: a quote is found on field 0 at line 2/m);
  noStack(predicted.stderr);
  assert.ok(!existsSync(join(dir, 'quote-scored.csv')));
  const invoked = await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--out', join(dir, 'quote-invoked.csv')]);
  assert.equal(invoked.status, 1);
  assert.match(invoked.stderr, /^invoke: the file is not valid CSV \(Invalid Opening Quote/m);
  noStack(invoked.stderr);
  const badArtifact = runScript('scripts/predict.ts', ['--data', data, '--out', join(dir, 'x.csv'), '--artifact', join(dir, 'nope.json')]);
  assert.equal(badArtifact.status, 1);
  assert.match(badArtifact.stderr, /^predict: .*nope\.json: no such file; run `npm run train` to create it$/m);
  const usage = runScript('scripts/predict.ts', ['--data', data, '--bogus']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Usage: npm run predict/);
});

test("cells a spreadsheet would run as formulas are written with a leading ' (numbers kept); --raw-cells writes them as read", async () => {
  const data = join(dir, 'formulas.csv');
  writeFileSync(data, `note,${HEADER}\n"=HYPERLINK(""http://evil"",""x"")",5.1,3.5,1.4,0.2\n+1+2,-2.5,3.5,1.4,0.2\n@SUM(A1),5.1,3.5,1.4,0.2\n-3,5.1,3.5,1.4,0.2\n\tcmd,5.1,3.5,1.4,0.2\n`);
  for (const [name, args] of [['predict', []], ['invoke', []], ['predict-raw', ['--raw-cells']]] as const) {
    const out = join(dir, `formulas-${name}.csv`);
    const run = name === 'invoke' ? await runScriptAsync('scripts/invoke.ts', [url, '--file', data, '--out', out]) : runScript('scripts/predict.ts', ['--data', data, '--out', out, '--artifact', artifactPath, ...args]);
    assert.equal(run.status, 0, run.stderr);
    const rows = (parse(readFileSync(out), { relax_quotes: true }) as string[][]).slice(1);
    const notes = rows.map((row) => row[0]);
    if (name === 'predict-raw') assert.deepEqual(notes, ['=HYPERLINK("http://evil","x")', '+1+2', '@SUM(A1)', '-3', '\tcmd']);
    else assert.deepEqual(notes, [`'=HYPERLINK("http://evil","x")`, `'+1+2`, `'@SUM(A1)`, '-3', `'\tcmd`], name);
    assert.equal(rows[1][1], '-2.5', 'a number is not a formula');
  }
});

test('run folders that lie are not runs: a runId pointing elsewhere, a run.json of {}, null or []', () => {
  const runsDir = join(dir, 'runs');
  const outside = join(dir, 'outside');
  mkdirSync(join(outside, 'evil'), { recursive: true });
  writeFileSync(join(outside, 'evil', 'model.json'), JSON.stringify(artifact));
  const good = train(runsDir);
  assert.equal(good.status, 0, good.stderr);
  const record = JSON.parse(readFileSync(join(runsDir, listRuns(runsDir)[0].runId, 'run.json'), 'utf8'));
  const folders: Record<string, string> = {
    '20261201-000000-0001': JSON.stringify({ ...record, runId: '../outside/evil' }),
    '20261201-000000-0002': '{}',
    '20261201-000000-0003': 'null',
    '20261201-000000-0004': '[]',
    '20261201-000000-0005': JSON.stringify({ ...record, runId: '20261201-000000-0009' }),
  };
  for (const [name, content] of Object.entries(folders)) {
    mkdirSync(join(runsDir, name));
    writeFileSync(join(runsDir, name, 'run.json'), content);
  }
  const listed = runScript('scripts/runs.ts', ['--runs-dir', runsDir]);
  assert.equal(listed.status, 0, listed.stderr);
  for (const name of Object.keys(folders)) assert.match(listed.stderr, new RegExp(`${name}/run\\.json cannot be read \\(.*\\); that run is left out`));
  assert.equal((listed.stdout.match(/succeeded/g) ?? []).length, 1);
  const promoted = runScript('scripts/promote.ts', ['../outside/evil', '--runs-dir', runsDir, '--artifact', join(dir, 'promoted.json')]);
  assert.equal(promoted.status, 1);
  assert.match(promoted.stderr, /^promote: no run has the id or model version "\.\.\/outside\/evil"/m);
  assert.ok(!existsSync(join(dir, 'promoted.json')));
});

test('a promotion happens whole or not at all: a run whose report is missing changes nothing', () => {
  const runsDir = join(dir, 'runs-half');
  const target = join(dir, 'half.json');
  assert.equal(train(runsDir, target).status, 0);
  writeFileSync(target, 'the model in use');
  const [run] = listRuns(runsDir);
  const logged = readPromotions(runsDir).length;
  rmSync(join(runsDir, run.runId, 'model.report.html'));
  const promoted = runScript('scripts/promote.ts', [run.runId, '--runs-dir', runsDir, '--artifact', target]);
  assert.equal(promoted.status, 1);
  assert.match(promoted.stderr, /^promote: run .* lists its report, but .* cannot be read \(ENOENT\); nothing was promoted$/m);
  noStack(promoted.stderr);
  assert.equal(readFileSync(target, 'utf8'), 'the model in use');
  assert.equal(readPromotions(runsDir).length, logged);
});

test('promotions written at once are all logged: 4 processes × 200 appends keep 800', async () => {
  const runsDir = join(dir, 'runs-concurrent');
  mkdirSync(runsDir);
  const script = join(dir, 'append.ts');
  writeFileSync(script, `import { appendPromotion } from ${JSON.stringify(join(ROOT, 'pipeline/runs/store.ts'))};\nfor (let i = 0; i < 200; i++) appendPromotion(process.argv[2], { runId: process.argv[3] + '-' + i, modelVersion: '0123456789abcdef', promotedAt: '', artifact: 'x' });\n`);
  await Promise.all(
    [0, 1, 2, 3].map(
      (writer) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, runsDir, `w${writer}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
          child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited with ${code}`))));
        }),
    ),
  );
  const promotions = readPromotions(runsDir);
  assert.equal(promotions.length, 800);
  assert.equal(new Set(promotions.map((promotion) => promotion.runId)).size, 800);
  assert.ok(!readdirSync(runsDir).some((name) => name.endsWith('.lock')), 'the lock is released');
  appendPromotion(runsDir, { runId: 'last', modelVersion: '0123456789abcdef', promotedAt: '', artifact: 'x' });
  assert.equal(readPromotions(runsDir).length, 801);
});

test('a Retry-After of a day is not obeyed: the wait is capped, and said', async () => {
  const data = join(dir, 'retry.csv');
  writeFileSync(data, `${HEADER}\n5.1,3.5,1.4,0.2\n`);
  const waits: [number, number][] = [];
  retryAfter = '86400';
  const started = performance.now();
  const model = { features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({ name, numeric: true, nullable: false })), task: "classification" as const, classes: artifact.classes, target: "species", maxBatch: 10, cells: DEFAULT_CELL_FORMAT };
  const result = await invokeCsv(model, data, join(dir, 'retry-scored.csv'), { url, headers: {}, concurrency: 1, rawCells: false, maxRetryAfterSeconds: 0.05, onWait: (seconds, asked) => waits.push([seconds, asked]) });
  assert.equal(result.rows, 1);
  assert.deepEqual(waits, [[0.05, 86400]]);
  assert.ok(performance.now() - started < 30_000);
});

test('a predict killed with -9 leaves its temporary file; the next run removes it', async () => {
  const data = join(dir, 'big.csv');
  writeFileSync(data, `${HEADER}\n${'5.1,3.5,1.4,0.2\n'.repeat(400_000)}`);
  const out = join(dir, 'big-scored.csv');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/predict.ts', '--data', data, '--out', out, '--artifact', artifactPath], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const temporary = join(dir, `.big-scored.csv.tmp-${child.pid}`);
  for (let waited = 0; !existsSync(temporary) && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(existsSync(temporary), 'what kill -9 leaves');
  const small = join(dir, 'small.csv');
  writeFileSync(small, `${HEADER}\n5.1,3.5,1.4,0.2\n`);
  const again = runScript('scripts/predict.ts', ['--data', small, '--out', out, '--artifact', artifactPath]);
  assert.equal(again.status, 0, again.stderr);
  assert.ok(!existsSync(temporary), 'removed by the next run');
});

function train(runsDir: string, out = join(dir, 'trained.json')) {
  const grid = join(dir, 'grid.json');
  writeFileSync(grid, JSON.stringify({ logistic_regression: [{ scaler: ['standard'], classifier__C: [1] }] }));
  return runScript('scripts/train.ts', ['--runs-dir', runsDir, '--out', out, '--grid', grid, '--jobs', '1']);
}

test("the build says what a cold start costs, and warns past each platform's limits", () => {
  const built = runScript('scripts/build.ts', ['--artifact', artifactPath, '--out-dir', join(dir, 'build')]);
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stderr, /^cold start measured here \(a fresh node loads the Lambda archive and answers one prediction\): \d+ ms, \d+ MB resident$/m);
  assert.doesNotMatch(built.stderr, /WARNING/);
  const MB = 1024 * 1024;
  // What the 162 MB KNN of the attack test measured: 47 MB zipped, 162 MB unzipped, 18 s and 931 MB at cold start.
  assert.deepEqual(limitWarnings(LIMITS.aws(), 47 * MB, 162 * MB, { milliseconds: 18_000, residentMb: 931 }), [
    'a cold start takes 931 MB of memory, more than the 256 MB the function is given',
    'a cold start took 18.0 s here (parsing and checking the embedded model): every new instance pays it',
  ]);
  assert.deepEqual(limitWarnings(LIMITS.aws(), 60 * MB, 300 * MB, undefined), [
    "60.0 MB zipped is over AWS Lambda's 50.0 MB for a direct upload",
    "300.0 MB unzipped is over AWS Lambda's 250.0 MB: it cannot be deployed",
  ]);
});
