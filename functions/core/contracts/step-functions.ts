// AWS Step Functions Distributed Map with an ItemBatcher: each child invocation gets
// {"Items": [item, …], "BatchInput"?: {…}}, an item per row of the CSV its ItemReader
// reads (every value a string, read here as the training file's cells were). The answer
// is the items in order, each with its prediction under "prediction". A batch that cannot
// be scored throws, so that the state machine can Catch it by its error name:
// InvalidItems (a missing column, a cell that is not a number: retrying will not help)
// or BatchTooLarge (lower the ItemBatcher's MaxItemsPerBatch).
import type { RawValue } from '../../../pipeline/preprocess/encode.ts';
import { hasEnvelope, type Contract } from './contract.ts';

const ENVELOPE = new Set(['Items', 'BatchInput']);

export const contract: Contract = {
  name: 'step-functions',
  channels: ['invoke'],
  shape: 'Step Functions Distributed Map batch (direct invocation): {"Items": [{"<column>": "<cell>", ...}, ...], "BatchInput": {...}}',
  // Step Functions passes at most 256 KiB between states: a larger answer would fail the child execution.
  maxAnswer: { bytes: 256 * 1024, why: "what a Step Functions state may pass on): lower the ItemBatcher's MaxItemsPerBatch" },
  accepts: (body) => hasEnvelope(body, 'Items', ENVELOPE),
  read({ body }, rows) {
    const checked = rows.listOf((body as { Items: unknown }).Items, 'Items');
    if ('issues' in checked) return rows.fail(checked.issues);
    const tooLarge = rows.batchTooLarge(checked.value.length, 'Items', ': lower the ItemBatcher\'s MaxItemsPerBatch');
    if (tooLarge) return tooLarge;
    const items = checked.value;
    const clash = items.findIndex((item) => item !== null && typeof item === 'object' && 'prediction' in item);
    if (clash >= 0) return rows.fail([{ path: `Items[${clash}].prediction`, message: 'is a column of the file, and the answer puts each item\'s prediction there: rename the column' }]);
    const records: unknown[] = items.map((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
      // The features by name; other columns (an id) pass through to the answer unread.
      const record: Record<string, RawValue> = {};
      for (const input of rows.inputs) {
        const cell = (item as Record<string, unknown>)[input.name];
        if (cell !== undefined) record[input.name] = typeof cell === 'string' ? rows.cells.value(cell, input.type === 'numeric') : (cell as RawValue);
      }
      return record;
    });
    const read = rows.rowsFrom(records, 'Items', false);
    if (!read.ok) return read;
    return {
      ...read,
      answer(predictions, answerer) {
        let text = '[';
        for (let i = 0; i < items.length; i++) {
          const item = JSON.stringify(items[i]);
          text += `${i > 0 ? ',' : ''}${item.length > 2 ? `${item.slice(0, -1)},` : '{'}"prediction":{${answerer.fields(predictions[i])}}}`;
        }
        return `${text}]`;
      },
    };
  },
  refuse(refusal) {
    const error = new Error(refusal.issues && refusal.issues.length > 0 ? `${refusal.message}: ${refusal.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}` : refusal.message);
    error.name = refusal.status === 413 ? 'BatchTooLarge' : refusal.status === 401 ? 'Unauthorized' : 'InvalidItems';
    // The Lambda runtime reports the stack as the error's trace: the message alone, never frames.
    error.stack = `${error.name}: ${error.message}`;
    return { thrown: error };
  },
};
