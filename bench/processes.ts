import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { stopProcess } from '../scripts/stop-process.ts';

export { ROOT } from '../scripts/repo-root.ts';

/** Wall time of one fresh process, in ms; it must exit 0. */
export function timeProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:port. */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

const running = new Set<ChildProcess>();
let handlersInstalled = false;

/**
 * Ends `child` too if the benchmark itself is stopped (Ctrl-C, or kill of npm's PID,
 * which npm passes on): a killed parent does not take its children with it.
 */
export function stopWithBenchmark(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!handlersInstalled) {
    handlersInstalled = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        for (const process_ of running) process_.kill('SIGKILL');
        process.stderr.write(`\nstopped by ${signal}; ended ${running.size} process(es) it had started\n`);
        process.exit(code);
      });
    }
  }
  return child;
}

/** Starts a server pinned to one CPU; stop() ends it by its PID and waits. */
export function startPinned(cpu: number, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = stopWithBenchmark(
    spawn('taskset', ['-c', String(cpu), command, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const stop = () => stopProcess(child);
  return { child, stop, stderr: () => stderr };
}

/** The process and all its descendants (gunicorn serves from a forked worker). */
function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    return [pid];
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Peak resident memory (VmHWM) of a process tree, in MB. */
export function peakRssMb(pid: number): number {
  return processTree(pid).reduce((total, id) => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
      return total + (match ? Number(match[1]) / 1024 : 0);
    } catch {
      return total;
    }
  }, 0);
}

/** CPU seconds (user + system) used so far by a process tree. */
export function cpuSeconds(pid: number): number {
  const ticksPerSecond = 100;
  return processTree(pid).reduce((total, id) => {
    try {
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ');
      return total + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    } catch {
      return total;
    }
  }, 0);
}

/** `node -e` script run in an unpacked Lambda archive: load it and answer the event in argv[1] (a cold start). */
export const lambdaColdScript = `require('./index.js').handler(JSON.parse(process.argv[1]), { awsRequestId: 'cold' }).then((r) => { if (r.statusCode !== 200) process.exit(1); })`;
