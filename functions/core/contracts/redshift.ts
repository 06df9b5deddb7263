// Amazon Redshift Lambda UDFs (CREATE EXTERNAL FUNCTION … LAMBDA): Redshift invokes the
// function directly with {"request_id", "cluster", "user", "database", "external_function",
// "query_id", "num_records", "arguments": [[args…], …]} and takes {"success": true,
// "num_records", "results": [...]} in the same order, or {"success": false, "error_msg"},
// which fails the query. A row that is null altogether answers null, as Redshift's own
// example does. What a result is comes from the SQL function's name: one ending in
// _probability answers the predicted class's probability, _json the whole prediction as
// text, any other the label.
import { hasEnvelope, type Contract } from './contract.ts';
import type { OutputKind } from '../predictions.ts';
import { argumentRows, oneLine } from './warehouse.ts';

const ENVELOPE = new Set(['request_id', 'cluster', 'user', 'database', 'external_function', 'query_id', 'num_records', 'arguments']);

export const contract: Contract = {
  name: 'redshift',
  channels: ['invoke'],
  shape: 'Redshift Lambda UDF (direct invocation): {"external_function": "<schema>.<name>[_probability|_json]", "num_records": n, "arguments": [[values in feature order], ...]}',
  accepts: (body) => hasEnvelope(body, 'arguments', ENVELOPE),
  read({ body }, rows) {
    const { arguments: list, num_records: count, external_function: name } = body as { arguments: unknown; num_records?: unknown; external_function?: unknown };
    if (Array.isArray(list) && count !== undefined && count !== list.length) return rows.fail([{ path: 'num_records', message: `is ${JSON.stringify(count)}, but arguments has ${list.length} rows` }]);
    const output: OutputKind = typeof name === 'string' && /_probability$/i.test(name) ? 'probability' : typeof name === 'string' && /_json$/i.test(name) ? 'json' : 'label';
    // Rows that are null altogether are answered null and not scored; problems keep the rows' own numbers.
    const nulls = Array.isArray(list) ? list.map((row) => row === null) : [];
    const scored = nulls.flatMap((isNull, i) => (isNull ? [] : [i]));
    const read =
      nulls.length > 0 && scored.length === 0
        ? { ok: true as const, rows: [] }
        : argumentRows(scored.length < nulls.length ? scored.map((i) => (list as unknown[])[i]) : list, 'arguments', rows, `: set MAX_BATCH_ROWS ${rows.maxBatch} (or fewer) in CREATE EXTERNAL FUNCTION`);
    if (!read.ok) {
      if (read.issues && scored.length < nulls.length) read.issues = read.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^arguments\[(\d+)\]/, (_, k: string) => `arguments[${scored[Number(k)]}]`) }));
      return read;
    }
    return {
      ...read,
      answer(predictions, answerer) {
        let text = `{"success":true,"num_records":${nulls.length},"results":[`;
        for (let i = 0, k = 0; i < nulls.length; i++) {
          const reply = nulls[i] ? 'null' : answerer.reply(predictions[k++], output);
          // A JSON result is VARCHAR text to Redshift (JSON_PARSE reads it).
          text += `${i > 0 ? ',' : ''}${output === 'json' && !nulls[i] ? JSON.stringify(reply) : reply}`;
        }
        return `${text}]}`;
      },
    };
  },
  refuse: (refusal) => ({ body: { success: false, error_msg: oneLine(refusal.message, refusal.issues, 4000) } }),
};
