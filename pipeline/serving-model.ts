// What the deployed function needs of an artifact, and nothing more: the build embeds
// this view, and the function validates it once at cold start.
import * as z from 'zod/mini';
import type { Artifact } from './artifact.ts';
import { modelCore, number, parseModelFile, scalerKind } from './model-parts.ts';

const servingModelSchema = z.strictObject({
  ...modelCore,
  summary: z.strictObject({
    scaler: scalerKind,
    cvMean: number,
    cvStd: number,
    testAccuracy: number,
    testRows: number,
    trainRows: number,
  }),
});

export type ServingModel = z.infer<typeof servingModelSchema>;

export function servingModelOf(artifact: Artifact): ServingModel {
  const { format, formatVersion, modelVersion, target, features, classes, scaler, classifier, featureStats, metrics } = artifact;
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
      scaler: artifact.selection.chosen.scaler,
      cvMean: metrics.cvMean,
      cvStd: metrics.cvStd,
      testAccuracy: metrics.testAccuracy,
      testRows: metrics.testRows,
      trainRows: artifact.provenance.trainRows,
    },
  };
}

export function parseServingModel(value: unknown, source: string): ServingModel {
  return parseModelFile(servingModelSchema, value, source);
}
