// BigQuery remote functions (CREATE FUNCTION … REMOTE WITH CONNECTION): BigQuery POSTs
// {"requestId", "caller", "sessionUser", "userDefinedContext"?, "calls": [[args…], …]}
// and takes {"replies": [...]}, one per call in order, or {"errorMessage"} with an error
// status. The function's user_defined_context may name what a reply is: [("output",
// "label" | "probability" | "json")], the label by default. BigQuery may send the same
// request again (a retry): the replies depend on the rows alone, so they are the same.
import { hasEnvelope, type Contract } from './contract.ts';
import { argumentRows, oneLine, outputKind } from './warehouse.ts';

const ENVELOPE = new Set(['requestId', 'caller', 'sessionUser', 'userDefinedContext', 'calls']);

export const contract: Contract = {
  name: 'bigquery',
  channels: ['http'],
  shape: 'BigQuery remote function: {"requestId": ..., "calls": [[values in feature order], ...], "userDefinedContext": {"output": "label" | "probability" | "json"}}',
  accepts: (body) => hasEnvelope(body, 'calls', ENVELOPE),
  read({ body }, rows) {
    const { calls, userDefinedContext: context } = body as { calls: unknown; userDefinedContext?: unknown };
    const picked = outputKind(context !== null && typeof context === 'object' ? (context as Record<string, unknown>).output : undefined, 'userDefinedContext.output');
    if ('issues' in picked) return rows.fail(picked.issues);
    const read = argumentRows(calls, 'calls', rows, `: set max_batching_rows to at most ${rows.maxBatch} in the function's OPTIONS`);
    if (!read.ok) return read;
    return {
      ...read,
      answer(predictions, answerer) {
        let text = '{"replies":[';
        for (let i = 0; i < predictions.length; i++) {
          const reply = answerer.reply(predictions[i], picked.output);
          // A JSON reply is a STRING to BigQuery (RETURNS STRING; PARSE_JSON reads it).
          text += `${i > 0 ? ',' : ''}${picked.output === 'json' ? JSON.stringify(reply) : reply}`;
        }
        return `${text}]}`;
      },
    };
  },
  // BigQuery shows errorMessage (under 1 KB) in the query's error; 400 and 413 are not retried.
  refuse: (refusal) => ({ body: { errorMessage: oneLine(refusal.message, refusal.issues, 1000) } }),
};
