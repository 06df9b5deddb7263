// npm run invoke -- <url> [--data JSON | --file rows.csv [--out scored.csv] [--concurrency N]] [--api-key KEY]
// A client for a deployed endpoint or the local servers: prints predictions readably,
// scores a CSV of any size in batches, exits non-zero on an HTTP error with the
// server's own message.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { DEFAULT_CELL_FORMAT } from '../pipeline/data/cells.ts';
import { InvokeError, invokeCsv, type EndpointModel } from './invoke-batches.ts';
import { formatTable } from './text-table.ts';
import { fromUser } from './user-path.ts';
import { parseFlags } from './cli-args.ts';
import { printErr, printOut } from './terminal.ts';

/** A classifier's answer for a row, or a regressor's. */
interface Prediction {
  predicted_class?: number;
  label?: string;
  probabilities?: Record<string, number>;
  prediction?: number;
  warnings?: string[];
}

const USAGE = `Usage: npm run invoke -- <url> [--data JSON | --file rows.csv [--out scored.csv] [--concurrency N] [--raw-cells]] [--api-key KEY]
  with neither --data nor --file: GET <url> (the model description)
  --file without --out prints a table; with --out, writes the scored CSV (input columns,
  label and probabilities, or prediction, and warnings), resuming from what --out
  already holds
  --raw-cells  write text cells exactly as read, even those a spreadsheet would run as a
               formula (=, +, -, @ first); by default they get a leading '`;

async function main(): Promise<number> {
  const { values, positionals } = parseFlags({
  args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      file: { type: 'string' },
      out: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      'raw-cells': { type: 'boolean', default: false },
      'api-key': { type: 'string', default: process.env.API_KEY },
    },
  });
  const url = positionals[0];
  const concurrency = Number(values.concurrency);
  if (!url || !/^https?:\/\//.test(url) || (values.data && values.file) || (values.out && !values.file) || !(Number.isInteger(concurrency) && concurrency >= 1)) {
    printErr(`${USAGE}\n`);
    return 2;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (values['api-key']) headers['x-api-key'] = values['api-key'];

  if (values.file !== undefined) {
    const description = await request(url, { method: 'GET', headers });
    const model: EndpointModel = {
      features: description.features.map((feature: { name: string; type: string; missing?: { accepted: boolean } }) => ({
        name: feature.name,
        numeric: feature.type === 'number',
        date: feature.type === 'date',
        nullable: feature.missing?.accepted === true,
      })),
      task: description.task === 'regression' ? 'regression' : 'classification',
      ...(description.task === 'regression' ? {} : { classes: description.classes.map(String) }),
      target: String(description.target),
      maxBatch: description.limits.max_batch,
      cells: description.csv ?? DEFAULT_CELL_FORMAT,
    };
    const file = fromUser(values.file);
    const scratch = values.out === undefined ? mkdtempSync(join(tmpdir(), 'kit-invoke-')) : undefined;
    const out = values.out === undefined ? join(scratch!, 'scored.csv') : fromUser(values.out);
    try {
      const started = performance.now();
      let lastReport = started;
      const rate = (rows: number) => Math.round(rows / ((performance.now() - started) / 1000));
      const { rows, resumedAfter, unscored } = await invokeCsv(model, file, out, {
        url,
        headers,
        concurrency,
        rawCells: values['raw-cells'] === true,
        onWait: (seconds, asked) => printErr(`invoke: the endpoint asked to wait ${asked} s (Retry-After); waiting ${seconds} s\n`),
        onProgress: (done, skipped) => {
          if (values.out === undefined || performance.now() - lastReport < 1000) return;
          lastReport = performance.now();
          printErr(`invoke: ${done} rows, ${rate(done - skipped)} rows/s\n`);
        },
      });
      if (values.out !== undefined) {
        const resumed = resumedAfter > 0 ? `, resumed after ${resumedAfter} rows already in the file` : '';
        const notScored = unscored > 0 ? `; ${unscored} not scored (a cell could not be read: see their warnings column)` : '';
        printErr(`invoke: ${unscored > 0 ? `${rows - unscored} of ${rows}` : rows} rows scored in ${((performance.now() - started) / 1000).toFixed(1)} s (${rate(rows - resumedAfter)} rows/s, batches of ${model.maxBatch}, ${concurrency} in flight${resumed})${notScored} → ${out}\n`);
      } else {
        printTable(readFileSync(out), model);
      }
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
    return 0;
  }

  const body = values.data;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await request(url, { method: body === undefined ? 'GET' : 'POST', headers, body });
  if (body === undefined) {
    printOut(`${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  }
  const predictions: Prediction[] = answer.predictions ?? [answer];
  for (const prediction of predictions) {
    if (prediction.prediction !== undefined) printOut(`${prediction.prediction}\n`);
    else {
      const odds = Object.entries(prediction.probabilities ?? {})
        .map(([label, p]) => `${label} ${p.toFixed(3)}`)
        .join(', ');
      printOut(`${prediction.label} (class ${prediction.predicted_class}; ${odds})\n`);
    }
    for (const warning of prediction.warnings ?? []) printOut(`  warning: ${warning}\n`);
  }
  printOut(`model ${answer.model_version}\n`);
  return 0;
}

/** The scored CSV as a table: the input columns, the label and its probability (or the prediction), the warnings. */
function printTable(scoredCsv: Buffer, model: EndpointModel): void {
  const [header, ...rows] = parse(scoredCsv) as string[][];
  if (model.task === 'regression') {
    const inputs = header.length - 2;
    const table = formatTable(['row', ...header.slice(0, inputs), 'predicted', 'warnings'], rows.map((row, i) => [i + 2, ...row.slice(0, inputs), row[inputs], row[row.length - 1]]));
    printOut(`${table}\n\n${rows.length} rows\n`);
    return;
  }
  const classes = model.classes!;
  const inputColumns = header.length - classes.length - 2;
  const table = formatTable(
    ['row', ...header.slice(0, inputColumns), 'predicted', 'probability', 'warnings'],
    rows.map((row, i) => {
      const label = row[inputColumns];
      const probability = label === '' ? '' : Number(row[inputColumns + 1 + classes.indexOf(label)]).toFixed(3);
      return [i + 2, ...row.slice(0, inputColumns), label, probability, row[row.length - 1]];
    }),
  );
  printOut(`${table}\n\n${rows.length} rows\n`);
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
    if (error instanceof CsvError) {
      printErr(`invoke: the file is not valid CSV (${error.message})\n`);
      process.exitCode = 1;
      return;
    }
    if (error?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      printErr(`invoke: ${error.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    if (!(error instanceof UserError) && !(error instanceof InvokeError)) throw error;
    printErr(`invoke: ${error.message}\n`);
    process.exitCode = 1;
  },
);
