// npm run bench:attack: the oversized-body attacks of the security review, against the
// built GCP archive served by functions-framework on 127.0.0.1 (no API key needed for
// them): gzip bombs (917 KB → 900 MB and 4 MB → 4 GB of spaces), three at once, and a
// plain 30 MB JSON body, with and without a declared length. While each runs, /health
// is asked every 20 ms. Figures: answers, the server's peak RSS, the slowest /health.
import { request } from 'node:http';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { writeBenchRecord } from './record.ts';
import { ARTIFACTS_DIR, unpackArchive } from '../scripts/archives.ts';
import { runTsScript } from '../scripts/run-ts-script.ts';
import { formatTable } from '../scripts/text-table.ts';
import { freePort, peakRssMb, ROOT, startPinned, waitForPort } from './processes.ts';

const log = (message: string) => process.stderr.write(`bench:attack: ${message}\n`);

/** `megabytes` MB of spaces, gzipped at level 9, made a chunk at a time. */
function gzipBomb(megabytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    gzip.on('end', () => resolve(Buffer.concat(parts)));
    gzip.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let written = 0;
    const pump = () => {
      while (written < megabytes) {
        written++;
        if (!gzip.write(chunk)) return void gzip.once('drain', pump);
      }
      gzip.end();
    };
    pump();
  });
}

/** One POST; `chunked` sends the body without a content-length. Resolves with the status and error code. */
function send(port: number, body: Buffer, headers: Record<string, string>, chunked: boolean): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: chunked ? headers : { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.on('data', (part) => (text += part));
      res.on('end', () => {
        let code = '';
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
        } catch {
          code = 'not JSON';
        }
        resolve(`${res.statusCode} ${code}`);
      });
    });
    // The server may answer and close before the body is all sent: that is the point.
    req.on('error', () => resolve('connection closed by the server'));
    for (let offset = 0; offset < body.length; offset += 64 * 1024) req.write(body.subarray(offset, offset + 64 * 1024));
    req.end();
  });
}

async function probeHealth(port: number, until: Promise<unknown>): Promise<number> {
  let slowest = 0;
  let done = false;
  void until.then(() => (done = true));
  while (!done) {
    const started = performance.now();
    await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.arrayBuffer());
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return slowest;
}

if (runTsScript('scripts/build.ts', ['--out-dir', ARTIFACTS_DIR]) !== 0) process.exit(1);
log('making the bombs (gzip of 900 MB and 4 GB of spaces)');
const bomb900 = await gzipBomb(900);
const bomb4g = await gzipBomb(4096);
const plain = Buffer.alloc(30 * 1024 * 1024, 0x20);
plain.write('{"instances": [');
const gzipHeaders = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
const jsonHeaders = { 'content-type': 'application/json' };
const attacks = [
  { name: `gzip bomb ${(bomb900.length / 1024).toFixed(0)} KB → 900 MB, ×3 at once`, body: bomb900, headers: gzipHeaders, chunked: false, copies: 3 },
  { name: `gzip bomb ${(bomb4g.length / 1024 / 1024).toFixed(1)} MB → 4 GB`, body: bomb4g, headers: gzipHeaders, chunked: false, copies: 1 },
  { name: 'gzip bomb 900 MB, chunked (no length)', body: bomb900, headers: gzipHeaders, chunked: true, copies: 1 },
  { name: 'plain 30 MB JSON, length declared', body: plain, headers: jsonHeaders, chunked: false, copies: 1 },
  { name: 'plain 30 MB JSON, chunked (no length)', body: plain, headers: jsonHeaders, chunked: true, copies: 3 },
];

const gcp = unpackArchive('gcp');
const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
try {
  for (const attack of attacks) {
    // A fresh server per attack, so that each peak RSS is that attack's alone.
    const port = await freePort();
    const server = startPinned(0, process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${gcp.dir}`, `--port=${port}`], {
      env: { NODE_ENV: 'production', API_KEY: undefined },
    });
    try {
      await waitForPort(port, server.child);
      await fetch(`http://127.0.0.1:${port}/health`);
      const idleMb = peakRssMb(server.child.pid!);
      let peakMb = idleMb;
      const sampler = setInterval(() => (peakMb = Math.max(peakMb, peakRssMb(server.child.pid!))), 20);
      log(attack.name);
      const answers = Promise.all(Array.from({ length: attack.copies }, () => send(port, attack.body, attack.headers, attack.chunked)));
      const slowestHealthMs = await probeHealth(port, answers);
      const answered = await answers;
      clearInterval(sampler);
      peakMb = Math.max(peakMb, peakRssMb(server.child.pid!));
      rows.push([attack.name, [...new Set(answered)].join(', '), idleMb.toFixed(0), peakMb.toFixed(0), slowestHealthMs.toFixed(1)]);
      results.push({ attack: attack.name, answers: answered, idleRssMb: idleMb, peakRssMb: peakMb, slowestHealthMs });
    } finally {
      await server.stop();
    }
  }
} finally {
  gcp.cleanup();
}

process.stdout.write(`${formatTable(['attack', 'answer', 'RSS idle MB', 'RSS peak MB', 'slowest /health ms'], rows)}\n`);
process.stdout.write('functions-framework on gcp-function.zip, 127.0.0.1, server pinned to CPU 0; RSS: VmHWM of the server process; /health asked every 20 ms during each attack\n');
writeBenchRecord('attack', { results });
