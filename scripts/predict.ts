// npm run predict -- --data rows.csv --out scored.csv [--artifact artifacts/model.json]
// Scores a CSV offline with the trained artifact, streaming: constant memory whatever
// the file's size, rows in input order. The output appears complete or not at all.
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ArtifactError } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readArtifactFile } from '../pipeline/artifact/artifact-file.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { fileDelimiter, scoreCsv, ScoringError } from './csv-scoring.ts';
import { fromUser } from './user-path.ts';

const USAGE = 'Usage: npm run predict -- --data rows.csv --out scored.csv [--artifact artifacts/model.json]';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, out: { type: 'string' }, artifact: { type: 'string' } } });
  if (!values.data || !values.out) {
    process.stderr.write(`predict: --data and --out are required\n${USAGE}\n`);
    return 2;
  }
  const data = fromUser(values.data);
  const out = fromUser(values.out);
  const model = servingModelOf(readArtifactFile(values.artifact ? fromUser(values.artifact) : DEFAULT_ARTIFACT_PATH));
  const temporary = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  const input = createReadStream(data);
  const output = createWriteStream(temporary);
  // Stopped halfway, nothing is left behind: the output appears complete or not at all.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      rmSync(temporary, { force: true });
      process.stderr.write(`\npredict: stopped by ${signal}; ${out} was not written\n`);
      process.exit(code);
    });
  }
  const started = performance.now();
  let lastReport = started;
  const rate = (rows: number) => Math.round(rows / ((performance.now() - started) / 1000));
  try {
    await once(input, 'open').catch((error: NodeJS.ErrnoException) => {
      throw new ScoringError(`${data}: cannot read the file (${error.code ?? error.message})`);
    });
    const { rows } = await scoreCsv(model, input, output, data, ({ rows }) => {
      if (performance.now() - lastReport < 1000) return;
      lastReport = performance.now();
      process.stderr.write(`predict: ${rows} rows, ${rate(rows)} rows/s\n`);
    }, fileDelimiter(data));
    output.end();
    await once(output, 'finish');
    renameSync(temporary, out);
    process.stderr.write(`predict: ${rows} rows scored in ${((performance.now() - started) / 1000).toFixed(2)} s (${rate(rows)} rows/s) → ${out}\n`);
    return 0;
  } catch (error) {
    output.destroy();
    rmSync(temporary, { force: true });
    if (error instanceof ScoringError || error instanceof ArtifactError) {
      process.stderr.write(`predict: ${error.message}\n`);
      return 1;
    }
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      process.stderr.write(`predict: ${data}: not valid CSV (${(error as Error).message})\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
