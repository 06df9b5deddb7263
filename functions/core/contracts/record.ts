// One record keyed by feature name: the body the original Python function took, and
// what any JSON body no other contract recognises is read as.
import type { Contract } from './contract.ts';

export const contract: Contract = {
  name: 'record',
  channels: ['http', 'invoke'],
  shape: 'one record: {"<feature>": value, ...} (numbers for "number" features, text for "string" ones, ISO 8601 text for "date" ones, null where missing is accepted)',
  read({ body }, rows) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return rows.fail([{ path: '(top level)', message: `expected a JSON object, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}` }]);
    }
    const checked = rows.checkRecord(body, []);
    if ('issues' in checked) return rows.fail(checked.issues);
    return { ok: true, rows: [rows.toRow(checked.value)], answer: (predictions, answerer) => answerer.single(predictions[0]) };
  },
};
