// npm run docs:bench [-- --take] [--check]
// docs/benchmark-results.md, generated from the benchmark records kept in bench/results/
// (one JSON per benchmark, as bench/record.ts writes them: commit, date, machine, figures).
// --take first copies the records the benchmarks wrote in artifacts/ into bench/results/;
// --check only says whether the page is what the records make (the tests run it).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { ARTIFACTS_DIR } from './archives.ts';
import { parseFlags } from './cli-args.ts';
import { ROOT } from './repo-root.ts';
import { runCli } from './run-cli.ts';
import { printErr, printOut } from './terminal.ts';

export const RESULTS_DIR = join(ROOT, 'bench/results');
export const RESULTS_PAGE = join(ROOT, 'docs/benchmark-results.md');
const USAGE = 'Usage: npm run docs:bench [-- --take] [--check]';
const MAX_ROWS = 60;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

function cell(value: Json | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
  if (typeof value === 'string') return value.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (isRecord(value) && typeof value.median === 'number') return `${cell(value.median)} (${cell(value.min)}–${cell(value.max)})`;
  return JSON.stringify(value).replace(/\|/g, '\\|');
}

/** An array of objects as a Markdown table: the columns are the keys with plain values. */
function table(rows: Json[]): string {
  const objects = rows.filter(isRecord);
  const keys = [...new Set(objects.flatMap((row) => Object.keys(row)))].filter((key) => objects.some((row) => !Array.isArray(row[key]) && (!isRecord(row[key]) || typeof (row[key] as { median?: unknown }).median === 'number')));
  const lines = [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...objects.slice(0, MAX_ROWS).map((row) => `| ${keys.map((key) => cell(row[key])).join(' | ')} |`)];
  if (objects.length > MAX_ROWS) lines.push('', `(${objects.length - MAX_ROWS} more rows in the record)`);
  return lines.join('\n');
}

function section(name: string, record: { [key: string]: Json }): string {
  const { bench, date, commit, changedTree, machine, ...figures } = record;
  const parts = [`## ${bench ?? name}`, '', `Commit \`${typeof commit === 'string' ? commit.slice(0, 12) : 'unknown'}\`${changedTree ? ' (with uncommitted changes)' : ''}, ${cell(date)}, ${cell(machine)}. Record: [bench/results/${name}](../bench/results/${name}).`];
  const scalars = Object.entries(figures).filter(([, value]) => !Array.isArray(value) && !isRecord(value));
  if (scalars.length > 0) parts.push('', scalars.map(([key, value]) => `- ${key}: ${cell(value)}`).join('\n'));
  for (const [key, value] of Object.entries(figures)) {
    if (Array.isArray(value) && value.some(isRecord)) parts.push('', `### ${key}`, '', table(value));
    else if (isRecord(value)) {
      const nested = Object.entries(value);
      const arrays = nested.filter(([, inner]) => Array.isArray(inner) && inner.some(isRecord));
      const plain = nested.filter(([, inner]) => !Array.isArray(inner) && (!isRecord(inner) || typeof inner.median === 'number'));
      if (plain.length > 0) parts.push('', `### ${key}`, '', plain.map(([innerKey, inner]) => `- ${innerKey}: ${cell(inner)}`).join('\n'));
      for (const [innerKey, inner] of arrays) parts.push('', `### ${key}: ${innerKey}`, '', table(inner as Json[]));
    }
  }
  return parts.join('\n');
}

const README = join(ROOT, 'README.md');
const HEADLINE_START = '<!-- bench:function (npm run docs:bench writes this table) -->';
const HEADLINE_END = '<!-- /bench:function -->';

/** The README's headline table: the function benchmark's printed table and what it ran on. */
export function renderHeadline(dir = RESULTS_DIR): string | null {
  const path = join(dir, 'function.json');
  if (!existsSync(path)) return null;
  const record = JSON.parse(readFileSync(path, 'utf8')) as { [key: string]: Json };
  const rows = Array.isArray(record.table) ? record.table : [];
  const commit = typeof record.commit === 'string' ? record.commit.slice(0, 12) : 'unknown';
  return `${table(rows)}\n\n\`npm run bench\` at commit \`${commit}\`${record.changedTree ? ' (with uncommitted changes)' : ''}, ${cell(record.date)}, ${cell(record.machine)}; medians (min–max). Every figure: [benchmark results](docs/benchmark-results.md#function).`;
}

/** The README with its headline block made from the records (unchanged where it has no markers). */
export function readmeWithHeadline(readme: string, dir = RESULTS_DIR): string {
  const headline = renderHeadline(dir);
  const start = readme.indexOf(HEADLINE_START);
  const end = readme.indexOf(HEADLINE_END);
  if (headline === null || start < 0 || end < start) return readme;
  return `${readme.slice(0, start + HEADLINE_START.length)}\n${headline}\n${readme.slice(end)}`;
}

export function renderResults(dir = RESULTS_DIR): string {
  const files = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json')).sort() : [];
  const sections = files.map((file) => section(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as { [key: string]: Json }));
  return `# Benchmark results\n\nGenerated by \`npm run docs:bench\` from the records in \`bench/results/\`; each names the commit, date and machine it was measured on. How each benchmark measures: [benchmarks](benchmarks.md).\n\n${sections.join('\n\n')}\n`;
}

function main(argv: string[]): number {
  const { values } = parseFlags({ args: argv, options: { take: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    printOut(`${USAGE}\n`);
    return 0;
  }
  if (values.take) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const taken = existsSync(ARTIFACTS_DIR) ? readdirSync(ARTIFACTS_DIR).filter((file) => /^bench-[\w-]+\.json$/.test(file)) : [];
    for (const file of taken) copyFileSync(join(ARTIFACTS_DIR, file), join(RESULTS_DIR, file.slice('bench-'.length)));
    printOut(`took ${taken.length} record(s) from ${ARTIFACTS_DIR}\n`);
  }
  const page = renderResults();
  const readme = readFileSync(README, 'utf8');
  const newReadme = readmeWithHeadline(readme);
  if (values.check) {
    const current = existsSync(RESULTS_PAGE) ? readFileSync(RESULTS_PAGE, 'utf8') : '';
    if (current === page && readme === newReadme) return 0;
    printErr(`docs:bench: ${current === page ? README : RESULTS_PAGE} is not what bench/results/ makes; run npm run docs:bench\n`);
    return 1;
  }
  writeFileAtomic(RESULTS_PAGE, page);
  if (newReadme !== readme) writeFileAtomic(README, newReadme);
  printOut(`wrote ${RESULTS_PAGE}${newReadme !== readme ? ` and the README's headline table` : ''}\n`);
  return 0;
}

// Run as a command, not when the tests import renderResults.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCli('docs:bench', USAGE, main, [SyntaxError]);
