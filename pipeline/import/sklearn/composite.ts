// Pipeline, the searches (their best_estimator_) and ColumnTransformer.
import { NdArray } from '../numpy-array.ts';
import { PyDict, PyObject, PyTuple, type PyValue } from '../py-values.ts';
import { describe, fail, joinPath, toNumber } from './attrs.ts';
import { reading, type ReadNested } from './base.ts';
import { resolveColumns } from './columns.ts';
import { estimatorRepr } from './repr.ts';
import type { ColumnGroup, ColumnTransformerModel, Estimator, PipelineModel, SearchModel } from './types.ts';

function tupleItems(value: PyValue, path: string, length: number): PyValue[] {
  const entries = value instanceof PyTuple ? value.items : Array.isArray(value) ? value : null;
  if (!entries || entries.length < length || typeof entries[0] !== 'string') fail(path, `expected a (name, ...) tuple, found ${describe(value)}`);
  return entries;
}

export function readPipeline(obj: PyObject, path: string, read: ReadNested): PipelineModel {
  const { a, base } = reading(obj, path);
  const steps = a.need('steps');
  if (!Array.isArray(steps) || steps.length === 0) fail(a.at('steps'), 'expected a list of (name, estimator) steps');
  return {
    kind: 'pipeline',
    ...base,
    steps: steps.map((step, i) => {
      const [name, estimator] = tupleItems(step, a.at(`steps[${i}]`), 2) as [string, PyValue];
      const stepPath = joinPath(a.at(`steps[${i}]`), name);
      return { name, estimator: estimator === null || estimator === 'passthrough' ? 'passthrough' : read(estimator, stepPath) };
    }),
  };
}

/** best_params_ and the like as plain JSON: numbers, text, booleans, null, lists, objects; estimators as their repr. */
export function toJson(value: PyValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof PyTuple) return value.items.map(toJson);
  if (value instanceof NdArray) return Array.from(value.data as ArrayLike<PyValue>, toJson);
  if (value instanceof PyDict) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of value.map) out[String(k)] = toJson(v);
    return out;
  }
  if (value instanceof PyObject) return estimatorRepr(value);
  return describe(value);
}

export function readSearch(obj: PyObject, path: string, read: ReadNested): SearchModel {
  const { a, base } = reading(obj, path);
  if (!a.has('best_estimator_')) fail(path, `${obj.cls.name} has no best_estimator_ (fitted with refit=False, or not fitted): refit it, or save search.best_estimator_`);
  const params = a.get('best_params_');
  const index = toNumber(a.get('best_index_'));
  const splits = toNumber(a.get('n_splits_'));
  return {
    kind: 'search',
    ...base,
    bestEstimator: read(a.need('best_estimator_'), a.at('best_estimator_')),
    bestScore: toNumber(a.get('best_score_')),
    bestParams: params instanceof PyDict ? (toJson(params) as Record<string, unknown>) : null,
    bestIndex: index,
    nSplits: splits,
  };
}

export function readColumnTransformer(obj: PyObject, path: string, read: ReadNested): ColumnTransformerModel {
  const { a, base } = reading(obj, path);
  const entries = a.need('transformers_');
  if (!Array.isArray(entries)) fail(a.at('transformers_'), 'expected a list of (name, transformer, columns)');
  const names = base.featureNamesIn;
  const count = toNumber(a.get('_n_features')) ?? base.nFeaturesIn ?? names?.length ?? null;
  if (count === null) fail(path, 'the number of input columns is not recorded (_n_features, n_features_in_)');
  // _columns: each transformer's columns as fit resolved them (callables included); the remainder's are in its entry.
  const resolved = a.get('_columns');
  const groups: ColumnGroup[] = entries.map((entry, i) => {
    const entryPath = a.at(`transformers_[${i}]`);
    const [name, transformer, spec] = tupleItems(entry, entryPath, 3) as [string, PyValue, PyValue];
    const columnSpec = name !== 'remainder' && Array.isArray(resolved) && i < resolved.length ? resolved[i] : spec;
    const columns = resolveColumns(columnSpec, names, count, joinPath(entryPath, 'columns'));
    // A transformer given no columns is kept unfitted and gives nothing: read as 'drop'.
    const fitted = columns.length === 0 ? 'drop' : readGroupTransformer(transformer, joinPath(entryPath, name), read);
    return { name, transformer: fitted, columns, columnNames: names ? columns.map((c) => names[c]) : null };
  });
  const remainder = a.get('remainder');
  if (remainder !== 'drop' && remainder !== 'passthrough') fail(a.at('remainder'), `remainder=${describe(remainder)} is not supported ('drop' and 'passthrough' are)`);
  return { kind: 'column_transformer', ...base, groups, remainder, nInputColumns: count };
}

function readGroupTransformer(value: PyValue, path: string, read: ReadNested): Estimator | 'passthrough' | 'drop' {
  if (value === 'drop' || value === 'passthrough') return value;
  // Some versions keep a FunctionTransformer without a function for passthrough columns.
  if (value instanceof PyObject && value.cls.name === 'FunctionTransformer' && value.dict?.get('func') === null) return 'passthrough';
  return read(value, path);
}
