// The full model artifact written by training: the model, and the record of how it
// was chosen and how well it did. Read by the pipeline and the build (not bundled:
// the functions embed its serving view, serving-model.ts).
import * as z from 'zod/mini';
import { referenceProfileProblems, referenceProfileSchema } from '../drift/profile-schema.ts';
import type { ReferenceProfile } from '../drift/profile.ts';
import { modelCore, parseModelFile, scalerKind, type ClassifierFields, type RegressorFields, type TaskFieldName } from './model-parts.ts';

// The training record is read only by node-side code, so its value rules can live in
// refined zod schemas.
const fraction = z.number().check(z.gte(0), z.lte(1));
const count = z.int().check(z.gte(0));
const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const params = z.record(z.string(), paramValue);

export { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, ArtifactError } from './model-parts.ts';
import { ArtifactError } from './model-parts.ts';
export type { InputSpec, ScalerParams } from './model-parts.ts';

const candidateSchema = z.strictObject({
  family: z.string(),
  params,
  /** The scoring's mean and std over the folds; null when a one-setting grid skipped cross-validation, or a fold had no score. */
  cvMean: z.nullable(z.number()),
  cvStd: z.nullable(z.number()),
  /** Each fold's score (split<k>_test_score), null where undefined. */
  foldScores: z.array(z.nullable(z.number())),
  rank: z.int().check(z.positive()),
  notConverged: count,
  /** Fits that failed, scored as undefined (error_score=nan). */
  failedFits: count,
  /** Successive halving only: the last iteration the setting ran in (0 for one eliminated after the first); its scores are that iteration's. */
  iteration: z.optional(count),
});

/** One family's successive halving (--search halving): HalvingGridSearchCV's n_candidates_ and n_resources_ per iteration. */
const halvingSchema = z.strictObject({
  family: z.string(),
  factor: z.int().check(z.gte(2)),
  minResources: z.int().check(z.positive()),
  maxResources: z.int().check(z.positive()),
  nResources: z.array(z.int().check(z.positive())).check(z.minLength(1)),
  nCandidates: z.array(z.int().check(z.positive())).check(z.minLength(1)),
});

const classReportSchema = z.strictObject({
  label: z.string(),
  precision: fraction,
  recall: fraction,
  f1: fraction,
  support: count,
});

const meanStd = z.strictObject({ mean: z.number(), std: z.number() });

const classificationTest = z.strictObject({
  accuracy: fraction,
  balancedAccuracy: fraction,
  f1Macro: fraction,
  logLoss: z.number().check(z.gte(0)),
  /** roc_auc_score (one-vs-rest, macro); null when a class has no test row. */
  rocAuc: z.nullable(fraction),
  brier: fraction,
  rows: z.int().check(z.positive()),
  confusionMatrix: z.array(z.array(count)),
  perClass: z.array(classReportSchema),
});

const regressionTest = z.strictObject({
  /** null below two test rows (scikit-learn's NaN). */
  r2: z.nullable(z.number()),
  rmse: z.number().check(z.gte(0)),
  mae: z.number().check(z.gte(0)),
  medianAbsoluteError: z.number().check(z.gte(0)),
  maxError: z.number().check(z.gte(0)),
  rows: z.int().check(z.positive()),
});

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
    /** Why the task is classification or regression (the target's values, or --task). */
    taskReason: z.string(),
    /** Classification: rows of each class in the whole file, in class order. */
    classCounts: z.optional(z.array(count)),
    /** Regression: the whole file's target in equal-width bins (the report's histogram). */
    targetHistogram: z.optional(z.strictObject({ edges: z.array(z.number()), shares: z.array(fraction) })),
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
    estimatorParams: params,
    /** GridSearchCV's scoring: what the search ranked settings by (greater is better). */
    scoring: z.string(),
    folds: z.int().check(z.gte(2)),
    testSize: z.number().check(z.gte(0), z.lt(1)),
    /** The grid as given (param_grid keyed by family). */
    grid: z.record(z.string(), z.array(z.record(z.string(), z.array(paramValue)))),
    results: z.array(candidateSchema).check(z.minLength(1)),
    /** Present when the search was successive halving: each family's iterations. */
    halving: z.optional(z.array(halvingSchema)),
    /**
     * Each family's best setting: the seed notebook's comparison table. Under successive
     * halving only the families that reached the last iteration are refitted (as
     * HalvingGridSearchCV refits its best only; --keep-all refits every one): the others have
     * no test score and no model size.
     */
    families: z.array(
      z.strictObject({
        family: z.string(),
        params,
        cvMean: z.nullable(z.number()),
        cvStd: z.nullable(z.number()),
        /** The gate's metric (accuracy, R²) on the test part; null without one, or when not refitted. */
        testScore: z.nullable(z.number()),
        /** Bytes of the serialized model (inputs, scaler, estimator as JSON); null when not refitted. */
        modelBytes: z.nullable(count),
      }),
    ),
    /** The family the search chose; this artifact may hold another one (--keep-all). */
    winner: z.string(),
    refit: z.strictObject({ iterations: z.array(count), converged: z.boolean() }),
  }),
  /** What drives the model: impurity decrease (trees) or permutation importance (KNN, SVC, naive Bayes); null for linear models, whose coefficients show it. */
  importances: z.nullable(z.strictObject({ method: z.enum(['impurity', 'permutation']), columns: z.array(z.string()), values: z.array(z.number()) })),
  metrics: z.strictObject({
    /** The winner's mean and std of selection.scoring over the folds; null when there was no search. */
    cvMean: z.nullable(z.number()),
    cvStd: z.nullable(z.number()),
    /** The winner's every scoring over the folds (mean_test_<scoring>); null when there was no search, a scoring null where a fold lacked it. */
    cv: z.nullable(z.record(z.string(), z.nullable(meanStd))),
    /** The gate's metric on the training part. */
    trainScore: z.number(),
    /** null when every row was used for training (--test-size 0). */
    test: z.nullable(z.union([classificationTest, regressionTest])),
    gate: z.strictObject({
      /** The held-out rows judged: out of fold on the training part and the test part, or one of them. */
      evaluatedOn: z.enum(['cross-validation and test', 'test', 'cross-validation']),
      baseline: z.enum(['most_frequent', 'mean']),
      metric: z.enum(['accuracy', 'r2']),
      score: z.number(),
      baselineScore: z.number(),
      pValue: fraction,
      alpha: fraction,
      /** The absolute bar (--min-accuracy, --min-r2); null when none was given. */
      minimum: z.nullable(z.number()),
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

type ClassificationMetrics = z.infer<typeof classificationTest>;
type RegressionMetrics = z.infer<typeof regressionTest>;
type Parsed = z.infer<typeof artifactSchema>;
type Common = Omit<Parsed, TaskFieldName | 'metrics'> & { metrics: Omit<Parsed['metrics'], 'test'> };

/** A classifier's artifact or a regressor's: `task` tells them apart, and the test metrics follow it. */
export type ClassifierArtifact = Common & ClassifierFields & { metrics: { test: ClassificationMetrics | null } };
export type RegressorArtifact = Common & RegressorFields & { metrics: { test: RegressionMetrics | null } };
export type Artifact = ClassifierArtifact | RegressorArtifact;
export type CandidateRecord = Artifact['selection']['results'][number];
export type ClassReport = z.infer<typeof classReportSchema>;
export type { ClassificationMetrics, RegressionMetrics };

/**
 * Validates an artifact parsed from JSON: its schema, and that every array has the
 * shape the features and classes imply. `source` names the file in every message.
 * (That the content still matches its model version is checked where files are read,
 * by model-version.ts.)
 */
export function parseArtifact(value: unknown, source: string): Artifact {
  return parseModelFile(artifactSchema as unknown as z.ZodMiniType<Artifact>, value, source, (artifact, { expect, expectLength }) => {
    const { test } = artifact.metrics;
    if (artifact.task === 'classification') {
      const classes = artifact.classes.length;
      if (test) {
        expect('accuracy' in test, 'metrics.test', "a classifier's test metrics (accuracy, confusionMatrix, …)");
        if ('accuracy' in test) {
          expectLength('metrics.test.confusionMatrix', test.confusionMatrix.length, classes, 'one row per class');
          test.confusionMatrix.forEach((row, k) => expectLength(`metrics.test.confusionMatrix[${k}]`, row.length, classes, 'one column per class'));
          expectLength('metrics.test.perClass', test.perClass.length, classes, 'one per class');
        }
      }
      expectLength('data.classCounts', artifact.data.classCounts?.length ?? 0, classes, 'one per class');
      expect(artifact.metrics.gate.metric === 'accuracy' && artifact.metrics.gate.baseline === 'most_frequent', 'metrics.gate', "a classifier's gate judges accuracy against the majority class");
    } else {
      expect(test === null || 'r2' in test, 'metrics.test', "a regressor's test metrics (r2, rmse, …)");
      expect(artifact.data.targetHistogram !== undefined && artifact.data.classCounts === undefined, 'data', "a regressor's data has a targetHistogram and no classCounts");
      expect(artifact.metrics.gate.metric === 'r2' && artifact.metrics.gate.baseline === 'mean', 'metrics.gate', "a regressor's gate judges R² against the training mean");
    }
    expect((test === null) === (artifact.selection.testSize === 0), 'metrics.test', 'must be null exactly when selection.testSize is 0');
    if (artifact.profile) for (const problem of referenceProfileProblems(artifact.profile)) expect(false, `profile.${problem.slice(0, problem.indexOf(':'))}`, problem.slice(problem.indexOf(':') + 2));
    artifact.selection.results.forEach((result, i) => {
      if (result.cvMean !== null) expectLength(`selection.results[${i}].foldScores`, result.foldScores.length, artifact.selection.folds, 'one per fold');
    });
  });
}

/** The artifact as a classifier's, or an ArtifactError naming what it is instead (for code that only makes sense for classes). */
export function asClassifier(artifact: Artifact, source = 'the artifact'): ClassifierArtifact {
  if (artifact.task !== 'classification') throw new ArtifactError(`${source} is a regressor (it predicts the number "${artifact.target}"), not a classifier`);
  return artifact;
}

/** The artifact as a regressor's, or an ArtifactError. */
export function asRegressor(artifact: Artifact, source = 'the artifact'): RegressorArtifact {
  if (artifact.task !== 'regression') throw new ArtifactError(`${source} is a classifier (it predicts a class of "${artifact.target}"), not a regressor`);
  return artifact;
}
