// npx tsx bench/svr-solver.ts [--repeats 20] [--rounds 5]
// SVR.fit against scikit-learn's libsvm on the same numbers (Boston housing and diabetes,
// standard-scaled, every row): the kit's whole fitSvr (kernel source, solver, support
// vectors) against scikit-learn's whole SVR.fit (validation included), both in CPU time.
// Each case runs on one side then the other, in rounds; a round's fastest fit counts, and
// the table shows the median over rounds. A table on stdout, the figures in
// artifacts/bench-svr.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { benchMachine, writeBenchRecord } from './record.ts';
import { fitSvr, SVR_DEFAULTS, type SvrParams } from '../pipeline/models/svr/fit.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { findScikitLearn, PEER_DIR } from './peer.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '20' }, rounds: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);
const rounds = Number(values.rounds);
const sklearn = findScikitLearn();
if (!sklearn) throw new Error('bench/svr-solver.ts needs scikit-learn for python3 (apt-get install python3-sklearn)');
const work = mkdtempSync(join(tmpdir(), 'kit-bench-svr-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface PeerCase {
  problem: string;
  rows: number;
  cols: number;
  csv: string;
  params: Partial<SvrParams>;
}

const tables = new Map<string, { X: { data: Float64Array; rows: number; cols: number }; y: Float64Array }>();
/** The scaled rows and the target the peer wrote (its last column). */
function tableOf(csv: string) {
  const known = tables.get(csv);
  if (known) return known;
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const cols = lines[0].split(',').length - 1;
  const data = new Float64Array(lines.length * cols);
  const y = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',').map(Number);
    data.set(cells.slice(0, cols), i * cols);
    y[i] = cells[cols];
  });
  const table = { X: { data, rows: lines.length, cols }, y };
  tables.set(csv, table);
  return table;
}

function fitOnce(csv: string, given: Partial<SvrParams>) {
  const { X, y } = tableOf(csv);
  const started = process.cpuUsage();
  const fit = fitSvr(X, y, { ...SVR_DEFAULTS, ...given });
  const used = process.cpuUsage(started);
  return { seconds: (used.user + used.system) / 1e6, iterations: fit.iterations[0] };
}

const peer = spawn(sklearn.python, [join(PEER_DIR, 'svr_solver.py'), work, String(repeats)], { stdio: ['pipe', 'pipe', 'inherit'] });
const replies = createInterface({ input: peer.stdout! })[Symbol.asyncIterator]();
const reply = async <T>() => {
  const next = await replies.next();
  if (next.done) throw new Error('svr_solver.py stopped early');
  return JSON.parse(next.value) as T;
};
const cases = await reply<PeerCase[]>();
const perRound: { peer: number[]; ours: number[]; peerIter: number; ourIter: number; meta: PeerCase }[] = [];
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`bench svr: round ${round + 1} of ${rounds}, each case on one side then the other (${repeats} fits each)\n`);
  for (const [c, entry] of cases.entries()) {
    peer.stdin!.write(`${c}\n`);
    const timed = await reply<{ nIter: number; seconds: number[] }>();
    // Warm the JIT on this problem, then time.
    for (let w = 0; w < 3; w++) fitOnce(entry.csv, entry.params);
    let fastest = Infinity;
    let iterations = 0;
    for (let r = 0; r < repeats; r++) {
      const { seconds, iterations: count } = fitOnce(entry.csv, entry.params);
      fastest = Math.min(fastest, seconds);
      iterations = count;
    }
    let peerFastest = Infinity;
    for (const s of timed.seconds) peerFastest = Math.min(peerFastest, s);
    perRound[c] ??= { peer: [], ours: [], peerIter: timed.nIter, ourIter: iterations, meta: entry };
    perRound[c].peer.push(peerFastest);
    perRound[c].ours.push(fastest);
  }
}
peer.stdin!.end();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = perRound.map(({ peer, ours, peerIter, ourIter, meta }) => ({
  problem: `${meta.problem} (${meta.rows} × ${meta.cols})`,
  params: meta.params,
  iterations: { libsvm: peerIter, ours: ourIter },
  millisecondsPerFit: { libsvm: median(peer) * 1e3, ours: median(ours) * 1e3 },
  rounds: { libsvm: peer.map((s) => s * 1e3), ours: ours.map((s) => s * 1e3) },
}));
const table = formatTable(
  ['problem', 'setting', 'n_iter_ libsvm / ours', 'scikit-learn ms', 'ours ms', 'ours / scikit-learn'],
  results.map((r) => [
    r.problem,
    Object.entries(r.params).map(([key, value]) => `${key}=${value}`).join(' '),
    `${r.iterations.libsvm} / ${r.iterations.ours}`,
    r.millisecondsPerFit.libsvm.toFixed(2),
    r.millisecondsPerFit.ours.toFixed(2),
    (r.millisecondsPerFit.ours / r.millisecondsPerFit.libsvm).toFixed(2),
  ]),
);
const machine = `${benchMachine()}, Python ${sklearn.versions.python}, scikit-learn ${sklearn.versions['scikit-learn']}`;
process.stdout.write(
  `${table}\n\nOne SVR fit per case (epsilon 0.1, tol 1e-3, shrinking, cache 200 MB), every row, standard-scaled: scikit-learn's SVR.fit against the kit's fitSvr; CPU time, the fastest of ${repeats} fits per round, median of ${rounds} rounds (each case on both sides in turn). ${machine}\n`,
);
writeBenchRecord('svr', { machine, repeats, rounds, results });
