// npm run bench:svc -- [--repeats 30] [--rounds 3]
// SVC's solver against scikit-learn's libsvm on the same numbers: one binary C-SVC
// (probability=False, one pair of classes) per problem, both timed in CPU time over
// repeated solves, per iteration (a solve's time over its iterations, which must be the
// same on both sides). Each case runs on one side then the other, in rounds; a round's
// fastest solve counts, and the table shows the median over rounds.
// A table on stdout, the same figures in artifacts/bench-svc.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { benchMachine, writeBenchRecord } from './record.ts';
import { resolveGamma, SVC_DEFAULTS, type SvcParams } from '../pipeline/models/svc/fit.ts';
import { kernelSource, SvcQ } from '../pipeline/models/svc/kernel-rows.ts';
import { solveSmo } from '../pipeline/models/svc/smo.ts';
import { ARTIFACTS_DIR } from '../scripts/archives.ts';
import { formatTable } from '../scripts/text-table.ts';
import { findScikitLearn, PEER_DIR } from './peer.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '30' }, rounds: { type: 'string', default: '3' } } });
const repeats = Number(values.repeats);
const rounds = Number(values.rounds);
const sklearn = findScikitLearn();
if (!sklearn) throw new Error('bench:svc needs scikit-learn for python3 (apt-get install python3-sklearn)');
const work = mkdtempSync(join(tmpdir(), 'kit-bench-svc-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface PeerCase {
  problem: string;
  rows: number;
  cols: number;
  csv: string;
  params: Partial<SvcParams>;
  nIter: number;
}

const problems = new Map<string, { data: Float64Array; rows: number; cols: number; members: Int32Array; y: Int8Array }>();
/** The problem's rows as libsvm's svm_train orders them: class 0's, then class 1's (its +1). */
function problemOf(csv: string) {
  const known = problems.get(csv);
  if (known) return known;
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const cols = lines[0].split(',').length - 1;
  const data = new Float64Array(lines.length * cols);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',').map(Number);
    data.set(cells.slice(0, cols), i * cols);
    labels[i] = cells[cols];
  });
  const order = [...labels.keys()].sort((a, b) => labels[a] - labels[b] || a - b);
  const problem = { data, rows: lines.length, cols, members: Int32Array.from(order), y: Int8Array.from(order, (i) => (labels[i] === labels[order[0]] ? 1 : -1)) };
  problems.set(csv, problem);
  return problem;
}

function solveOnce(csv: string, given: Partial<SvcParams>) {
  const { data, rows, cols, members, y } = problemOf(csv);
  const params = { ...SVC_DEFAULTS, ...given };
  const kernel = { kernel: params.kernel, gamma: resolveGamma(params.gamma, { data, rows, cols }), degree: params.degree, coef0: params.coef0 };
  const started = process.cpuUsage();
  const solution = solveSmo(new SvcQ(kernelSource(kernel, data, cols, rows), members, y), params.C, params.tol, params.max_iter);
  const used = process.cpuUsage(started);
  return { seconds: (used.user + used.system) / 1e6, iterations: solution.iterations };
}

const peer = spawn(sklearn.python, [join(PEER_DIR, 'svc_solver.py'), work, String(repeats)], { stdio: ['pipe', 'pipe', 'inherit'] });
const replies = createInterface({ input: peer.stdout! })[Symbol.asyncIterator]();
const reply = async <T>() => {
  const next = await replies.next();
  if (next.done) throw new Error('svc_solver.py stopped early');
  return JSON.parse(next.value) as T;
};
const cases = await reply<PeerCase[]>();
const perRound: { peer: number[]; ours: number[]; peerIter: number; ourIter: number; meta: PeerCase }[] = [];
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`bench:svc: round ${round + 1} of ${rounds}, each case on one side then the other (${repeats} solves each)\n`);
  for (const [c, entry] of cases.entries()) {
    peer.stdin!.write(`${c}\n`);
    const timed = await reply<{ nIter: number; seconds: number[] }>();
    // Warm the JIT on this problem, then time.
    for (let w = 0; w < 3; w++) solveOnce(entry.csv, entry.params);
    let fastest = Infinity;
    let iterations = 0;
    for (let r = 0; r < repeats; r++) {
      const { seconds, iterations: count } = solveOnce(entry.csv, entry.params);
      fastest = Math.min(fastest, seconds);
      iterations = count;
    }
    perRound[c] ??= { peer: [], ours: [], peerIter: timed.nIter, ourIter: iterations, meta: entry };
    perRound[c].peer.push(Math.min(...timed.seconds) / timed.nIter);
    perRound[c].ours.push(fastest / iterations);
  }
}
peer.stdin!.end();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = perRound.map(({ peer, ours, peerIter, ourIter, meta }) => ({
  problem: `${meta.problem} (${meta.rows} × ${meta.cols})`,
  params: meta.params,
  iterations: { libsvm: peerIter, ours: ourIter },
  microsecondsPerIteration: { libsvm: median(peer) * 1e6, ours: median(ours) * 1e6 },
  rounds: { libsvm: peer.map((s) => s * 1e6), ours: ours.map((s) => s * 1e6) },
}));
const table = formatTable(
  ['problem', 'setting', 'iterations libsvm / ours', 'libsvm µs/iter', 'ours µs/iter', 'ours / libsvm'],
  results.map((r) => [
    r.problem,
    Object.entries(r.params).map(([key, value]) => `${key}=${value}`).join(' '),
    `${r.iterations.libsvm} / ${r.iterations.ours}`,
    r.microsecondsPerIteration.libsvm.toFixed(2),
    r.microsecondsPerIteration.ours.toFixed(2),
    (r.microsecondsPerIteration.ours / r.microsecondsPerIteration.libsvm).toFixed(2),
  ]),
);
const machine = `${benchMachine()}, Python ${sklearn.versions.python}, scikit-learn ${sklearn.versions['scikit-learn']}`;
process.stdout.write(
  `${table}\n\nOne binary solve per problem (two classes, tol 1e-3, shrinking, cache 200 MB): scikit-learn's SVC(probability=False).fit (its whole fit, validation included) against the kit's kernel source + solver; CPU time, the fastest of ${repeats} solves per round, median of ${rounds} rounds (each case on both sides in turn), divided by the iterations. ${machine}\n`,
);
writeBenchRecord('svc', { machine, repeats, rounds, results });
