// What the deployed function needs of an artifact, and nothing more: the build embeds
// this view, and the function validates it once at cold start.
import * as z from 'zod/mini';
import type { Artifact } from './artifact.ts';
import type { ImportedArtifact } from './imported.ts';
import { modelCore, number, parseModelFile, scalerKind, text, type ModelCoreFields } from './model-parts.ts';

// Only what GET / shows. Kept to schema types the function validates anyway: a record
// or union schema here would add ~5 KB of zod to every bundle, so the winning settings
// and the test metrics travel as their JSON text, and unmeasured metrics are left out
// rather than null.
const servingModelSchema = z.strictObject({
  ...modelCore,
  summary: z.strictObject({
    family: text,
    scaler: scalerKind,
    /** JSON of the winning setting as the grid wrote it. */
    params: text,
    /** What the search ranked by, and the winner's mean and std over the folds. */
    scoring: text,
    cvMean: z.optional(number),
    cvStd: z.optional(number),
    /** JSON of the test part's metrics (accuracy, …; r2, rmse, …), without per-class detail. */
    test: z.optional(text),
    testRows: number,
    trainRows: number,
    /** An imported model's origin: the pickle's name, SHA-256 and scikit-learn version (no rows counted by the kit). */
    source: z.optional(text),
  }),
});

type Summary = z.infer<typeof servingModelSchema>['summary'];
export type ServingModel = ModelCoreFields & { format: string; formatVersion: number; summary: Summary };

/** The test metrics GET / shows: the numbers, not the confusion matrix or per-class tables. */
function testNumbers(test: NonNullable<Artifact['metrics']['test']>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(test).filter(([, value]) => value === null || typeof value === 'number')) as Record<string, number | null>;
}

export function servingModelOf(file: Artifact | ImportedArtifact): ServingModel {
  const { format, formatVersion, modelVersion, target, features, scaler, inputs, ignoredColumns, cells } = file;
  const taskFields =
    file.task === 'classification'
      ? { task: file.task, classes: file.classes, labelType: file.labelType, classifier: file.classifier }
      : { task: file.task, regressor: file.regressor, targetStats: file.targetStats };
  const core = { format, formatVersion, modelVersion, ...taskFields, target, features, scaler, inputs, ignoredColumns, cells };
  if ('source' in file) {
    const { provenance } = file;
    const summary = { family: provenance.family, scaler: scaler.kind, params: JSON.stringify(provenance.params), scoring: 'none (imported model)', testRows: 0, trainRows: 0, source: `import of ${provenance.modelFile} (sha256 ${provenance.modelSha256}), scikit-learn ${provenance.sklearnVersion}` };
    return { ...core, summary } as ServingModel;
  }
  const artifact = file;
  const { metrics, selection } = artifact;
  return {
    ...core,
    summary: {
      family: selection.family,
      scaler: selection.scaler,
      params: JSON.stringify(selection.params),
      scoring: selection.scoring,
      ...(metrics.cvMean === null ? {} : { cvMean: metrics.cvMean, cvStd: metrics.cvStd ?? 0 }),
      ...(metrics.test ? { test: JSON.stringify(testNumbers(metrics.test)) } : {}),
      testRows: metrics.test?.rows ?? 0,
      trainRows: artifact.provenance.trainRows,
    },
  } as ServingModel;
}

export function parseServingModel(value: unknown, source: string): ServingModel {
  return parseModelFile(servingModelSchema as unknown as z.ZodMiniType<ServingModel>, value, source);
}
