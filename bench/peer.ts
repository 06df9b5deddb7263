import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './processes.ts';

export const PEER_DIR = join(ROOT, 'bench/peer');
const INSTALL_HINT = 'apt-get install python3-sklearn python3-flask gunicorn';

export interface Peer {
  python: string;
  gunicorn: string;
  versions: Record<string, string>;
  /** Where scikit-learn, NumPy, SciPy and joblib are installed, for their size. */
  packageDirs: string[];
}

/**
 * The Python peer needs Debian's scikit-learn, Flask and gunicorn. Debian installs
 * them for /usr/bin/python3, which need not be the python3 first on PATH.
 */
export function findPeer(): Peer | { missing: string } {
  const found = probePython(`import json, os, sklearn, numpy, scipy, joblib, flask, threadpoolctl
print(json.dumps({"versions": {"python": os.sys.version.split()[0], "scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__, "flask": flask.__version__},
  "dirs": [os.path.dirname(m.__file__) for m in (sklearn, numpy, scipy, joblib)] + [threadpoolctl.__file__]}))`);
  if (!found) return { missing: `scikit-learn, Flask or joblib is missing for python3 (${INSTALL_HINT})` };
  const gunicorn = spawnSync('sh', ['-c', 'command -v gunicorn'], { encoding: 'utf8' }).stdout.trim();
  if (!gunicorn) return { missing: `gunicorn is not installed (${INSTALL_HINT})` };
  const { versions, dirs } = found.output as { versions: Record<string, string>; dirs: string[] };
  return { python: found.python, gunicorn, versions, packageDirs: dirs };
}

/** scikit-learn alone (for the training benchmark): the python that has it, and its versions. */
export function findScikitLearn(): { python: string; versions: Record<string, string> } | undefined {
  const found = probePython(`import json, os, sklearn, numpy
print(json.dumps({"python": os.sys.version.split()[0], "scikit-learn": sklearn.__version__, "numpy": numpy.__version__}))`);
  return found && { python: found.python, versions: found.output as Record<string, string> };
}

/**
 * Runs `code` (which prints JSON) with the first python3 that can. Debian installs its
 * scientific packages for /usr/bin/python3, which need not be the python3 first on PATH.
 */
function probePython(code: string): { python: string; output: unknown } | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const run = spawnSync(python, ['-c', code], { encoding: 'utf8' });
    if (run.status === 0) return { python, output: JSON.parse(run.stdout) };
  }
  return undefined;
}

export function trainPeer(peer: Peer, csv: string, modelPath: string): void {
  const run = spawnSync(peer.python, [join(PEER_DIR, 'train_peer.py'), csv, modelPath], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`training the peer failed: ${run.stderr}`);
}

export function measurePeerInProcess(peer: Peer, modelPath: string, rowsCsv: string): { one_row_us: number[]; batch_rows_per_s: number[] } {
  const run = spawnSync(peer.python, [join(PEER_DIR, 'measure.py'), modelPath, rowsCsv], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`measuring the peer failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Installed size of the peer's scientific stack, in MB (du, apparent sizes not used). */
export function peerInstallMb(peer: Peer): number {
  const run = spawnSync('du', ['-sk', '--total', ...peer.packageDirs], { encoding: 'utf8' });
  const total = /(\d+)\s+total/.exec(run.stdout);
  return total ? Number(total[1]) / 1024 : Number.NaN;
}

/** Whether the peer's python also has pandas (Debian: python3-pandas), for the CSV scoring figure. */
export function hasPandas(peer: Peer): boolean {
  return spawnSync(peer.python, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
}
