// GridSearchCV's param_grid, keyed by model family:
//   {"logistic_regression": [{"scaler": ["standard"], "classifier__C": [0.1, 1]}, ...]}
// Candidates come out in scikit-learn's order (ParameterGrid: each dict's keys
// sorted, the last key varying fastest), so their indexes match cv_results_.
import { FAMILIES, FAMILY_NAMES, type ParamValue, type Params } from '../models/families.ts';
import { SCALER_KINDS, type ScalerKind } from '../preprocess/scalers.ts';

export type GridSpec = Record<string, Record<string, ParamValue[]>[]>;

export interface Candidate {
  family: string;
  /** The setting as the grid wrote it, with scikit-learn's names (best_params_). */
  given: Params;
  scaler: ScalerKind;
  /** Every classifier parameter, defaults filled in. */
  params: Params;
}

export class GridError extends Error {
  override name = 'GridError';
}

const CLASSIFIER_PREFIX = 'classifier__';

const SCALERS = ['standard', 'minmax'];
const SVC_C = [0.01, 0.1, 1, 10, 100];

/**
 * The seed notebook's grids, one per family, in its order (the logistic-regression
 * solver keys dropped: the kit picks the solver). `npm run train` searches them all.
 */
export const DEFAULT_GRID: GridSpec = {
  knn: [{ scaler: SCALERS, classifier__n_neighbors: [3, 5, 7, 9, 11, 13, 15, 17, 19], classifier__p: [1, 2, 3] }],
  svc: [
    { scaler: SCALERS, classifier__kernel: ['rbf'], classifier__C: SVC_C },
    { scaler: SCALERS, classifier__kernel: ['poly'], classifier__degree: [2, 3, 4, 5], classifier__C: SVC_C },
    { scaler: SCALERS, classifier__kernel: ['linear'], classifier__C: SVC_C },
  ],
  logistic_regression: [
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['l2'] },
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['l1'] },
    { scaler: SCALERS, classifier__C: [0.1, 1, 10], classifier__penalty: ['elasticnet'], classifier__l1_ratio: [0.4, 0.5, 0.6] },
  ],
  random_forest: [{ scaler: SCALERS, classifier__n_estimators: [50, 100, 200] }],
  decision_tree: [{ scaler: SCALERS, classifier__max_depth: [null, 5, 10] }],
  naive_bayes: [{ scaler: SCALERS }],
};

/** The default grid of the named families only (--model knn,svc). */
export function defaultGridOf(families: readonly string[]): GridSpec {
  const unknown = families.filter((family) => !Object.hasOwn(DEFAULT_GRID, family));
  if (unknown.length > 0) throw new GridError(`--model: unknown model family ${unknown.map((f) => JSON.stringify(f)).join(', ')}; expected some of ${Object.keys(DEFAULT_GRID).join(', ')}`);
  return Object.fromEntries(families.map((family) => [family, DEFAULT_GRID[family]]));
}

/** Validates a grid read from JSON; every problem names `source` and the key. */
export function parseGrid(value: unknown, source: string): { grid: GridSpec; candidates: Candidate[] } {
  const fail = (path: string, message: string): never => {
    throw new GridError(`${source}: ${path}: ${message}`);
  };
  if (!isPlainObject(value)) fail('(top level)', `expected an object keyed by model family (${FAMILY_NAMES.join(', ')}), got ${describe(value)}`);
  const families = Object.keys(value as object);
  if (families.length === 0) fail('(top level)', `names no model family; expected one of ${FAMILY_NAMES.join(', ')}`);

  const grid: GridSpec = {};
  const candidates: Candidate[] = [];
  for (const family of families) {
    const spec = FAMILIES[family];
    if (!spec || !Object.hasOwn(FAMILIES, family)) fail(JSON.stringify(family), `unknown model family; expected one of ${FAMILY_NAMES.join(', ')}`);
    const raw = (value as Record<string, unknown>)[family];
    // scikit-learn takes one dict or a list of dicts.
    const dicts = isPlainObject(raw) ? [raw] : raw;
    if (!Array.isArray(dicts) || dicts.length === 0) fail(family, `expected a non-empty list of parameter grids (objects), got ${describe(raw)}`);
    grid[family] = [];
    (dicts as unknown[]).forEach((dict, d) => {
      const at = `${family}[${d}]`;
      if (!isPlainObject(dict)) fail(at, `expected an object of parameter lists, got ${describe(dict)}`);
      const entries: [string, ParamValue[]][] = [];
      for (const key of Object.keys(dict as object).sort()) {
        const values = (dict as Record<string, unknown>)[key];
        const keyPath = `${at}.${key}`;
        if (!Array.isArray(values)) fail(keyPath, `expected a list of values, got ${describe(values)}`);
        if ((values as unknown[]).length === 0) fail(keyPath, 'is an empty list; give at least one value');
        const rule = parameterRule(family, key) ?? fail(keyPath, `is not a parameter of ${family}; expected scaler or one of ${Object.keys(spec.rules).map((name) => CLASSIFIER_PREFIX + name).join(', ')}`);
        (values as unknown[]).forEach((item, i) => {
          const problem = isScalar(item) ? rule(item) : 'expected a number, string, boolean or null';
          if (problem) fail(`${keyPath}[${i}]`, `${problem}, got ${describe(item)}`);
        });
        entries.push([key, values as ParamValue[]]);
      }
      grid[family].push(Object.fromEntries(entries));
      for (const combination of product(entries.map(([, values]) => values))) {
        const given: Params = Object.fromEntries(entries.map(([key], i) => [key, combination[i]]));
        const params: Params = { ...spec.defaults };
        for (const [key, item] of Object.entries(given)) if (key !== 'scaler') params[key.slice(CLASSIFIER_PREFIX.length)] = item;
        const problem = spec.check?.(params);
        if (problem) fail(at, `${problem} (in the setting ${JSON.stringify(given)})`);
        candidates.push({ family, given, scaler: (given.scaler as ScalerKind | undefined) ?? 'standard', params });
      }
    });
  }
  return { grid, candidates };
}

function parameterRule(family: string, key: string) {
  if (key === 'scaler') return (item: ParamValue) => (SCALER_KINDS.includes(item as ScalerKind) ? undefined : `expected one of ${SCALER_KINDS.map((kind) => JSON.stringify(kind)).join(', ')}`);
  if (!key.startsWith(CLASSIFIER_PREFIX)) return undefined;
  const rules = FAMILIES[family].rules;
  const name = key.slice(CLASSIFIER_PREFIX.length);
  return Object.hasOwn(rules, name) ? rules[name] : undefined;
}

/** itertools.product: the last list varies fastest. */
function* product(lists: ParamValue[][]): Generator<ParamValue[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const item of first) for (const tail of product(rest)) yield [item, ...tail];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): value is ParamValue {
  return value === null || ['number', 'string', 'boolean'].includes(typeof value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
