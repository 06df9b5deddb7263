// The full model artifact written by training: the model, and the record of how it
// was chosen and how well it did. Read by the pipeline and the build (not bundled:
// the functions embed its serving view, serving-model.ts).
import * as z from 'zod/mini';
import { referenceProfileProblems, referenceProfileSchema } from '../drift/profile-schema.ts';
import type { ReferenceProfile } from '../drift/profile.ts';
import { modelCore, parseModelFile, scalerKind } from './model-parts.ts';

// The training record is read only by node-side code, so its value rules can live in
// refined zod schemas.
const fraction = z.number().check(z.gte(0), z.lte(1));
const count = z.int().check(z.gte(0));
const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const params = z.record(z.string(), paramValue);

export { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, ArtifactError } from './model-parts.ts';
export type { InputSpec, ScalerParams } from './model-parts.ts';

const candidateSchema = z.strictObject({
  family: z.string(),
  params,
  /** null when a one-setting grid skipped cross-validation. */
  cvMean: z.nullable(fraction),
  cvStd: z.nullable(fraction),
  foldAccuracies: z.array(fraction),
  rank: z.int().check(z.positive()),
  notConverged: count,
});

const classReportSchema = z.strictObject({
  label: z.string(),
  precision: fraction,
  recall: fraction,
  f1: fraction,
  support: count,
});

const meanStd = z.strictObject({ mean: z.number(), std: z.number() });

const artifactSchema = z.strictObject({
  ...modelCore,
  /** What the CSV held and which columns became features (the summary shows it). */
  data: z.strictObject({
    delimiter: z.string(),
    /** The text encoding the file was read in. */
    encoding: z.string(),
    columns: z.array(z.strictObject({ name: z.string(), type: z.enum(['numeric', 'categorical', 'date']), missing: count })),
    dropped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
    /** Rows of the file left out (no label, a class of a single row), with the reason. */
    rowsLeftOut: z.array(z.strictObject({ rows: count, reason: z.string() })),
    notices: z.array(z.string()),
    /** Rows of each class in the whole file, in class order. */
    classCounts: z.array(count),
  }),
  preprocessing: z.strictObject({
    numericImpute: z.enum(['median', 'mean', 'most_frequent', 'none']),
    categoricalImpute: z.enum(['most_frequent', 'constant', 'none']),
    maxCategories: z.int().check(z.gte(2)),
  }),
  selection: z.strictObject({
    /** The winner: its family, its setting as the grid wrote it (best_params_), and every parameter it was fitted with. */
    family: z.string(),
    params,
    scaler: scalerKind,
    classifierParams: params,
    folds: z.int().check(z.gte(2)),
    testSize: z.number().check(z.gte(0), z.lt(1)),
    /** The grid as given (param_grid keyed by family). */
    grid: z.record(z.string(), z.array(z.record(z.string(), z.array(paramValue)))),
    results: z.array(candidateSchema).check(z.minLength(1)),
    /** Each family's best setting, refitted: the seed notebook's comparison table. */
    families: z.array(
      z.strictObject({
        family: z.string(),
        params,
        cvMean: z.nullable(fraction),
        cvStd: z.nullable(fraction),
        testAccuracy: z.nullable(fraction),
        /** Bytes of the serialized model (inputs, scaler, classifier as JSON). */
        modelBytes: count,
      }),
    ),
    /** The family the search chose; this artifact may hold another one (--keep-all). */
    winner: z.string(),
    refit: z.strictObject({ iterations: z.array(count), converged: z.boolean() }),
  }),
  /** What drives the model: impurity decrease (trees) or permutation importance (KNN, SVC, naive Bayes); null for linear models, whose coefficients show it. */
  importances: z.nullable(z.strictObject({ method: z.enum(['impurity', 'permutation']), columns: z.array(z.string()), values: z.array(z.number()) })),
  metrics: z.strictObject({
    cvMean: z.nullable(fraction),
    cvStd: z.nullable(fraction),
    /** The winner's other scores across the cross-validation folds; null when there was no search. */
    cv: z.nullable(
      z.strictObject({
        balancedAccuracy: meanStd,
        logLoss: meanStd,
        /** null when a fold lacked a class (ROC-AUC is undefined there). */
        rocAuc: z.nullable(meanStd),
        brier: meanStd,
      }),
    ),
    trainAccuracy: fraction,
    /** null when every row was used for training (--test-size 0). */
    test: z.nullable(
      z.strictObject({
        accuracy: fraction,
        balancedAccuracy: fraction,
        logLoss: z.number().check(z.gte(0)),
        /** roc_auc_score (one-vs-rest, macro); null when a class has no test row. */
        rocAuc: z.nullable(fraction),
        brier: fraction,
        rows: z.int().check(z.positive()),
        confusionMatrix: z.array(z.array(count)),
        perClass: z.array(classReportSchema),
      }),
    ),
    gate: z.strictObject({
      /** The held-out rows judged: out of fold on the training part and the test part, or one of them. */
      evaluatedOn: z.enum(['cross-validation and test', 'test', 'cross-validation']),
      accuracy: fraction,
      baseline: z.literal('most_frequent'),
      baselineAccuracy: fraction,
      pValue: fraction,
      alpha: fraction,
      minAccuracy: fraction,
    }),
  }),
  /** The training part's distributions and the model's own predictions on it: what npm run drift compares production data with. */
  profile: z.optional(referenceProfileSchema as unknown as z.ZodMiniType<ReferenceProfile>),
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
export type CandidateRecord = Artifact['selection']['results'][number];
export type ClassReport = z.infer<typeof classReportSchema>;

/**
 * Validates an artifact parsed from JSON: its schema, and that every array has the
 * shape the features and classes imply. `source` names the file in every message.
 * (That the content still matches its model version is checked where files are read,
 * by model-version.ts.)
 */
export function parseArtifact(value: unknown, source: string): Artifact {
  return parseModelFile(artifactSchema, value, source, (artifact, { expect, expectLength }) => {
    const classes = artifact.classes.length;
    const { test } = artifact.metrics;
    if (test) {
      expectLength('metrics.test.confusionMatrix', test.confusionMatrix.length, classes, 'one row per class');
      test.confusionMatrix.forEach((row, k) => expectLength(`metrics.test.confusionMatrix[${k}]`, row.length, classes, 'one column per class'));
      expectLength('metrics.test.perClass', test.perClass.length, classes, 'one per class');
    }
    expectLength('data.classCounts', artifact.data.classCounts.length, classes, 'one per class');
    expect((test === null) === (artifact.selection.testSize === 0), 'metrics.test', 'must be null exactly when selection.testSize is 0');
    if (artifact.profile) for (const problem of referenceProfileProblems(artifact.profile)) expect(false, `profile.${problem.slice(0, problem.indexOf(':'))}`, problem.slice(problem.indexOf(':') + 2));
    artifact.selection.results.forEach((result, i) => {
      if (result.cvMean !== null) expectLength(`selection.results[${i}].foldAccuracies`, result.foldAccuracies.length, artifact.selection.folds, 'one per fold');
    });
  });
}
