// A batch as TF Serving, Vertex AI and KServe (V1 protocol) send it: {"instances": [...]},
// each a record or an array of values in feature order.
import { onlyKey, type Contract } from './contract.ts';

export const contract: Contract = {
  name: 'kserve',
  channels: ['http', 'invoke'],
  soleKeys: ['instances'],
  shape: 'batch: {"instances": [record or [values in feature order], ...]}',
  accepts: (body) => onlyKey(body) === 'instances',
  read({ body }, rows) {
    const checked = rows.listOf((body as Record<string, unknown>).instances, 'instances');
    if ('issues' in checked) return rows.fail(checked.issues);
    const read = rows.batchTooLarge(checked.value.length, 'instances') ?? rows.rowsFrom(checked.value, 'instances', true);
    return read.ok ? { ...read, answer: (predictions, answerer) => answerer.batch(predictions) } : read;
  },
};
