// What every model file holds, shared by the full artifact (pipeline, build) and the
// serving model embedded in the cloud functions. Bundled, so zod/mini only, and lean:
// each zod schema built costs ~0.1 ms of every cold start here, and `.check()` clones
// the schema it refines, so value rules (positive scales, non-empty names) are checked
// by hand in modelShapeProblems instead of by refined schemas.
import * as z from 'zod/mini';
import type { CellFormat } from '../data/cells.ts';
import type { Classifier } from '../models/classifier.ts';
import type { Regressor } from '../models/regressor.ts';
import type { ScalerParams } from '../models/serving-kind.ts';
import { inputWidth } from '../preprocess/encode.ts';
import { SERVING_TASKS } from '../tasks/serving.ts';
import { number, text, texts } from './schema-primitives.ts';
import { describeIssues } from './validation-issues.ts';

export const ARTIFACT_FORMAT = 'tabular-model';
/** What files of format 5 and before called themselves (classifiers only). */
const EARLIER_FORMAT = 'tabular-classifier';
// 2: classifiers carry their link (logistic, softmax, ovr); selection records the grid as given.
// 3: inputs (numeric or categorical, imputation, categories) replace featureStats; labelType.
// 4: the classifier is one of several kinds (linear, knn, svc, trees, gaussian_nb).
// 5: cells (how a CSV cell is read); min-max scalers as scikit-learn's scale_ and min_;
//    date inputs (ISO 8601 text, encoded into year, month, day, weekday, hour, season).
// 6: format "tabular-model" with a task: classification (classes, classifier) or
//    regression (a regressor, the target's training range).
// 7: selection.families: testScore and modelBytes null for a family that successive
//    halving eliminated before its last iteration (not refitted).
export const ARTIFACT_FORMAT_VERSION = 7;

export { number, text };
const numbers = z.array(number);
export const scalerKind = z.enum(['standard', 'minmax']);

/**
 * As scikit-learn's scalers transform: standard (x - center) / scale (mean_, scale_),
 * minmax x * scale + min (scale_, min_). One object schema with the kind's two fields
 * (a union would cost every bundle more zod); which ones a kind needs is checked below.
 */
export const scalerSchema = z.strictObject({
  kind: scalerKind,
  center: z.optional(numbers),
  scale: numbers,
  min: z.optional(numbers),
}) as unknown as z.ZodMiniType<ScalerParams>;

/**
 * Only the kind here: the rest of the classifier or regressor is checked by its kind's
 * own schema (models/kinds.ts, models/regression-kinds.ts) once the kind is known, which
 * also keeps other kinds' schemas out of a bundle.
 */
const estimatorEnvelope = z.optional(z.looseObject({ kind: text }));

export const imputeStrategy = z.enum(['mean', 'median', 'most_frequent', 'constant']);

/**
 * One input column of the model, as the request names it. Numeric: the training
 * values' range and moments (the drift signal, GET /). Categorical: the one-hot
 * columns in order, and the rare categories that share one last column. Date: the
 * training range as wall-clock epochs (ms) and whether times of day count (`time`).
 * An input with `impute` accepts null, filled with `value` (numeric, date) or `category`.
 */
// One optional schema per type, shared by every field that has it: fewer schemas to build at cold start.
const maybeNumber = z.optional(number);
const maybeTexts = z.optional(texts);
export const inputSchema = z.strictObject({
  name: text,
  type: z.enum(['numeric', 'categorical', 'date']),
  impute: z.optional(z.strictObject({ strategy: imputeStrategy, value: maybeNumber, category: z.optional(text) })),
  min: maybeNumber,
  max: maybeNumber,
  mean: maybeNumber,
  std: maybeNumber,
  categories: maybeTexts,
  infrequent: maybeTexts,
  time: z.optional(z.boolean()),
});

/** The fields every model file has, whatever else it carries. */
export const modelCore = {
  format: z.literal(ARTIFACT_FORMAT),
  formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
  modelVersion: text,
  /** What the model predicts: a class (classes, labelType, classifier) or a number (regressor, targetStats); tasks/serving.ts checks each. */
  task: z.enum(['classification', 'regression']),
  target: text,
  features: texts,
  classes: z.optional(texts),
  /** "integer": the labels are whole numbers, and answers give them as numbers. */
  labelType: z.optional(z.enum(['integer', 'string'])),
  classifier: estimatorEnvelope,
  regressor: estimatorEnvelope,
  /** The training part's target: its range (GET / shows it; a prediction outside it is not an error), mean and population std. */
  targetStats: z.optional(z.strictObject({ min: number, max: number, mean: number, std: number })),
  scaler: scalerSchema,
  inputs: z.array(inputSchema),
  /** The training CSV's other columns (label, ids, dropped ones): accepted in a request and ignored. */
  ignoredColumns: texts,
  /** How a CSV cell is read (data/cells.ts): for text/csv bodies, npm run predict and invoke --file. */
  cells: z.strictObject({ missing: texts, decimal: z.enum(['.', ',']) }),
};

export type { ScalerParams };
export type InputSpec = z.infer<typeof inputSchema>;

export interface ClassifierFields {
  task: 'classification';
  classes: string[];
  labelType: 'integer' | 'string';
  classifier: Classifier;
  regressor?: undefined;
  targetStats?: undefined;
}

export interface TargetStats {
  min: number;
  max: number;
  mean: number;
  std: number;
}

export interface RegressorFields {
  task: 'regression';
  regressor: Regressor;
  targetStats: TargetStats;
  classes?: undefined;
  labelType?: undefined;
  classifier?: undefined;
}

/** The fields that depend on the task, as one union: `task` tells them apart. */
export type TaskFields = ClassifierFields | RegressorFields;
export type TaskFieldName = keyof ClassifierFields | keyof RegressorFields;

export type ModelCoreFields = {
  modelVersion: string;
  target: string;
  features: string[];
  scaler: ScalerParams;
  inputs: InputSpec[];
  ignoredColumns: string[];
  cells: CellFormat;
} & TaskFields;

export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** Collects one message per problem; `expectLength` and `expect` add to it. */
export interface ShapeChecks {
  expect(ok: boolean, path: string, message: string): void;
  expectLength(path: string, actual: number, expected: number, what: string): void;
}

/** How many of a refused file's problems its message lists. */
const MAX_PROBLEMS = 8;

/**
 * Parses with `schema` (types; zod's numbers are finite), then checks the shapes and
 * values; any problem becomes one ArtifactError that names `source` and lists every
 * path that is wrong (the first few).
 */
export function parseModelFile<T extends ModelCoreFields>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  source: string,
  moreChecks: (parsed: T, checks: ShapeChecks) => void = () => {},
): T {
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof version === 'number' && version !== ARTIFACT_FORMAT_VERSION && (format === ARTIFACT_FORMAT || format === EARLIER_FORMAT)) {
    throw new ArtifactError(`${source} was written by another version of the kit (format ${version}; this one reads format ${ARTIFACT_FORMAT_VERSION}): train it again with npm run train`);
  }
  // reportInput (which lets messages quote what was found) makes zod several times
  // slower, so only a file that already failed is parsed again with it.
  // jitless: a model file is parsed once, and compiling zod's fast object parsers
  // (new Function per object schema) costs more than that one parse saves.
  const result = z.safeParse(schema, value, { jitless: true });
  if (!result.success) {
    const issues = z.safeParse(schema, value, { reportInput: true }).error?.issues ?? result.error.issues;
    const problems = describeIssues(issues).map((issue) => `${issue.path}: ${issue.message}`);
    // The first few say what is wrong; a file wrong in every row need not fill the terminal.
    const shown = problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`] : problems;
    throw new ArtifactError(`${source} is not a valid model artifact:\n  ${shown.join('\n  ')}`);
  }
  const problems: string[] = [];
  const checks: ShapeChecks = {
    expect: (ok, path, message) => {
      if (!ok) problems.push(`${path}: ${message}`);
    },
    expectLength: (path, actual, expected, what) => {
      if (actual !== expected) problems.push(`${path}: has ${actual} entries, expected ${expected} (${what})`);
    },
  };
  modelShapeProblems(result.data, checks);
  moreChecks(result.data, checks);
  if (problems.length > 0) throw new ArtifactError(`${source} is not a consistent model artifact:\n  ${problems.join('\n  ')}`);
  return result.data;
}

/** Names of features or classes: non-empty, unique, and none a key JavaScript objects treat specially (a request's or an answer's field). */
export function checkNames(path: string, names: readonly string[], { expect }: ShapeChecks): void {
  names.forEach((name, i) => {
    expect(name !== '', `${path}[${i}]`, 'must not be empty');
    expect(name !== '__proto__', `${path}[${i}]`, 'cannot be "__proto__"');
  });
  const seen = new Set<string>();
  const repeated = names.filter((name) => seen.size === seen.add(name).size);
  expect(repeated.length === 0, path, `names must be unique, repeated: ${repeated.slice(0, 20).join(', ')}${repeated.length > 20 ? ` and ${repeated.length - 20} more` : ''}`);
}

function modelShapeProblems(model: ModelCoreFields, checks: ShapeChecks): void {
  const { expect, expectLength } = checks;
  const features = model.features.length;
  expect(/^[0-9a-f]{16}$/.test(model.modelVersion), 'modelVersion', 'must be 16 hex digits');
  expect(model.target !== '', 'target', 'must not be empty');
  expect(features >= 1, 'features', 'needs at least 1 entries');
  checkNames('features', model.features, checks);
  expectLength('inputs', model.inputs.length, features, 'one per feature');
  const featureSet = new Set(model.features);
  const ignored = new Set<string>();
  model.ignoredColumns.forEach((name, i) => {
    expect(!featureSet.has(name), `ignoredColumns[${i}]`, `"${name}" is a feature`);
    expect(name !== '__proto__' && ignored.size !== ignored.add(name).size, `ignoredColumns[${i}]`, `"${name}" cannot be ignored twice, nor be "__proto__"`);
  });
  let numeric = 0;
  let width = 0;
  model.inputs.forEach((input, j) => {
    const path = `inputs[${j}]`;
    expect(input.name === model.features[j], `${path}.name`, `is "${input.name}", expected "${model.features[j]}"`);
    if (input.type === 'numeric') {
      numeric++;
      width++;
      const { min, max, std } = input;
      expect(min !== undefined && max !== undefined && input.mean !== undefined && std !== undefined, path, 'a numeric input needs min, max, mean and std');
      expect(!(min! > max!), path, `min ${min} is above max ${max}`);
      expect(!(std! < 0), `${path}.std`, 'must be at least 0');
      expect(input.categories === undefined && input.infrequent === undefined, path, 'a numeric input has no categories');
      expect(input.impute === undefined || input.impute.value !== undefined, `${path}.impute.value`, 'a numeric input imputes a number');
    } else if (input.type === 'date') {
      numeric += inputWidth(input);
      width += inputWidth(input);
      expect(input.min !== undefined && input.max !== undefined && !(input.min > input.max), path, 'a date input needs its training range, min up to max');
      expect(input.categories === undefined && input.infrequent === undefined, path, 'a date input has no categories');
      expect(input.impute === undefined || input.impute.value !== undefined, `${path}.impute.value`, 'a date input imputes a date (its epoch)');
    } else {
      const known = [...(input.categories ?? []), ...(input.infrequent ?? [])];
      width += (input.categories?.length ?? 0) + (input.infrequent?.length ? 1 : 0);
      expect(input.categories !== undefined && known.length > 0, `${path}.categories`, 'a categorical input needs at least one category');
      expect(new Set(known).size === known.length, `${path}.categories`, 'categories must be unique');
      expect(input.impute === undefined || input.impute.category !== undefined, `${path}.impute.category`, 'a categorical input imputes a category');
    }
  });
  const { scaler } = model;
  const offsets = scaler.kind === 'standard' ? { name: 'center', values: scaler.center, other: 'min' } : { name: 'min', values: scaler.min, other: 'center' };
  expect(offsets.values !== undefined, `scaler.${offsets.name}`, `a ${scaler.kind} scaler needs ${offsets.name}`);
  expect((scaler as Record<string, unknown>)[offsets.other] === undefined, `scaler.${offsets.other}`, `a ${scaler.kind} scaler has no ${offsets.other}`);
  if (offsets.values) expectLength(`scaler.${offsets.name}`, offsets.values.length, numeric, 'one per numeric column (numeric inputs, then each date\'s)');
  expectLength('scaler.scale', scaler.scale.length, numeric, 'one per numeric column (numeric inputs, then each date\'s)');
  scaler.scale.forEach((scale, j) => expect(scaler.kind === 'minmax' ? scale !== 0 : scale > 0, `scaler.scale[${j}]`, scaler.kind === 'minmax' ? 'must not be 0' : 'must be greater than 0'));
  const task = Object.hasOwn(SERVING_TASKS, model.task) ? SERVING_TASKS[model.task as keyof typeof SERVING_TASKS] : undefined;
  if (!task) return expect(false, 'task', `"${model.task}" is not a task this build serves (${Object.keys(SERVING_TASKS).join(', ')})`);
  task.check(model as never, width, checks);
}
