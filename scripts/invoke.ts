// npm run invoke -- <url> [--data JSON | --file rows.csv] [--api-key KEY]
// A client for a deployed endpoint or the local servers: prints predictions readably,
// exits non-zero on an HTTP error with the server's own message.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { formatTable } from './text-table.ts';

interface Prediction {
  predicted_class: number;
  label: string;
  probabilities: Record<string, number>;
  warnings?: string[];
}

const USAGE = 'Usage: npm run invoke -- <url> [--data JSON | --file rows.csv] [--api-key KEY]\n  with neither --data nor --file: GET <url> (the model description)';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { data: { type: 'string' }, file: { type: 'string' }, 'api-key': { type: 'string', default: process.env.API_KEY } },
  });
  const url = positionals[0];
  if (!url || !/^https?:\/\//.test(url) || (values.data && values.file)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (values['api-key']) headers['x-api-key'] = values['api-key'];

  let csv: { header: string[]; rows: string[][] } | undefined;
  let body: string | undefined;
  if (values.data !== undefined) {
    body = values.data;
  } else if (values.file !== undefined) {
    const [header, ...rows] = parse(readFileSync(values.file), { bom: true, skip_empty_lines: true, trim: true }) as string[][];
    csv = { header, rows };
    // Columns the model does not know (a label column, an id) are shown, not sent.
    const model = await request(url, { method: 'GET', headers });
    const features: string[] = model.features.map((feature: { name: string }) => feature.name);
    const missing = features.filter((name) => !header.includes(name));
    if (missing.length > 0) throw new UserError(`${values.file}: the model needs the column(s) ${missing.join(', ')}`);
    const data = rows.map((row, i) =>
      features.map((name) => {
        const cell = row[header.indexOf(name)];
        const value = Number(cell);
        if (cell === '' || !Number.isFinite(value)) throw new UserError(`${values.file}: row ${i + 2}, column "${name}": "${cell}" is not a number`);
        return value;
      }),
    );
    body = JSON.stringify({ dataframe_split: { columns: features, data } });
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await request(url, { method: body === undefined ? 'GET' : 'POST', headers, body });

  if (body === undefined) {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } else if (csv) {
    const predictions: Prediction[] = answer.predictions;
    const table = formatTable(
      ['row', ...csv.header, 'predicted', 'probability', 'warnings'],
      predictions.map((prediction, i) => [i + 2, ...csv.rows[i], prediction.label, prediction.probabilities[prediction.label].toFixed(3), (prediction.warnings ?? []).join('; ')]),
    );
    process.stdout.write(`${table}\n\nmodel ${answer.model_version}, ${predictions.length} rows\n`);
  } else {
    const predictions: Prediction[] = answer.predictions ?? [answer];
    for (const prediction of predictions) {
      const odds = Object.entries(prediction.probabilities)
        .map(([label, p]) => `${label} ${p.toFixed(3)}`)
        .join(', ');
      process.stdout.write(`${prediction.label} (class ${prediction.predicted_class}; ${odds})\n`);
      for (const warning of prediction.warnings ?? []) process.stdout.write(`  warning: ${warning}\n`);
    }
    process.stdout.write(`model ${answer.model_version}\n`);
  }
  return 0;
}

class UserError extends Error {}

async function request(url: string, init: RequestInit): Promise<any> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new UserError(`cannot reach ${url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json?.error;
    const details = error?.issues?.map((issue: { path: string; message: string }) => `\n  ${issue.path}: ${issue.message}`).join('') ?? '';
    throw new UserError(`HTTP ${response.status}: ${error?.message ?? (text.trim().slice(0, 300) || response.statusText)}${details}`);
  }
  if (json === undefined) throw new UserError(`HTTP ${response.status} but the answer is not JSON: ${text.slice(0, 200)}`);
  return json;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`invoke: ${error.message}\n`);
    process.exitCode = 1;
  },
);
