// Worker threads from TypeScript modules: tsx's loader does not reach worker threads,
// so the entry is bundled with esbuild (a devDependency, ~10 ms) and started from
// source. Bundles are made once per process.
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bundles = new Map<string, Promise<string>>();

function bundle(entry: string): Promise<string> {
  let code = bundles.get(entry);
  if (!code) {
    code = import('esbuild').then(async ({ build }) => {
      const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
      return result.outputFiles[0].text;
    });
    bundles.set(entry, code);
  }
  return code;
}

/** A worker running the module at `entry` (a file URL or path of a .ts module). */
export async function startBundledWorker(entry: URL | string, options: Omit<WorkerOptions, 'eval'> = {}): Promise<Worker> {
  const code = await bundle(entry instanceof URL ? fileURLToPath(entry) : entry);
  return new Worker(code, { ...options, eval: true });
}
