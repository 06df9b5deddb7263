// The full model artifact written by training: the model, and the record of how it
// was chosen and how well it did. Read by the pipeline and the build (not bundled:
// the functions embed its serving view, serving-model.ts).
import * as z from 'zod/mini';
import { modelCore, parseModelFile, scalerKind } from './model-parts.ts';

// The training record is read only by node-side code, so its value rules can live in
// refined zod schemas.
const fraction = z.number().check(z.gte(0), z.lte(1));
const positive = z.number().check(z.positive());

export { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, ArtifactError } from './model-parts.ts';
export type { ClassifierParams, FeatureStats, ScalerParams } from './model-parts.ts';

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
  ...modelCore,
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
export type ModelSettings = Artifact['selection']['chosen'];
export type GridEntry = Artifact['selection']['grid'][number];
export type ClassReport = Artifact['metrics']['perClass'][number];

/**
 * Validates an artifact parsed from JSON: its schema, and that every array has the
 * shape the features and classes imply. `source` names the file in every message.
 * (That the content still matches its model version is checked where files are read,
 * by model-version.ts.)
 */
export function parseArtifact(value: unknown, source: string): Artifact {
  return parseModelFile(artifactSchema, value, source, (artifact, { expectLength }) => {
    const classes = artifact.classes.length;
    expectLength('metrics.confusionMatrix', artifact.metrics.confusionMatrix.length, classes, 'one row per class');
    artifact.metrics.confusionMatrix.forEach((row, k) => expectLength(`metrics.confusionMatrix[${k}]`, row.length, classes, 'one column per class'));
    expectLength('metrics.perClass', artifact.metrics.perClass.length, classes, 'one per class');
  });
}
