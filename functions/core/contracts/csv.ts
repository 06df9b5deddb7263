// A text/csv body, as MLflow's scoring server accepts one: a header row of feature names
// in any order, then one row per record; cells read as the training file's were
// (pipeline/data/cells.ts: its missing-value markers and decimal separator).
import { parseCsvText } from '../csv-body.ts';
import type { Contract } from './contract.ts';

export const contract: Contract = {
  name: 'csv',
  channels: ['http'],
  mediaType: 'text/csv',
  shape: 'CSV: Content-Type text/csv, a header row of feature names, then one row per record',
  read({ body }, rows) {
    const parsed = parseCsvText(body as string);
    if (!parsed.ok) return { ok: false, status: 400, code: 'invalid_csv', message: `the request body is not valid CSV (${parsed.message})` };
    const [header = [], ...lines] = parsed.records;
    const columns = header.map((name) => name.trim());
    const issues = rows.columnIssues(columns, 'header');
    if (issues.length > 0) return rows.fail(issues);
    if (lines.length === 0) return rows.fail([{ path: '(csv)', message: 'has a header row but no data rows' }]);
    const tooLarge = rows.batchTooLarge(lines.length, '(csv)');
    if (tooLarge) return tooLarge;
    const types = columns.map((name) => rows.inputs.find((input) => input.name === name)?.type);
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      const cells = lines[i];
      if (cells.length !== columns.length) return rows.fail([{ path: `row ${i + 1}`, message: `has ${cells.length} fields; the header has ${columns.length}` }]);
      const entry: Record<string, unknown> = {};
      // A cell that is not a number stays text, for the schema to name it; other columns (ignored ones) pass as read.
      columns.forEach((name, k) => (entry[name] = types[k] === undefined ? cells[k] : rows.cells.value(cells[k], types[k] === 'numeric')));
      records.push(entry);
    }
    const result = rows.rowsFrom(records, 'row', false);
    // Data rows counted from 1, as a spreadsheet shows them under the header.
    if (!result.ok && result.issues) result.issues = result.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^row\[(\d+)\]/, (_, i: string) => `row ${Number(i) + 1}`) }));
    return result.ok ? { ...result, answer: (predictions, answerer) => answerer.batch(predictions) } : result;
  },
};
