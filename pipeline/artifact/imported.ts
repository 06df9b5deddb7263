// A model file made by `npm run import` from a user's fitted scikit-learn model: the
// same model core as a trained artifact (so the build serves it alike), with no
// training record (no data, search or metrics: the kit did not see them), and
// `source: "import"` with the pickle it came from. Node-side only, like artifact.ts.
import * as z from 'zod/mini';
import { modelCore, parseModelFile, type ModelCoreFields } from './model-parts.ts';

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const importedArtifactSchema = z.strictObject({
  ...modelCore,
  source: z.literal('import'),
  provenance: z.strictObject({
    source: z.literal('import'),
    /** The pickle's file name and the SHA-256 of its bytes. */
    modelFile: z.string(),
    modelSha256: sha256,
    /** The scikit-learn version that saved it, its repr, and the kit family it maps to. */
    sklearnVersion: z.string(),
    estimator: z.string(),
    family: z.string(),
    /** The classifier's constructor parameters that are plain values. */
    params: z.record(z.string(), paramValue),
    /** Where the feature names came from. */
    featureNames: z.enum(['feature_names_in_', '--features', '--data']),
    /** The kit's predictions on --data's rows: how many were scored, and their accuracy (classifier) or R² (regressor) against --target when the sample has it. */
    check: z.nullable(z.strictObject({ dataFile: z.string(), dataSha256: sha256, rows: z.int().check(z.gte(0)), metric: z.enum(['accuracy', 'r2']), score: z.nullable(z.number()) })),
    packages: z.record(z.string(), z.string()),
    gitCommit: z.nullable(z.string()),
    createdAt: z.nullable(z.string()),
  }),
});

export type ImportedArtifact = ModelCoreFields & Omit<z.infer<typeof importedArtifactSchema>, keyof ModelCoreFields | 'task' | 'classes' | 'labelType' | 'classifier' | 'regressor' | 'targetStats'>;

/** Whether a parsed JSON value claims to be an imported model (it is then parsed as one). */
export function isImportedValue(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as { source?: unknown }).source === 'import';
}

export function parseImportedArtifact(value: unknown, source: string): ImportedArtifact {
  return parseModelFile(importedArtifactSchema as unknown as z.ZodMiniType<ImportedArtifact>, value, source);
}
