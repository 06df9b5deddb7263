// What the deployed function needs of an artifact, and nothing more: the build embeds
// this view, and the function validates it once at cold start.
import * as z from 'zod/mini';
import type { Artifact } from './artifact.ts';
import { modelCore, number, parseModelFile, scalerKind, text } from './model-parts.ts';

// Only what GET / shows. Kept to schema types the function validates anyway: a record
// or union schema here would add ~5 KB of zod to every bundle, so the winning settings
// travel as their JSON text, and unmeasured metrics are left out rather than null.
const servingModelSchema = z.strictObject({
  ...modelCore,
  summary: z.strictObject({
    family: text,
    scaler: scalerKind,
    /** JSON of the winning setting as the grid wrote it. */
    params: text,
    cvMean: z.optional(number),
    cvStd: z.optional(number),
    testAccuracy: z.optional(number),
    testRows: number,
    trainRows: number,
  }),
});

export type ServingModel = z.infer<typeof servingModelSchema>;

export function servingModelOf(artifact: Artifact): ServingModel {
  const { format, formatVersion, modelVersion, target, features, classes, labelType, scaler, classifier, inputs, ignoredColumns, cells, metrics, selection } = artifact;
  return {
    format,
    formatVersion,
    modelVersion,
    target,
    features,
    classes,
    labelType,
    scaler,
    classifier,
    inputs,
    ignoredColumns,
    cells,
    summary: {
      family: selection.family,
      scaler: selection.scaler,
      params: JSON.stringify(selection.params),
      ...(metrics.cvMean === null ? {} : { cvMean: metrics.cvMean, cvStd: metrics.cvStd ?? 0 }),
      ...(metrics.test ? { testAccuracy: metrics.test.accuracy } : {}),
      testRows: metrics.test?.rows ?? 0,
      trainRows: artifact.provenance.trainRows,
    },
  };
}

export function parseServingModel(value: unknown, source: string): ServingModel {
  return parseModelFile(servingModelSchema, value, source);
}
