// The model artifact's format, shared by the writer (training) and every reader
// (build, deployed function). It is bundled into the cloud functions, so it uses
// zod/mini and nothing heavier.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { describeIssues } from './validation-issues.ts';

export const ARTIFACT_FORMAT = 'tabular-classifier';
export const ARTIFACT_FORMAT_VERSION = 1;

const finite = z.number();
const positive = z.number().check(z.positive());
const fraction = z.number().check(z.gte(0), z.lte(1));
const nonEmptyName = z.string().check(z.minLength(1));
const scalerKind = z.enum(['standard', 'minmax']);

const scalerSchema = z.strictObject({
  kind: scalerKind,
  /** Transformed value = (x - center) / scale: mean/std for standard, min/range for minmax. */
  center: z.array(finite),
  scale: z.array(positive),
});

const classifierSchema = z.strictObject({
  kind: z.literal('one-vs-rest-logistic'),
  /** intercepts[k] + weights[k] · scaledRow is the log-odds of "the row is class k". */
  intercepts: z.array(finite),
  weights: z.array(z.array(finite)),
});

const featureStatsSchema = z.strictObject({
  name: nonEmptyName,
  min: finite,
  max: finite,
  mean: finite,
  std: z.number().check(z.gte(0)),
});

const settingsSchema = z.strictObject({
  scaler: scalerKind,
  numSteps: z.int().check(z.positive()),
  learningRate: positive,
});

const gridEntrySchema = z.strictObject({
  ...settingsSchema.shape,
  cvMean: fraction,
  cvStd: fraction,
  foldAccuracies: z.array(fraction),
  rank: z.int().check(z.positive()),
});

const classReportSchema = z.strictObject({
  label: z.string(),
  precision: fraction,
  recall: fraction,
  f1: fraction,
  support: z.int().check(z.gte(0)),
});

const artifactSchema = z.strictObject({
  format: z.literal(ARTIFACT_FORMAT),
  formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
  modelVersion: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  target: nonEmptyName,
  features: z.array(nonEmptyName).check(z.minLength(1)),
  classes: z.array(nonEmptyName).check(z.minLength(2)),
  scaler: scalerSchema,
  classifier: classifierSchema,
  featureStats: z.array(featureStatsSchema),
  selection: z.strictObject({
    chosen: settingsSchema,
    folds: z.int().check(z.gte(2)),
    testSize: z.number().check(z.gt(0), z.lt(1)),
    grid: z.array(gridEntrySchema).check(z.minLength(1)),
  }),
  metrics: z.strictObject({
    cvMean: fraction,
    cvStd: fraction,
    trainAccuracy: fraction,
    testAccuracy: fraction,
    testRows: z.int().check(z.positive()),
    confusionMatrix: z.array(z.array(z.int().check(z.gte(0)))),
    perClass: z.array(classReportSchema),
  }),
  provenance: z.strictObject({
    dataFile: z.string(),
    dataSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    rows: z.int().check(z.positive()),
    trainRows: z.int().check(z.positive()),
    seed: z.int(),
    packages: z.record(z.string(), z.string()),
    gitCommit: z.nullable(z.string()),
    createdAt: z.nullable(z.string()),
  }),
});

export type Artifact = z.infer<typeof artifactSchema>;
export type ScalerParams = Artifact['scaler'];
export type ClassifierParams = Artifact['classifier'];
export type FeatureStats = Artifact['featureStats'][number];
export type ModelSettings = Artifact['selection']['chosen'];
export type GridEntry = Artifact['selection']['grid'][number];
export type ClassReport = Artifact['metrics']['perClass'][number];

export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/**
 * Validates an artifact parsed from JSON: its schema, that every array has the shape
 * the features and classes imply, and that its content still hashes to its model
 * version (an edited file is refused). `source` names the file in every message.
 */
export function parseArtifact(value: unknown, source: string): Artifact {
  const result = z.safeParse(artifactSchema, value, { reportInput: true });
  if (!result.success) {
    const problems = describeIssues(result.error.issues).map((issue) => `${issue.path}: ${issue.message}`);
    throw new ArtifactError(`${source} is not a valid model artifact:\n  ${problems.join('\n  ')}`);
  }
  const artifact = result.data;
  const problems = shapeProblems(artifact);
  if (problems.length > 0) {
    throw new ArtifactError(`${source} is not a consistent model artifact:\n  ${problems.join('\n  ')}`);
  }
  const expected = computeModelVersion(value as Record<string, unknown>);
  if (expected !== artifact.modelVersion) {
    throw new ArtifactError(
      `${source} was changed after training: its content hashes to ${expected}, but it claims model version ${artifact.modelVersion}. Retrain rather than edit the file.`,
    );
  }
  return artifact;
}

function shapeProblems(artifact: Artifact): string[] {
  const problems: string[] = [];
  const features = artifact.features.length;
  const classes = artifact.classes.length;
  const expectLength = (path: string, actual: number, expected: number, what: string) => {
    if (actual !== expected) problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`);
  };
  const expectUnique = (path: string, names: string[]) => {
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    if (repeated.length > 0) problems.push(`${path}: names must be unique, repeated: ${repeated.join(', ')}`);
  };
  expectUnique('features', artifact.features);
  expectUnique('classes', artifact.classes);
  expectLength('scaler.center', artifact.scaler.center.length, features, 'one per feature');
  expectLength('scaler.scale', artifact.scaler.scale.length, features, 'one per feature');
  expectLength('classifier.intercepts', artifact.classifier.intercepts.length, classes, 'one per class');
  expectLength('classifier.weights', artifact.classifier.weights.length, classes, 'one row per class');
  artifact.classifier.weights.forEach((row, k) =>
    expectLength(`classifier.weights[${k}]`, row.length, features, 'one weight per feature'),
  );
  expectLength('featureStats', artifact.featureStats.length, features, 'one per feature');
  artifact.featureStats.forEach((stats, j) => {
    if (stats.name !== artifact.features[j]) problems.push(`featureStats[${j}].name: is "${stats.name}", expected "${artifact.features[j]}"`);
    if (stats.min > stats.max) problems.push(`featureStats[${j}]: min ${stats.min} is above max ${stats.max}`);
  });
  expectLength('metrics.confusionMatrix', artifact.metrics.confusionMatrix.length, classes, 'one row per class');
  artifact.metrics.confusionMatrix.forEach((row, k) =>
    expectLength(`metrics.confusionMatrix[${k}]`, row.length, classes, 'one column per class'),
  );
  expectLength('metrics.perClass', artifact.metrics.perClass.length, classes, 'one per class');
  return problems;
}

/** First 16 hex digits of the SHA-256 of the artifact's canonical JSON, without its own version field. */
export function computeModelVersion(content: Record<string, unknown>): string {
  const { modelVersion: _ignored, ...rest } = content;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so the hash does not depend on how a file was formatted. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
