// What every model file holds, shared by the full artifact (pipeline, build) and the
// serving model embedded in the cloud functions. Bundled, so zod/mini only, and lean:
// each zod schema built costs ~0.1 ms of every cold start here, and `.check()` clones
// the schema it refines, so value rules (positive scales, non-empty names) are checked
// by hand in modelShapeProblems instead of by refined schemas.
import * as z from 'zod/mini';
import { scoreRowCount } from '../models/linear/classifier.ts';
import { describeIssues } from './validation-issues.ts';

export const ARTIFACT_FORMAT = 'tabular-classifier';
// 2: classifiers carry their link (logistic, softmax, ovr); selection records the grid as given.
export const ARTIFACT_FORMAT_VERSION = 2;

export const number = z.number();
export const text = z.string();
const numbers = z.array(number);
const texts = z.array(text);
export const scalerKind = z.enum(['standard', 'minmax']);

export const scalerSchema = z.strictObject({
  kind: scalerKind,
  /** Transformed value = (x - center) / scale: mean/std for standard, min/range for minmax. */
  center: numbers,
  scale: numbers,
});

/** See models/linear/classifier.ts for what the link means. */
export const classifierSchema = z.strictObject({
  kind: z.literal('linear'),
  link: z.enum(['logistic', 'softmax', 'ovr']),
  intercepts: numbers,
  weights: z.array(numbers),
});

export const featureStatsSchema = z.strictObject({ name: text, min: number, max: number, mean: number, std: number });

/** The fields every model file has, whatever else it carries. */
export const modelCore = {
  format: z.literal(ARTIFACT_FORMAT),
  formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
  modelVersion: text,
  target: text,
  features: texts,
  classes: texts,
  scaler: scalerSchema,
  classifier: classifierSchema,
  featureStats: z.array(featureStatsSchema),
};

export type ScalerParams = z.infer<typeof scalerSchema>;
export type FeatureStats = z.infer<typeof featureStatsSchema>;

interface ModelCoreFields {
  modelVersion: string;
  target: string;
  features: string[];
  classes: string[];
  scaler: ScalerParams;
  classifier: z.infer<typeof classifierSchema>;
  featureStats: FeatureStats[];
}

export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** Collects one message per problem; `expectLength` and `expect` add to it. */
export interface ShapeChecks {
  expect(ok: boolean, path: string, message: string): void;
  expectLength(path: string, actual: number, expected: number, what: string): void;
}

/**
 * Parses with `schema` (types; zod's numbers are finite), then checks the shapes and
 * values; any problem becomes one ArtifactError that names `source` and lists every
 * path that is wrong.
 */
export function parseModelFile<T extends ModelCoreFields>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  source: string,
  moreChecks: (parsed: T, checks: ShapeChecks) => void = () => {},
): T {
  // reportInput (which lets messages quote what was found) makes zod several times
  // slower, so only a file that already failed is parsed again with it.
  const result = z.safeParse(schema, value);
  if (!result.success) {
    const issues = z.safeParse(schema, value, { reportInput: true }).error?.issues ?? result.error.issues;
    const problems = describeIssues(issues).map((issue) => `${issue.path}: ${issue.message}`);
    throw new ArtifactError(`${source} is not a valid model artifact:\n  ${problems.join('\n  ')}`);
  }
  const problems: string[] = [];
  const checks: ShapeChecks = {
    expect: (ok, path, message) => {
      if (!ok) problems.push(`${path}: ${message}`);
    },
    expectLength: (path, actual, expected, what) => {
      if (actual !== expected) problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`);
    },
  };
  modelShapeProblems(result.data, checks);
  moreChecks(result.data, checks);
  if (problems.length > 0) throw new ArtifactError(`${source} is not a consistent model artifact:\n  ${problems.join('\n  ')}`);
  return result.data;
}

function modelShapeProblems(model: ModelCoreFields, { expect, expectLength }: ShapeChecks): void {
  const features = model.features.length;
  const classes = model.classes.length;
  expect(/^[0-9a-f]{16}$/.test(model.modelVersion), 'modelVersion', 'must be 16 hex digits');
  expect(model.target !== '', 'target', 'must not be empty');
  expect(features >= 1, 'features', 'needs at least 1 entries');
  expect(classes >= 2, 'classes', 'needs at least 2 entries');
  for (const [path, names] of [['features', model.features], ['classes', model.classes]] as const) {
    names.forEach((name, i) => {
      expect(name !== '', `${path}[${i}]`, 'must not be empty');
      // A key that JavaScript objects treat specially cannot be a field of a request or an answer.
      expect(name !== '__proto__', `${path}[${i}]`, 'cannot be "__proto__"');
    });
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    expect(repeated.length === 0, path, `names must be unique, repeated: ${repeated.join(', ')}`);
  }
  expectLength('scaler.center', model.scaler.center.length, features, 'one per feature');
  expectLength('scaler.scale', model.scaler.scale.length, features, 'one per feature');
  model.scaler.scale.forEach((scale, j) => expect(scale > 0, `scaler.scale[${j}]`, 'must be greater than 0'));
  const { link } = model.classifier;
  expect(link !== 'logistic' || classes === 2, 'classifier.link', `"logistic" serves two classes; this model has ${classes}`);
  const scoreRows = scoreRowCount(link, classes);
  const rowsAre = link === 'logistic' ? 'one score row (the log-odds of the second class)' : 'one per class';
  expectLength('classifier.intercepts', model.classifier.intercepts.length, scoreRows, rowsAre);
  expectLength('classifier.weights', model.classifier.weights.length, scoreRows, rowsAre);
  model.classifier.weights.forEach((row, k) => expectLength(`classifier.weights[${k}]`, row.length, features, 'one weight per feature'));
  expectLength('featureStats', model.featureStats.length, features, 'one per feature');
  model.featureStats.forEach((stats, j) => {
    expect(stats.name === model.features[j], `featureStats[${j}].name`, `is "${stats.name}", expected "${model.features[j]}"`);
    expect(stats.min <= stats.max, `featureStats[${j}]`, `min ${stats.min} is above max ${stats.max}`);
    expect(stats.std >= 0, `featureStats[${j}].std`, 'must be at least 0');
  });
}
