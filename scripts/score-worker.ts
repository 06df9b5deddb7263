// The scoring half of npm run predict: batches of parsed rows in, their scored CSV text
// out, in the order they came (see csv-scoring.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ServingModel } from '../pipeline/artifact/serving-model.ts';
import { formatBatch, type Batch } from './csv-scoring.ts';

const { model, rawCells } = workerData as { model: ServingModel; rawCells: boolean };
const port = parentPort!;
port.on('message', (batch: Batch) => {
  try {
    const unscored = batch.invalid.reduce((count: number, problem) => count + (problem === undefined ? 0 : 1), 0);
    port.postMessage({ text: formatBatch(model, batch, { rawCells }), count: batch.count, unscored });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
