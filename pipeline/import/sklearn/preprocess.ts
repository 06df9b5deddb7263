// SimpleImputer, OneHotEncoder, StandardScaler, MinMaxScaler as fitted.
import { NdArray } from '../numpy-array.ts';
import { PyTuple, type PyObject, type PyValue } from '../py-values.ts';
import { describe, fail, int32, items, toLabel, toNumber } from './attrs.ts';
import { reading } from './base.ts';
import { INFREQUENT, type MinMaxScalerModel, type OneHotEncoderModel, type OneHotFeature, type SimpleImputerModel, type StandardScalerModel } from './types.ts';

const STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const;

export function readSimpleImputer(obj: PyObject, path: string): SimpleImputerModel {
  const { a, base } = reading(obj, path);
  const strategy = a.str('strategy');
  if (!(STRATEGIES as readonly string[]).includes(strategy)) fail(a.at('strategy'), `strategy '${strategy}' is not supported`);
  if (a.get('add_indicator') === true) fail(a.at('add_indicator'), 'add_indicator=True is not supported');
  const statistics = items(a.need('statistics_'), a.at('statistics_')).map((v) => {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    if (typeof v === 'bigint') return Number(v);
    return fail(a.at('statistics_'), `a statistic is ${describe(v)}`);
  });
  // null: NaN (scikit-learn's default) or None.
  const missing = a.get('missing_values');
  let missingValues: number | string | null = null;
  if (typeof missing === 'string') missingValues = missing;
  else if (missing !== undefined && missing !== null && !(typeof missing === 'number' && Number.isNaN(missing))) {
    missingValues = toNumber(missing) ?? fail(a.at('missing_values'), `missing_values=${describe(missing)} is not supported`);
  }
  const keepAll = strategy === 'constant' || a.get('keep_empty_features') === true;
  const keptColumns = statistics.flatMap((s, i) => (keepAll || !(typeof s === 'number' && Number.isNaN(s)) ? [i] : []));
  return { kind: 'simple_imputer', ...base, strategy: strategy as SimpleImputerModel['strategy'], statistics, fillValue: a.get('fill_value') ?? null, missingValues, keptColumns };
}

function indexOrNull(value: PyValue, path: string): number | null {
  if (value === null) return null;
  const n = toNumber(value);
  if (n === null || !Number.isInteger(n)) fail(path, `expected a category index, found ${describe(value)}`);
  return n;
}

export function readOneHotEncoder(obj: PyObject, path: string): OneHotEncoderModel {
  const { a, base } = reading(obj, path);
  const handleUnknown = a.str('handle_unknown', 'error');
  if (handleUnknown !== 'error' && handleUnknown !== 'ignore' && handleUnknown !== 'infrequent_if_exist') fail(a.at('handle_unknown'), `handle_unknown='${handleUnknown}' is not supported`);
  const categories = items(a.need('categories_'), a.at('categories_')).map((cats, i) => items(cats, a.at(`categories_[${i}]`)).map((v, j) => toLabel(v, a.at(`categories_[${i}][${j}]`))));
  // Infrequent groups exist from scikit-learn 1.1 (min_frequency / max_categories).
  const enabled = a.get('_infrequent_enabled') === true;
  const infrequentIdx = enabled ? items(a.need('_infrequent_indices'), a.at('_infrequent_indices')) : categories.map(() => null);
  // Since 1.3 drop_idx_ indexes categories_ and _drop_idx_after_grouping the grouped outputs; before, drop_idx_ was the latter.
  const dropValue = a.has('_drop_idx_after_grouping') ? a.get('_drop_idx_after_grouping') : a.get('drop_idx_');
  const dropIdx = dropValue === null || dropValue === undefined ? categories.map(() => null) : items(dropValue, a.at('drop_idx_')).map((v, i) => indexOrNull(v, a.at(`drop_idx_[${i}]`)));
  if (infrequentIdx.length !== categories.length || dropIdx.length !== categories.length) fail(path, 'categories_, the infrequent groups and drop_idx_ disagree on the number of features');
  const features: OneHotFeature[] = categories.map((cats, i) => {
    const idx = infrequentIdx[i];
    const infrequentSet = idx === null || idx === undefined ? null : new Set(int32(idx as NdArray, a.at(`_infrequent_indices[${i}]`)));
    const frequent = infrequentSet ? cats.filter((_, j) => !infrequentSet.has(j)) : cats;
    const grouped: OneHotFeature['outputs'] = infrequentSet ? [...frequent, INFREQUENT] : [...frequent];
    const dropIndex = dropIdx[i];
    if (dropIndex !== null && (dropIndex < 0 || dropIndex >= grouped.length)) fail(a.at(`drop_idx_[${i}]`), `drops output ${dropIndex} of ${grouped.length}`);
    return {
      categories: cats,
      infrequent: infrequentSet ? cats.filter((_, j) => infrequentSet.has(j)) : null,
      outputs: dropIndex === null ? grouped : grouped.filter((_, j) => j !== dropIndex),
      dropIndex,
    };
  });
  const outs = a.get('_n_features_outs');
  if (outs !== undefined && outs !== null) {
    const expected = items(outs, a.at('_n_features_outs')).map((v) => toNumber(v));
    features.forEach((f, i) => {
      if (expected[i] !== f.outputs.length) fail(a.at('_n_features_outs'), `feature ${i} has ${expected[i]} outputs in the file, ${f.outputs.length} as read`);
    });
  }
  const maxCategories = toNumber(a.get('max_categories'));
  return { kind: 'one_hot_encoder', ...base, features, handleUnknown, drop: a.get('drop') ?? null, minFrequency: a.get('min_frequency') ?? null, maxCategories };
}

export function readStandardScaler(obj: PyObject, path: string): StandardScalerModel {
  const { a, base } = reading(obj, path);
  const withMean = a.bool('with_mean', true);
  const withStd = a.bool('with_std', true);
  const mean = withMean ? a.float64('mean_') : null;
  const scale = withStd ? a.float64('scale_') : null;
  if (mean && scale && mean.length !== scale.length) fail(path, `mean_ has ${mean.length} entries and scale_ ${scale.length}`);
  return { kind: 'standard_scaler', ...base, mean, scale };
}

export function readMinMaxScaler(obj: PyObject, path: string): MinMaxScalerModel {
  const { a, base } = reading(obj, path);
  const scale = a.float64('scale_');
  const min = a.float64('min_');
  if (scale.length !== min.length) fail(path, `scale_ has ${scale.length} entries and min_ ${min.length}`);
  const range = a.get('feature_range');
  const bounds = range instanceof PyTuple || Array.isArray(range) ? items(range, a.at('feature_range')).map(toNumber) : [0, 1];
  if (bounds.length !== 2 || bounds.some((b) => b === null)) fail(a.at('feature_range'), `expected (min, max), found ${describe(range)}`);
  return { kind: 'minmax_scaler', ...base, scale, min, featureRange: [bounds[0] as number, bounds[1] as number], clip: a.bool('clip', false) };
}

