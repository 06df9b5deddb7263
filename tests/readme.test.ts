// The documentation stays usable: a short README whose first lines hold the two commands a
// fresh machine needs, every `npm run` command the README and docs/ name exists, and every
// relative link (and its #anchor) points to a file and heading that exist.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { readmeWithHeadline, renderResults } from '../scripts/docs-bench.ts';

const ROOT = resolve(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const pages = [README, join(ROOT, 'CHANGELOG.md'), ...readdirSync(DOCS).filter((name) => name.endsWith('.md')).map((name) => join(DOCS, name))];
const text = (file: string) => readFileSync(file, 'utf8');
const shown = (file: string) => relative(ROOT, file);

/** The text outside fenced code blocks, where a markdown link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const match of prose(text(file)).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]);
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
  }
  return anchors;
}

test('README.md has at most 200 lines', () => {
  const lines = text(README).split('\n').length;
  assert.ok(lines <= 200, `README.md has ${lines} lines`);
});

test('the first 30 lines of README.md hold the two set-up commands: train, bundle and zip; run the tests', () => {
  const head = text(README).split('\n').slice(0, 30);
  const commands = head.map((line) => line.trim()).filter((line) => /^npm ci && npm run \S+$/.test(line));
  assert.deepEqual(commands, ['npm ci && npm run build', 'npm ci && npm run test'], `commands in the first 30 lines: ${JSON.stringify(commands)}`);
  for (const command of commands) {
    const name = command.slice('npm ci && npm run '.length);
    assert.ok(name in scripts, `package.json has no script "${name}"`);
  }
  // build trains on the embedded iris data when no artifact exists, then bundles and zips.
  assert.match(scripts.build, /scripts\/build\.ts/);
  assert.match(scripts.test, /--test/);
});

test('every `npm run X` named in README.md, CHANGELOG.md and docs/*.md is a script of package.json', () => {
  const missing: string[] = [];
  let named = 0;
  for (const file of pages) {
    for (const match of text(file).matchAll(/npm run ([A-Za-z0-9][\w:.-]*)/g)) {
      named++;
      const name = match[1].replace(/[.:]+$/, '');
      if (!(name in scripts)) missing.push(`${shown(file)}: npm run ${name}`);
    }
  }
  assert.ok(named > 20, `only ${named} commands found: is the pattern still right?`);
  assert.deepEqual(missing, []);
});

test('every relative link in README.md, CHANGELOG.md and docs/*.md points to an existing file and heading', () => {
  const broken: string[] = [];
  let links = 0;
  for (const file of pages) {
    for (const match of prose(text(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      links++;
      const [path, anchor] = target.split('#', 2);
      const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      if (!resolved.startsWith(ROOT) || !existsSync(resolved)) {
        broken.push(`${shown(file)}: ${target} (no such file)`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
        broken.push(`${shown(file)}: ${target} (no heading with that anchor in ${shown(resolved)})`);
      }
    }
  }
  assert.ok(links > 20, `only ${links} relative links found: is the pattern still right?`);
  assert.deepEqual(broken, []);
});

test('the README links every page of docs/', () => {
  const readme = text(README);
  const unlinked = readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .filter((name) => !readme.includes(`](docs/${name}`));
  assert.deepEqual(unlinked, []);
});

test('the anchor rule reads headings as GitHub does', () => {
  assert.equal(slug('How the archive guards functions-framework'), 'how-the-archive-guards-functions-framework');
  assert.equal(slug('`npm run invoke -- URL --file`'), 'npm-run-invoke----url---file');
  assert.equal(slug('`GET /`: the model\'s description'), 'get--the-models-description');
});

test('docs/benchmark-results.md is what the records in bench/results/ make (npm run docs:bench)', () => {
  assert.equal(text(join(ROOT, 'docs/benchmark-results.md')), renderResults(), 'run npm run docs:bench');
  assert.equal(text(README), readmeWithHeadline(text(README)), "the README's headline table: run npm run docs:bench");
});
