// GridSearchCV's param_grid, keyed by model family:
//   {"logistic_regression": [{"scaler": ["standard"], "classifier__C": [0.1, 1]}, ...]}
// (a regressor's parameters are regressor__alpha, …: the task's families and step name).
// Candidates come out in scikit-learn's order (ParameterGrid: each dict's keys
// sorted, the last key varying fastest), so their indexes match cv_results_.
import type { ParamValue, Params } from '../models/families.ts';
import { SCALER_KINDS, type ScalerKind } from '../preprocess/scalers.ts';
import type { Task } from '../tasks/task.ts';

export type GridSpec = Record<string, Record<string, ParamValue[]>[]>;

export interface Candidate {
  family: string;
  /** The setting as the grid wrote it, with scikit-learn's names (best_params_). */
  given: Params;
  scaler: ScalerKind;
  /** Every estimator parameter, defaults filled in. */
  params: Params;
}

export class GridError extends Error {
  override name = 'GridError';
}

/** The task's default grid of the named families only (--model knn,svc). */
export function defaultGridOf(task: Task, families: readonly string[]): GridSpec {
  const unknown = families.filter((family) => !Object.hasOwn(task.defaultGrid, family));
  if (unknown.length > 0) throw new GridError(`--model: unknown ${task.name} model family ${unknown.map((f) => JSON.stringify(f)).join(', ')}; expected some of ${Object.keys(task.defaultGrid).join(', ')}`);
  return Object.fromEntries(families.map((family) => [family, task.defaultGrid[family]]));
}

/** Validates a grid read from JSON for the task's families; every problem names `source` and the key. */
export function parseGrid(value: unknown, source: string, task: Task): { grid: GridSpec; candidates: Candidate[] } {
  const specs = task.families;
  const familyNames = Object.keys(specs);
  const prefix = task.prefix;
  const fail = (path: string, message: string): never => {
    throw new GridError(`${source}: ${path}: ${message}`);
  };
  if (!isPlainObject(value)) fail('(top level)', `expected an object keyed by model family (${familyNames.join(', ')}), got ${describe(value)}`);
  const families = Object.keys(value as object);
  if (families.length === 0) fail('(top level)', `names no model family; expected one of ${familyNames.join(', ')}`);

  const grid: GridSpec = {};
  const candidates: Candidate[] = [];
  for (const family of families) {
    const spec = specs[family];
    if (!spec || !Object.hasOwn(specs, family)) fail(JSON.stringify(family), `unknown ${task.name} model family; expected one of ${familyNames.join(', ')}`);
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
        const rule = parameterRule(task, family, key) ?? fail(keyPath, `is not a parameter of ${family}; expected scaler or one of ${Object.keys(spec.rules).map((name) => prefix + name).join(', ')}`);
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
        for (const [key, item] of Object.entries(given)) if (key !== 'scaler') params[key.slice(prefix.length)] = item;
        const problem = spec.check?.(params);
        if (problem) fail(at, `${problem} (in the setting ${JSON.stringify(given)})`);
        candidates.push({ family, given, scaler: (given.scaler as ScalerKind | undefined) ?? 'standard', params });
      }
    });
  }
  return { grid, candidates };
}

function parameterRule(task: Task, family: string, key: string) {
  if (key === 'scaler') return (item: ParamValue) => (SCALER_KINDS.includes(item as ScalerKind) ? undefined : `expected one of ${SCALER_KINDS.map((kind) => JSON.stringify(kind)).join(', ')}`);
  if (!key.startsWith(task.prefix)) return undefined;
  const rules = task.families[family].rules;
  const name = key.slice(task.prefix.length);
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
