// One command of a training benchmark, measured whole: wall time, the process tree's peak
// resident memory (sampled every 50 ms) and its CPU seconds (GNU time's rusage, reaped
// workers included). The command runs in a process group of its own, which a stopped
// benchmark, or a run past its time limit, ends whole.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssMb, ROOT, stopWithBenchmark } from './processes.ts';

export interface Run {
  wallSeconds: number;
  peakRssMb: number;
  /** CPU seconds of the whole process tree; null without /usr/bin/time. */
  userSeconds: number | null;
  systemSeconds: number | null;
  /** Set when the run was stopped at its time limit: wallSeconds is then the limit it reached. */
  stoppedAfterSeconds?: number;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/** The run of median wall time, with every run's seconds. */
export function medianRun(all: Run[]): Run & { runSeconds: number[] } {
  const sorted = [...all].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], runSeconds: all.map((run) => run.wallSeconds) };
}

/** Runs `command` in `scratch` (for GNU time's output); with `limitSeconds`, a run that has not ended by then is killed and reported as stopped. */
export function measure(scratch: string, command: string, args: string[], limitSeconds?: number): Promise<Run> {
  const cpuFile = join(scratch, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const spawned = hasGnuTime ? spawn(GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true }) : spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    spawned.kill = (signal) => (spawned.pid === undefined ? false : (process.kill(-spawned.pid, signal), true));
    const child = stopWithBenchmark(spawned);
    let stderr = '';
    let peak = 0;
    let stopped = false;
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const sample = () => (peak = Math.max(peak, peakRssMb(child.pid!)));
    const timer = setInterval(sample, 50);
    const limit = limitSeconds === undefined ? undefined : setTimeout(() => ((stopped = true), child.kill('SIGKILL')), limitSeconds * 1000);
    child.on('exit', (code) => {
      clearInterval(timer);
      clearTimeout(limit);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (stopped) resolve({ wallSeconds, peakRssMb: peak, userSeconds: null, systemSeconds: null, stoppedAfterSeconds: limitSeconds });
      else if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`));
      else {
        const [user, system] = hasGnuTime && existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [NaN, NaN];
        resolve({ wallSeconds, peakRssMb: peak, userSeconds: Number.isFinite(user) ? user : null, systemSeconds: Number.isFinite(system) ? system : null });
      }
    });
  });
}
