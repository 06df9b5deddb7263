// npm run predict -- --data rows.csv --out scored.csv [--artifact artifacts/model.json] [--raw-cells]
// Scores a CSV offline with the trained artifact, streaming: constant memory whatever
// the file's size, rows in input order. The output appears complete or not at all.
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { CsvError } from 'csv-parse';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readModelFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { removeStaleTemporariesOf, temporaryPathOf } from '../pipeline/artifact/temp-files.ts';
import { parseFlags } from './cli-args.ts';
import { fileDelimiter, scoreCsv, ScoringError } from './csv-scoring.ts';
import { printErr } from './terminal.ts';
import { fromUser } from './user-path.ts';

const USAGE = `Usage: npm run predict -- --data rows.csv --out scored.csv [--artifact artifacts/model.json] [--raw-cells]
  --raw-cells   write text cells exactly as read, even those a spreadsheet would run as a
                formula (=, +, -, @ first); by default they get a leading '`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values: { data?: string; out?: string; artifact?: string; 'raw-cells'?: boolean; help?: boolean };
  try {
    ({ values } = parseFlags({ args: argv, options: { data: { type: 'string' }, out: { type: 'string' }, artifact: { type: 'string' }, 'raw-cells': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
    if (values.help) {
      printErr(`${USAGE}\n`);
      return 0;
    }
    if (!values.data || !values.out) throw new UsageError('--data and --out are required');
  } catch (error) {
    printErr(`predict: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const data = fromUser(values.data);
  const out = fromUser(values.out);
  const temporary = temporaryPathOf(out);
  let output: ReturnType<typeof createWriteStream> | undefined;
  // Stopped halfway, nothing is left behind: the output appears complete or not at all
  // (and what a kill -9 left is removed by the next run, below).
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      rmSync(temporary, { force: true });
      printErr(`\npredict: stopped by ${signal}; ${out} was not written\n`);
      process.exit(code);
    });
  }
  const started = performance.now();
  let lastReport = started;
  const rate = (rows: number) => Math.round(rows / ((performance.now() - started) / 1000));
  try {
    const model = servingModelOf(readModelFile(values.artifact ? fromUser(values.artifact) : DEFAULT_ARTIFACT_PATH));
    const input = createReadStream(data);
    await once(input, 'open').catch((error: NodeJS.ErrnoException) => {
      throw new ScoringError(`${data}: cannot read the file (${error.code ?? error.message})`);
    });
    removeStaleTemporariesOf(out);
    output = createWriteStream(temporary);
    const { rows, unscored } = await scoreCsv(model, input, output, {
      source: data,
      delimiter: fileDelimiter(data),
      rawCells: values['raw-cells'] === true,
      onBatch: ({ rows }) => {
        if (performance.now() - lastReport < 1000) return;
        lastReport = performance.now();
        printErr(`predict: ${rows} rows, ${rate(rows)} rows/s\n`);
      },
    });
    output.end();
    await once(output, 'finish');
    renameSync(temporary, out);
    const notScored = unscored > 0 ? `; ${unscored} not scored (a cell could not be read: see their warnings column)` : '';
    printErr(`predict: ${unscored > 0 ? `${rows - unscored} of ${rows}` : rows} rows scored in ${((performance.now() - started) / 1000).toFixed(2)} s (${rate(rows)} rows/s)${notScored} → ${out}\n`);
    return 0;
  } catch (error) {
    if (output) {
      // Ended, not destroyed: a write still in flight finishes (destroying the stream under it
      // made that write fail with ERR_STREAM_DESTROYED), then the file is closed and removed.
      output.on('error', () => {});
      output.end();
      if (!output.closed) await once(output, 'close');
    }
    rmSync(temporary, { force: true });
    if (error instanceof ScoringError || error instanceof ArtifactError) {
      printErr(`predict: ${error.message}\n`);
      return 1;
    }
    if (error instanceof CsvError) {
      printErr(`predict: ${data}: not valid CSV (${error.message})\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
