// Runs cross-validation units on `jobs` worker threads. The main thread works too until
// they have all booted (~2 s: a small search is done before then), then only hands out
// units: while it is inside a unit it cannot, and a worker whose units are done waits
// (a search of long units ran on little more than one core that way). Each result lands
// at its unit's index, so the outcome is the same for any number of workers.
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from '../bundled-worker.ts';
import { runCvUnit, type CvData, type CvUnit, type CvUnitResult } from './cv-unit.ts';

function shared<T extends Float64Array | Int32Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

export async function runCvUnits(data: CvData, units: CvUnit[], jobs: number, onDone: (index: number, result: CvUnitResult) => void): Promise<CvUnitResult[]> {
  const results = new Array<CvUnitResult>(units.length);
  let next = 0;
  // Workers take units from the front of the queue (the costliest, see search.ts), the main
  // thread from the back: its units stay short, so a signal (Ctrl-C) is handled promptly.
  let last = units.length - 1;
  const finish = (index: number, result: CvUnitResult) => {
    results[index] = result;
    onDone(index, result);
  };
  if (jobs <= 1 || units.length <= 1) {
    for (let index = 0; index < units.length; index++) {
      finish(index, runCvUnit(data, units[index]));
      // A turn of the event loop between units, so that SIGINT/SIGTERM handlers can run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }

  const workers: Worker[] = [];
  let ready = 0;
  let failure: Error | undefined;
  let outstanding = 0;
  let wake: (() => void) | undefined;
  const settle = () => wake?.();
  const workerData = { X: shared(data.X.data), rows: data.X.rows, cols: data.X.cols, y: shared(data.y), task: data.task, testFolds: shared(data.testFolds), plan: data.plan, seed: data.seed };
  const starting = (async () => {
    for (let w = 0; w < jobs && !failure && next <= last; w++) {
      const worker = await startBundledWorker(new URL('./worker.ts', import.meta.url), { workerData });
      workers.push(worker);
      const inHand = new Set<number>();
      const assign = () => {
        if (failure || next > last) return;
        const index = next++;
        inHand.add(index);
        outstanding++;
        worker.postMessage({ id: index, unit: units[index] });
      };
      worker.on('message', (message: { ready?: true; id?: number; result?: CvUnitResult; error?: string; userError?: boolean }) => {
        // Two units in hand: while the main thread is inside a long unit, it cannot hand out the next one.
        if (message.ready) {
          ready++;
          assign();
          return assign();
        }
        outstanding--;
        inHand.delete(message.id!);
        if (message.error !== undefined) failure ??= message.userError ? new RangeError(message.error) : new Error(`cross-validation worker failed: ${message.error}`);
        else finish(message.id!, message.result!);
        assign();
        settle();
      });
      worker.on('error', (error) => {
        failure ??= error;
        settle();
      });
      worker.on('exit', () => {
        if ([...inHand].some((index) => results[index] === undefined)) failure ??= new Error('a cross-validation worker exited before finishing its unit');
        settle();
      });
    }
  })();

  try {
    while (next <= last && !failure && ready < jobs) {
      const index = last--;
      finish(index, runCvUnit(data, units[index]));
      // Let worker messages in between units.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await starting;
    while (outstanding > 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure) throw failure;
  return results;
}
