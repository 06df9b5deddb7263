// Snowflake external functions, through an Amazon API Gateway REST API: Snowflake POSTs
// {"data": [[row number, args…], …]} and takes {"data": [[row number, value], …]} in the
// same order; any status but 200 fails the query with the message. What a row's value is
// comes from the function's HEADERS = ('output' = 'label' | 'probability' | 'json'),
// which Snowflake sends as the header sf-custom-output; the label by default.
import { onlyKey, type Contract } from './contract.ts';
import type { Issue } from '../../../pipeline/artifact/validation-issues.ts';
import { argumentRows, outputKind } from './warehouse.ts';

export const contract: Contract = {
  name: 'snowflake',
  channels: ['http'],
  shape: 'Snowflake external function: {"data": [[row number, values in feature order...], ...]}, header sf-custom-output: label | probability | json',
  accepts: (body) => onlyKey(body) === 'data' && Array.isArray(body.data),
  read({ body, headers }, rows) {
    const picked = outputKind(headers['sf-custom-output'], 'header sf-custom-output');
    if ('issues' in picked) return rows.fail(picked.issues);
    const data = (body as { data: unknown[] }).data;
    const numbers: unknown[] = [];
    const issues: Issue[] = [];
    // Each row's first value is its number in the batch, answered back as sent.
    const calls = data.map((row, i) => {
      if (!Array.isArray(row) || !Number.isInteger(row[0])) {
        issues.push({ path: `data[${i}]`, message: 'expected [row number, arguments...]' });
        return row;
      }
      if (row.length !== rows.features.length + 1) {
        issues.push({ path: `data[${i}]`, message: `has ${row.length - 1} arguments after the row number; expected ${rows.features.length}, one per feature in order (${rows.features.join(', ')})` });
        return row;
      }
      numbers.push(row[0]);
      return row.slice(1);
    });
    if (issues.length > 0) return rows.fail(issues);
    const read = argumentRows(calls, 'data', rows, `: set MAX_BATCH_ROWS to at most ${rows.maxBatch} in CREATE EXTERNAL FUNCTION`);
    if (!read.ok) return read;
    return {
      ...read,
      answer(predictions, answerer) {
        let text = '{"data":[';
        for (let i = 0; i < predictions.length; i++) text += `${i > 0 ? ',' : ''}[${numbers[i]},${answerer.reply(predictions[i], picked.output)}]`;
        return `${text}]}`;
      },
    };
  },
};
