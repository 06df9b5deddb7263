import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { stopProcess } from '../../scripts/stop-process.ts';

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts a server process that prints `LISTENING 127.0.0.1:<port>` (see
 * scripts/loopback-only.cjs) and resolves once it does. It is stopped by its PID when
 * the test file ends, whatever happens; call it at a file's top level (an `after`
 * registered inside a hook would fire as soon as that hook is done).
 */
export function startServer(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = () => stopProcess(child);
  after(stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${output}`)), 20_000);
    const onData = () => {
      const match = /LISTENING (127\.0\.0\.1:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve({ url: `http://${match[1]}`, pid: child.pid!, child, output: () => output, stop });
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
