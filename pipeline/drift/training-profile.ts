// The reference profile a trained model carries: its inputs as the training part held
// them (numbers and dates as numbers, categories by code with the encoder's rare ones as
// one bucket) and its own predictions on those rows, so that `npm run drift` can tell
// whether production data still looks like them.
import type { InputSpec } from '../artifact/model-parts.ts';
import type { Matrix } from '../data/matrix.ts';
import { referenceProfile, type ProfileInput, type ReferenceProfile } from './profile.ts';

/**
 * The profile of `X` (the training part, raw: numbers, date epochs, category codes into
 * `levels`) and of the model's predictions on it (class indexes, or predicted numbers).
 */
export function trainingProfile(X: Matrix, inputs: readonly InputSpec[], levels: readonly (readonly string[])[], predictions: { classes: readonly string[]; predicted: Int32Array } | { values: Float64Array }): ReferenceProfile {
  const columns: ProfileInput[] = inputs.map((input, j) => {
    const values = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) values[i] = X.data[i * X.cols + j];
    if (input.type !== 'categorical') return { name: input.name, column: values };
    return { name: input.name, column: { codes: values, levels: levels[j] }, rare: input.infrequent ?? [] };
  });
  columns.push('values' in predictions ? { name: 'prediction', role: 'prediction', column: predictions.values } : { name: 'prediction', role: 'prediction', column: { codes: predictions.predicted, levels: predictions.classes } });
  const profile = referenceProfile(columns);
  // The rare categories' names are the artifact's already (each input's `infrequent`): the
  // profile keeps their count only, and withRareNames puts the names back when it is read.
  for (const feature of profile.features) if (feature.kind === 'categorical' && feature.rare) feature.rare.categories = [];
  return profile;
}

/** The profile with each categorical input's rare categories named again, from the artifact's inputs. */
export function withRareNames(profile: ReferenceProfile, inputs: readonly InputSpec[]): ReferenceProfile {
  const infrequent = new Map(inputs.map((input) => [input.name, input.infrequent ?? []]));
  return {
    ...profile,
    features: profile.features.map((feature) => (feature.kind === 'categorical' && feature.rare && feature.role === 'feature' ? { ...feature, rare: { ...feature.rare, categories: [...(infrequent.get(feature.name) ?? [])] } } : feature)),
  };
}
