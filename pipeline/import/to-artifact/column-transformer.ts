// A ColumnTransformer → the artifact's inputs and scaler. Numeric groups ([SimpleImputer,]
// [StandardScaler | MinMaxScaler], or passthrough) must come before the categorical ones
// ([SimpleImputer,] OneHotEncoder(handle_unknown="ignore")), as the kit encodes numbers
// first; their columns become the features in that order. Columns no group reads
// (remainder="drop", "drop" groups) are accepted in a request and ignored.
import type { InputSpec } from '../../artifact/model-parts.ts';
import type { ScalerParams } from '../../models/serving-kind.ts';
import { INFREQUENT, type ColumnTransformerModel, type OneHotEncoderModel, type SimpleImputerModel } from '../sklearn/types.ts';
import { checkImputer, numericInput, type Preprocessing } from './preprocessing.ts';
import { flatten, numericChain, type NumericScaler } from './steps.ts';
import { unsupported } from './unsupported.ts';

function categoricalInputs(names: string[], imputer: SimpleImputerModel | null, encoder: OneHotEncoderModel): InputSpec[] {
  if (encoder.features.some((f) => f.dropIndex !== null)) unsupported(encoder, 'drop is not supported (the kit keeps a column per category)');
  const grouped = encoder.features.some((f) => f.infrequent?.length);
  if (encoder.handleUnknown === 'error' || (encoder.handleUnknown === 'infrequent_if_exist' && grouped)) {
    unsupported(encoder, `handle_unknown="${encoder.handleUnknown}" is not supported: the kit answers an unseen category as none of the known ones, as handle_unknown="ignore" does`);
  }
  if (imputer) checkImputer(imputer, names.length);
  return names.map((name, j) => {
    const feature = encoder.features[j];
    const categories = feature.outputs.filter((o) => o !== INFREQUENT);
    const infrequent = feature.infrequent ?? [];
    const texts = [...categories, ...infrequent];
    if (!texts.every((c): c is string => typeof c === 'string')) unsupported(encoder, `column "${name}" has categories that are not text (${texts.filter((c) => typeof c !== 'string').slice(0, 3).map(String).join(', ')}): the kit's categories are text`);
    const input: InputSpec = { name, type: 'categorical', categories: categories as string[] };
    if (infrequent.length) input.infrequent = infrequent as string[];
    if (imputer) {
      const category = imputer.statistics[j];
      if (typeof category !== 'string') unsupported(imputer, `column "${name}" imputes ${JSON.stringify(category)}, not a category`);
      input.impute = { strategy: imputer.strategy, category };
    }
    return input;
  });
}

interface NumericColumn {
  input: InputSpec;
  scaler: NumericScaler | null;
  j: number;
}

function scalerOfColumns(transformer: ColumnTransformerModel, columns: NumericColumn[]): ScalerParams {
  const kinds = new Set(columns.flatMap(({ scaler }) => (scaler ? [scaler.kind] : [])));
  if (kinds.size > 1) unsupported(transformer, 'mixes StandardScaler and MinMaxScaler: the kit has one scaler');
  if (kinds.has('minmax_scaler')) {
    for (const { scaler } of columns) if (scaler?.kind === 'minmax_scaler' && scaler.clip) unsupported(scaler, 'clip=True is not supported (the kit scales without clipping)');
    const mm = (c: NumericColumn) => (c.scaler?.kind === 'minmax_scaler' ? c.scaler : null);
    return { kind: 'minmax', scale: columns.map((c) => mm(c)?.scale[c.j] ?? 1), min: columns.map((c) => mm(c)?.min[c.j] ?? 0) };
  }
  const ss = (c: NumericColumn) => (c.scaler?.kind === 'standard_scaler' ? c.scaler : null);
  return { kind: 'standard', center: columns.map((c) => ss(c)?.mean?.[c.j] ?? 0), scale: columns.map((c) => ss(c)?.scale?.[c.j] ?? 1) };
}

export function columnTransformerPreprocessing(transformer: ColumnTransformerModel, names: string[]): Preprocessing {
  const numeric: NumericColumn[] = [];
  const categorical: InputSpec[] = [];
  const used = new Set<number>();
  for (const group of transformer.groups) {
    if (group.transformer === 'drop') continue;
    const twice = group.columns.find((c) => used.has(c));
    if (twice !== undefined) unsupported(transformer, `column "${names[twice]}" is read by two transformers: the kit reads each column once`);
    group.columns.forEach((c) => used.add(c));
    const columnNames = group.columns.map((c) => names[c]);
    const chain = group.transformer === 'passthrough' ? [] : flatten(group.transformer);
    const last = chain.at(-1);
    if (last?.kind === 'one_hot_encoder') {
      const before = chain.slice(0, -1);
      if (before.length > 1 || (before[0] && before[0].kind !== 'simple_imputer')) unsupported(before.at(-1)!, 'not supported before a OneHotEncoder (a SimpleImputer is)');
      categorical.push(...categoricalInputs(columnNames, (before[0] as SimpleImputerModel | undefined) ?? null, last));
      continue;
    }
    if (categorical.length > 0) unsupported(transformer, `group "${group.name}" (numbers) comes after a categorical group: the kit encodes the numeric columns first, so list them first`);
    const { imputer, scaler } = numericChain(chain);
    columnNames.forEach((name, j) => numeric.push({ input: numericInput(name, j, imputer, scaler), scaler, j }));
  }
  const inputs = [...numeric.map((c) => c.input), ...categorical];
  return { features: inputs.map((i) => i.name), inputs, scaler: scalerOfColumns(transformer, numeric), dropped: names.filter((_, c) => !used.has(c)) };
}
