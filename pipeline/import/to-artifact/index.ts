// An imported scikit-learn model → a format-6 model file the build serves like a trained
// one. The modules, in reading order:
//   steps.ts        the estimator as preprocessing, then a classifier
//   registry.ts     the classifier's kind → its mapping module (linear, naive-bayes, knn, svc, trees)
//   preprocessing.ts  what preprocessing becomes (features, inputs, scaler), by kind:
//     numeric.ts             [SimpleImputer,] [StandardScaler | MinMaxScaler]: every column a number
//     column-transformer.ts  ColumnTransformer: numeric groups, then one-hot encoded ones
//   scaler.ts       StandardScaler / MinMaxScaler / none → the artifact's scaler
//   labels.ts       classes_ → classes and labelType
//   sample.ts       --data: the sample's columns, statistics, and the kit's predictions on it
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION } from '../../artifact/model-parts.ts';
import { parseImportedArtifact, type ImportedArtifact } from '../../artifact/imported.ts';
import { computeModelVersion } from '../../artifact/model-version.ts';
import { DEFAULT_CELL_FORMAT } from '../../data/cells.ts';
import { ModelImportError } from '../import-error.ts';
import { inputColumnNames, type ImportedModel } from '../index.ts';
import { toJson } from '../sklearn/composite.ts';
import { columnTransformerPreprocessing } from './column-transformer.ts';
import { labelsOf } from './labels.ts';
import { numericPreprocessing } from './numeric.ts';
import { mapClassifier, mapRegressor } from './registry.ts';
import { inputCount, servingSteps } from './steps.ts';

/**
 * A regressor's training target is not in the pickle: the widest range (no prediction is
 * outside it) until --data with the --target column gives the sample's own.
 */
export const UNKNOWN_TARGET = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, mean: 0, std: 0 };

export interface ImportOptions {
  /** The pickle's file name and the SHA-256 of its bytes. */
  modelFile: string;
  modelSha256: string;
  /** --features: the column names, when the model has no feature_names_in_. */
  features: string[] | null;
  /** --data's header, when given (names of last resort, and columns a request may carry). */
  dataColumns: string[] | null;
  /** --target: what the model predicts (default "class"). */
  target: string | null;
  environment: { packages: Record<string, string>; gitCommit: string | null; createdAt: string | null };
}

export interface FeatureChoice {
  features: string[];
  from: ImportedArtifact['provenance']['featureNames'];
}

/** feature_names_in_, else --features, else --data's columns without the target. */
export function chooseFeatures(imported: ImportedModel, options: Pick<ImportOptions, 'features' | 'dataColumns' | 'target'>): FeatureChoice {
  const expected = inputCount(servingSteps(imported.estimator));
  const stored = inputColumnNames(imported.estimator);
  const choice: FeatureChoice | null = stored
    ? { features: stored, from: 'feature_names_in_' }
    : options.features
      ? { features: options.features, from: '--features' }
      : options.dataColumns
        ? { features: options.dataColumns.filter((c) => c !== options.target), from: '--data' }
        : null;
  if (!choice) throw new ModelImportError(`the model was fitted without column names (no feature_names_in_): name its ${expected === null ? '' : `${expected} `}columns with --features a,b,… or --data sample.csv`);
  if (expected !== null && choice.features.length !== expected) {
    throw new ModelImportError(`the model reads ${expected} columns, but ${choice.from} names ${choice.features.length}${choice.from === '--data' ? ' (its columns other than --target)' : ''}`);
  }
  if (stored && options.features && options.features.join(',') !== stored.join(',')) {
    throw new ModelImportError(`--features (${options.features.join(',')}) differs from the model's own feature_names_in_ (${stored.join(',')})`);
  }
  return choice;
}

export function importedArtifactOf(imported: ImportedModel, options: ImportOptions): ImportedArtifact {
  const steps = servingSteps(imported.estimator);
  const { features: names, from } = chooseFeatures(imported, options);
  const { prep } = steps;
  const { features, inputs, scaler, dropped } = prep.kind === 'numeric' ? numericPreprocessing(names, prep.imputer, prep.scaler) : columnTransformerPreprocessing(prep.transformer, names);
  const { final } = steps;
  let family: string;
  let taskFields: Record<string, unknown>;
  if (final.kind === 'linear_regressor') {
    const mapped = mapRegressor(final);
    family = mapped.family;
    taskFields = { task: 'regression', regressor: mapped.regressor, targetStats: UNKNOWN_TARGET };
  } else {
    const mapped = mapClassifier(final);
    family = mapped.family;
    taskFields = { task: 'classification', ...labelsOf(final.classes), classifier: mapped.classifier };
  }
  const target = options.target ?? (taskFields.task === 'regression' ? 'target' : 'class');
  const params: Record<string, number | string | boolean | null> = {};
  for (const [name, value] of final.params) {
    const json = toJson(value);
    if (json === null || typeof json === 'number' || typeof json === 'string' || typeof json === 'boolean') params[name] = json;
  }
  const ignored = [...new Set([target, ...dropped, ...(options.dataColumns ?? [])])].filter((c) => !features.includes(c));
  const content = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    modelVersion: '',
    ...taskFields,
    target,
    features,
    scaler,
    inputs,
    ignoredColumns: ignored,
    cells: { ...DEFAULT_CELL_FORMAT, missing: [...DEFAULT_CELL_FORMAT.missing] },
    source: 'import',
    provenance: {
      source: 'import',
      modelFile: options.modelFile,
      modelSha256: options.modelSha256,
      sklearnVersion: final.sklearnVersion,
      estimator: imported.repr,
      family,
      params,
      featureNames: from,
      check: null,
      ...options.environment,
    },
  } as unknown as ImportedArtifact;
  return sealed(content, options.modelFile);
}

/** The artifact with its model version, validated by the artifact's own parser. */
export function sealed(artifact: ImportedArtifact, modelFile: string): ImportedArtifact {
  const withVersion = { ...artifact, modelVersion: computeModelVersion(artifact as unknown as Record<string, unknown>) };
  return parseImportedArtifact(JSON.parse(JSON.stringify(withVersion)), `the model imported from ${modelFile}`);
}
