// scikit-learn's ColumnTransformer([
//   ("num", Pipeline([SimpleImputer(strategy), <scaler>]), numeric columns),
//   ("cat", Pipeline([SimpleImputer(strategy), OneHotEncoder(handle_unknown="ignore", max_categories)]), categorical columns),
// ]), fitted on the rows it is given (a fold's training rows: nothing leaks from the
// rows it is scored on). The scaler is the grid's choice and is fitted by pipeline.ts
// on the encoded numbers; this module fits the imputers and the encoder.
import type { InputSpec } from '../artifact/model-parts.ts';
import type { ColumnMeta } from '../data/csv.ts';
import type { Matrix } from '../data/matrix.ts';
import { mean, median, mostFrequentCategory, mostFrequentNumber } from './imputers.ts';
import { compareCodePoints } from '../data/text-order.ts';

export type NumericImpute = 'median' | 'mean' | 'most_frequent' | 'none';
export type CategoricalImpute = 'most_frequent' | 'constant' | 'none';

export interface PreprocessOptions {
  numericImpute: NumericImpute;
  categoricalImpute: CategoricalImpute;
  /** OneHotEncoder's max_categories: one-hot columns per input at most, the rare-category column included. */
  maxCategories: number;
}

export const DEFAULT_MAX_CATEGORIES = 20;
/** SimpleImputer's fill_value for text when strategy="constant". */
export const CONSTANT_CATEGORY = 'missing_value';

/** The raw columns and how to preprocess them: what a fit needs besides the rows. */
export interface ColumnPlan {
  columns: ColumnMeta[];
  options: PreprocessOptions;
}

export function fitColumnTransformer(X: Matrix, plan: ColumnPlan): InputSpec[] {
  return plan.columns.map((column, c) => {
    if (column.kind === 'categorical') return fitCategorical(X, c, column, plan.options);
    const spec = fitNumeric(X, c, column.name, plan.options);
    if (column.kind === 'numeric') return spec;
    // A date: its training range (and imputed value) as wall-clock epochs; the encoder makes its numbers.
    const { min, max, impute } = spec;
    return { name: column.name, type: 'date', min, max, time: column.hasTime === true, ...(impute ? { impute } : {}) };
  });
}

function fitNumeric(X: Matrix, c: number, name: string, options: PreprocessOptions): InputSpec {
  const observed = observedValues(X, c);
  if (observed.length === 0) {
    // Every training cell missing (possible in a small fold): SimpleImputer would drop the
    // column; a constant 0 contributes nothing to the fit either, and keeps the shape.
    return { name, type: 'numeric', min: 0, max: 0, mean: 0, std: 0, ...(options.numericImpute === 'none' ? {} : { impute: { strategy: options.numericImpute, value: 0 } }) };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of observed) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const average = mean(observed);
  let squares = 0;
  for (const value of observed) squares += (value - average) ** 2;
  const spec: InputSpec = { name, type: 'numeric', min, max, mean: average, std: Math.sqrt(squares / observed.length) };
  const strategy = options.numericImpute;
  if (strategy !== 'none') {
    const value = strategy === 'median' ? median(observed) : strategy === 'mean' ? average : mostFrequentNumber(observed);
    spec.impute = { strategy, value };
  }
  return spec;
}

function fitCategorical(X: Matrix, c: number, column: ColumnMeta, options: PreprocessOptions): InputSpec {
  const codeCounts = new Float64Array(column.levels.length);
  let missing = 0;
  for (let i = 0; i < X.rows; i++) {
    const code = X.data[i * X.cols + c];
    if (Number.isNaN(code)) missing++;
    else codeCounts[code]++;
  }
  const counts = new Map<string, number>();
  column.levels.forEach((level, code) => {
    if (codeCounts[code] > 0) counts.set(level, codeCounts[code]);
  });
  const spec: InputSpec = { name: column.name, type: 'categorical' };
  const strategy = options.categoricalImpute;
  if (strategy !== 'none') {
    const category = strategy === 'constant' || counts.size === 0 ? CONSTANT_CATEGORY : mostFrequentCategory(counts);
    spec.impute = { strategy, category };
    // The encoder is fitted on the imputed column, so the filled cells count.
    if (missing > 0) counts.set(category, (counts.get(category) ?? 0) + missing);
  }
  const categories = [...counts.keys()].sort(compareCodePoints);
  const rare = new Set<string>();
  // OneHotEncoder counts the infrequent column as one of max_categories, and groups as
  // soon as the categories and that column would exceed it: at n >= max_categories, the
  // n - max_categories + 1 least frequent (a stable ascending sort by count, so ties go
  // to the earlier category) share the last column.
  if (categories.length >= options.maxCategories) {
    const byCount = categories.map((category, k) => ({ category, k, count: counts.get(category)! })).sort((a, b) => a.count - b.count || a.k - b.k);
    for (const entry of byCount.slice(0, categories.length - options.maxCategories + 1)) rare.add(entry.category);
  }
  spec.categories = categories.filter((category) => !rare.has(category));
  if (rare.size > 0) spec.infrequent = categories.filter((category) => rare.has(category));
  return spec;
}

function observedValues(X: Matrix, c: number): Float64Array {
  const values = new Float64Array(X.rows);
  let n = 0;
  for (let i = 0; i < X.rows; i++) {
    const value = X.data[i * X.cols + c];
    if (!Number.isNaN(value)) values[n++] = value;
  }
  return values.subarray(0, n);
}
