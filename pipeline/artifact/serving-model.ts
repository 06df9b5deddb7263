// What the deployed function needs of an artifact, and nothing more: the build embeds
// this view, and the function validates it once at cold start.
import * as z from 'zod/mini';
import type { Artifact } from './artifact.ts';
import { modelCore, number, parseModelFile, scalerKind, text } from './model-parts.ts';

const servingModelSchema = z.strictObject({
  ...modelCore,
  summary: z.strictObject({
    family: text,
    scaler: scalerKind,
    params: z.record(text, z.union([number, text, z.boolean(), z.null()])),
    cvMean: z.nullable(number),
    cvStd: z.nullable(number),
    testAccuracy: z.nullable(number),
    testRows: number,
    trainRows: number,
  }),
});

export type ServingModel = z.infer<typeof servingModelSchema>;

export function servingModelOf(artifact: Artifact): ServingModel {
  const { format, formatVersion, modelVersion, target, features, classes, scaler, classifier, featureStats, metrics, selection } = artifact;
  return {
    format,
    formatVersion,
    modelVersion,
    target,
    features,
    classes,
    scaler,
    classifier,
    featureStats,
    summary: {
      family: selection.family,
      scaler: selection.scaler,
      params: selection.params,
      cvMean: metrics.cvMean,
      cvStd: metrics.cvStd,
      testAccuracy: metrics.test?.accuracy ?? null,
      testRows: metrics.test?.rows ?? 0,
      trainRows: artifact.provenance.trainRows,
    },
  };
}

export function parseServingModel(value: unknown, source: string): ServingModel {
  return parseModelFile(servingModelSchema, value, source);
}
