// What the deployed function needs of an artifact, and nothing more: the build embeds
// this view, and the function validates it once at cold start.
import * as z from 'zod/mini';
import type { Artifact } from './artifact.ts';
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
  }),
});

type Summary = z.infer<typeof servingModelSchema>['summary'];
export type ServingModel = ModelCoreFields & { format: string; formatVersion: number; summary: Summary };

/** The test metrics GET / shows: the numbers, not the confusion matrix or per-class tables. */
function testNumbers(test: NonNullable<Artifact['metrics']['test']>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(test).filter(([, value]) => value === null || typeof value === 'number')) as Record<string, number | null>;
}

export function servingModelOf(artifact: Artifact): ServingModel {
  const { format, formatVersion, modelVersion, target, features, scaler, inputs, ignoredColumns, cells, metrics, selection } = artifact;
  const taskFields =
    artifact.task === 'classification'
      ? { task: artifact.task, classes: artifact.classes, labelType: artifact.labelType, classifier: artifact.classifier }
      : { task: artifact.task, regressor: artifact.regressor, targetStats: artifact.targetStats };
  return {
    format,
    formatVersion,
    modelVersion,
    ...taskFields,
    target,
    features,
    scaler,
    inputs,
    ignoredColumns,
    cells,
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
