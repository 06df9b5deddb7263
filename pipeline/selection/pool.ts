// Runs cross-validation units on up to `jobs` worker threads, kept for every batch of one
// search (halving's iterations reuse them: a worker's boot and its JIT's warm-up are paid
// once). Workers start only once the search's estimated time left is worth them: on iris
// the whole search takes ~1.5 s on one thread, and two cold workers took longer than that.
// Until then the main thread runs units in queue order (the costliest first, as with one
// job). Once workers are booting it runs units from the back of the queue (the shortest),
// so it can hand units out between them; once they are all ready it only hands units out:
// while inside a unit it cannot, and a worker whose units are done would wait. Each result
// lands at its unit's index, so the outcome is the same for any number of workers.
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from '../bundled-worker.ts';
import { runCvUnit, type CvData, type CvUnit, type CvUnitResult } from './cv-unit.ts';

/** Workers start once the search's estimated serial time left is above this. */
export const WORKERS_WORTH_SECONDS = 4;

/** Whether the time left by `clock` is worth starting workers for. */
export const workersWorth = (clock: { secondsLeft(): number | null }) => () => (clock.secondsLeft() ?? 0) > WORKERS_WORTH_SECONDS;

function shared<T extends Float64Array | Int32Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** A turn of the event loop between units, so that worker messages and SIGINT/SIGTERM handlers can run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

interface Batch {
  units: CvUnit[];
  results: CvUnitResult[];
  next: number;
  last: number;
  outstanding: number;
  finish: (index: number, result: CvUnitResult) => void;
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  /** Unit indices of the current batch in this worker's hands. */
  inHand: Set<number>;
}

export class CvPool {
  private readonly workers: PoolWorker[] = [];
  private starting: Promise<void> | undefined;
  private batch: Batch | undefined;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Units the workers have finished, over every batch. */
  unitsOnWorkers = 0;

  /** `worthWorkers` tells, between units, whether the time left is worth starting the workers (asked until they start). */
  constructor(
    private readonly data: CvData,
    private readonly jobs: number,
    private readonly worthWorkers: () => boolean = () => true,
  ) {}

  /** Every unit's result, at its index; `onDone` as each finishes. */
  async run(units: CvUnit[], onDone: (index: number, result: CvUnitResult) => void): Promise<CvUnitResult[]> {
    const batch: Batch = {
      units,
      results: new Array<CvUnitResult>(units.length),
      next: 0,
      last: units.length - 1,
      outstanding: 0,
      finish: (index, result) => {
        batch.results[index] = result;
        onDone(index, result);
      },
    };
    this.batch = batch;
    try {
      for (const entry of this.workers) if (entry.ready) this.assign(entry, 2);
      while (batch.next <= batch.last && !this.failure) {
        if (!this.starting && this.jobs > 1 && units.length > 1 && this.worthWorkers()) {
          this.starting = this.start().catch((error: Error) => {
            this.failure ??= error;
          });
        }
        if (this.starting && this.workers.length === this.jobs && this.workers.every((entry) => entry.ready)) break;
        const index = this.starting ? batch.last-- : batch.next++;
        batch.finish(index, runCvUnit(this.data, units[index]));
        await turn();
      }
      while (batch.outstanding > 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    } finally {
      this.batch = undefined;
    }
    if (this.failure) {
      await this.close();
      throw this.failure;
    }
    return batch.results;
  }

  /** The workers' thread ids, in start order. */
  get workerThreads(): number[] {
    return this.workers.map(({ worker }) => worker.threadId);
  }

  async close(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await Promise.all(this.workers.splice(0).map(({ worker }) => worker.terminate()));
  }

  private async start(): Promise<void> {
    const { data } = this;
    const workerData = { X: shared(data.X.data), rows: data.X.rows, cols: data.X.cols, y: shared(data.y), task: data.task, testFolds: shared(data.testFolds), plan: data.plan, seed: data.seed };
    for (let w = 0; w < this.jobs && !this.failure; w++) {
      const worker = await startBundledWorker(new URL('./worker.ts', import.meta.url), { workerData });
      const entry: PoolWorker = { worker, ready: false, inHand: new Set() };
      this.workers.push(entry);
      worker.on('message', (message: { ready?: true; id?: number; result?: CvUnitResult; error?: string; userError?: boolean }) => {
        // Two units in hand: while the main thread is inside a unit, it cannot hand out the next one.
        if (message.ready) {
          entry.ready = true;
          return this.assign(entry, 2);
        }
        const batch = this.batch!;
        batch.outstanding--;
        entry.inHand.delete(message.id!);
        if (message.error !== undefined) this.failure ??= message.userError ? new RangeError(message.error) : new Error(`cross-validation worker failed: ${message.error}`);
        else {
          this.unitsOnWorkers++;
          batch.finish(message.id!, message.result!);
        }
        this.assign(entry, 1);
        this.wake?.();
      });
      worker.on('error', (error) => {
        this.failure ??= error;
        this.wake?.();
      });
      worker.on('exit', () => {
        const batch = this.batch;
        if (batch && [...entry.inHand].some((index) => batch.results[index] === undefined)) this.failure ??= new Error('a cross-validation worker exited before finishing its unit');
        this.wake?.();
      });
    }
  }

  private assign(entry: PoolWorker, count: number): void {
    const batch = this.batch;
    for (let i = 0; i < count; i++) {
      if (!batch || this.failure || batch.next > batch.last) return;
      const index = batch.next++;
      entry.inHand.add(index);
      batch.outstanding++;
      entry.worker.postMessage({ id: index, unit: batch.units[index] });
    }
  }
}

/** One batch on a pool of its own (closed after it). */
export async function runCvUnits(data: CvData, units: CvUnit[], jobs: number, onDone: (index: number, result: CvUnitResult) => void, worthWorkers?: () => boolean): Promise<CvUnitResult[]> {
  const pool = new CvPool(data, jobs, worthWorkers);
  try {
    return await pool.run(units, onDone);
  } finally {
    await pool.close();
  }
}
