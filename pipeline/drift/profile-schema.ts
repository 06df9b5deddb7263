// The reference profile as stored JSON: its zod schema (types) and the consistency the
// comparison relies on (sorted edges, one count per bin, counts that add up), for the
// artifact's reader to run on what it loads. Problems come back as "path: message" lines.
import * as z from 'zod/mini';
import type { ReferenceProfile } from './profile.ts';

const count = z.int().check(z.gte(0));
const share = z.number().check(z.gte(0), z.lte(1));
const presence = { count, missing: count, missingShare: share };
const role = z.enum(['feature', 'prediction']);

const numericSchema = z.strictObject({
  name: z.string(),
  role,
  kind: z.literal('numeric'),
  ...presence,
  mean: z.nullable(z.number()),
  std: z.nullable(z.number().check(z.gte(0))),
  quantiles: z.array(z.number()),
  distinct: z.int().check(z.gte(0), z.lte(21)),
  bins: z.strictObject({ edges: z.array(z.number()), counts: z.array(count), means: z.optional(z.array(z.number())) }),
});

const categoricalSchema = z.strictObject({
  name: z.string(),
  role,
  kind: z.literal('categorical'),
  ...presence,
  categories: z.array(z.string()),
  counts: z.array(count),
  rare: z.optional(z.strictObject({ categories: z.array(z.string()), count })),
});

export const referenceProfileSchema = z.strictObject({
  version: z.literal(1),
  rows: count,
  features: z.array(z.discriminatedUnion('kind', [numericSchema, categoricalSchema])),
});

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** What a parsed profile gets wrong, one "path: message" a problem; empty when consistent. */
export function referenceProfileProblems(profile: ReferenceProfile): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, path: string, message: string) => ok || problems.push(`${path}: ${message}`);
  const names = new Set<string>();
  profile.features.forEach((f, j) => {
    const at = `features[${j}]`;
    expect(!names.has(f.name), `${at}.name`, `"${f.name}" is profiled twice`);
    names.add(f.name);
    expect(f.missing <= f.count, `${at}.missing`, 'is more than its count');
    if (f.kind === 'numeric') {
      const { edges, counts, means } = f.bins;
      expect(edges.every((e, i) => i === 0 || e > edges[i - 1]), `${at}.bins.edges`, 'must be strictly ascending');
      expect(counts.length === edges.length, `${at}.bins.counts`, `has ${counts.length} entries, expected ${edges.length} (one per edge)`);
      expect(!means || means.length === edges.length, `${at}.bins.means`, `has ${means?.length} entries, expected ${edges.length} (one per edge)`);
      expect(sum(counts) === f.count - f.missing, `${at}.bins.counts`, `add up to ${sum(counts)}, expected ${f.count - f.missing} (the values present)`);
      expect(f.quantiles.length === (edges.length ? 21 : 0), `${at}.quantiles`, `has ${f.quantiles.length} entries, expected ${edges.length ? 21 : 0}`);
    } else {
      expect(f.counts.length === f.categories.length, `${at}.counts`, `has ${f.counts.length} entries, expected ${f.categories.length} (one per category)`);
      const all = [...f.categories, ...(f.rare?.categories ?? [])];
      expect(new Set(all).size === all.length, `${at}.categories`, 'names a category twice (or as both kept and rare)');
      expect(sum(f.counts) + (f.rare?.count ?? 0) === f.count - f.missing, `${at}.counts`, `add up to ${sum(f.counts) + (f.rare?.count ?? 0)}, expected ${f.count - f.missing} (the values present)`);
    }
  });
  return problems;
}
