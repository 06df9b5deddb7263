import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from 'autocannon';
import { ROOT } from './processes.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  requests: { method: string; path?: string; headers?: Record<string, string>; body?: string }[];
}

/** One bounded autocannon run from a process pinned to `cpu`. */
function runLoad(cpu: number, options: LoadOptions): Result {
  const config = {
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    amount: options.amount,
    timeout: 10,
    requests: options.requests,
  };
  const run = spawnSync('taskset', ['-c', String(cpu), process.execPath, '--import', 'tsx', `${ROOT}bench/load-runner.ts`, JSON.stringify(config)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: ((options.durationSeconds ?? 600) + 60) * 1000,
  });
  if (run.status !== 0) throw new Error(`load run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Result;
}

export interface LoadFigures {
  tool: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  unexpectedStatuses: number;
}

/**
 * One bounded run of a single POST at `url`: wrk when it is installed (Debian's
 * package; it is what the reference figures were taken with), autocannon otherwise.
 */
export function runPostLoad(cpu: number, url: string, body: string, connections: number, seconds: number, workDir: string): LoadFigures {
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) {
    const result = runLoad(cpu, { url, connections, durationSeconds: seconds, requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body }] });
    return { tool: 'autocannon', requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, errors: result.errors + result.timeouts, unexpectedStatuses: result.non2xx };
  }
  const script = join(workDir, 'post.lua');
  writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`);
  const run = spawnSync('taskset', ['-c', String(cpu), 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  const out = run.stdout;
  const number = (pattern: RegExp) => Number(pattern.exec(out)?.[1] ?? 0);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const unit = { us: 0.001, ms: 1, s: 1000 } as const;
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    tool: 'wrk',
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p99Ms: p99 ? Number(p99[1]) * unit[p99[2] as keyof typeof unit] : Number.NaN,
    errors: socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
    unexpectedStatuses: number(/Non-2xx or 3xx responses:\s+(\d+)/),
  };
}
