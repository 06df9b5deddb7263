// After the pickle is read, before anything is built from it: the first refused name
// with where it sits (steps[1].model: ...), and a bound on nesting. Iterative, and each
// shared object is visited once.
import { displayName } from './allow-list.ts';
import { MAX_DEPTH, tooDeep } from './depth.ts';
import { ModelImportError } from './import-error.ts';
import { NdArray } from './numpy-array.ts';
import { PyDict, PyGlobal, PyObject, PySet, PySlice, PyTuple, type PyValue } from './py-values.ts';

export { MAX_DEPTH } from './depth.ts';

export function refusal(global: PyGlobal, path: string): ModelImportError {
  const name = displayName(global.module, global.name);
  const where = path === '' ? '' : `${path}: `;
  const hint = name.startsWith('sklearn.')
    ? 'the kit reads Pipeline, GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV, ColumnTransformer, SimpleImputer, OneHotEncoder, StandardScaler, MinMaxScaler, LogisticRegression, SVC, KNeighborsClassifier, DecisionTreeClassifier, RandomForestClassifier, GaussianNB, LinearRegression, Ridge, Lasso and ElasticNet'
    : 'a model file may refer only to scikit-learn estimators and numpy arrays; nothing in it is run';
  return new ModelImportError(`${where}${name} is not supported (${hint})`);
}

function child(path: string, segment: string): string {
  if (segment.startsWith('[') || segment.startsWith('(')) return `${path}${segment}`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** Throws for the first refused name reachable from root (document order), or for nesting past MAX_DEPTH. */
export function checkGraph(root: PyValue, refused: PyGlobal[]): void {
  if (refused.length === 0) {
    depthOnly(root);
    return;
  }
  const seen = new Set<object>();
  const todo: { value: PyValue; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (todo.length > 0) {
    const { value, path, depth } = todo.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (depth > MAX_DEPTH) throw tooDeep();
    if (value instanceof PyGlobal) {
      if (!value.allowed) throw refusal(value, path);
      continue;
    }
    const next: { value: PyValue; path: string }[] = [];
    for (const [segment, item] of children(value)) next.push({ value: item, path: child(path, segment) });
    if (value instanceof PyObject) next.unshift({ value: value.cls, path });
    for (let i = next.length - 1; i >= 0; i--) todo.push({ ...next[i], depth: depth + 1 });
  }
  // Referred to but not part of the model (popped, or kept only in the memo): refused all the same.
  throw refusal(refused[0], '');
}

function depthOnly(root: PyValue): void {
  const seen = new Set<object>();
  const todo: [PyValue, number][] = [[root, 0]];
  while (todo.length > 0) {
    const [value, depth] = todo.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (depth > MAX_DEPTH) throw tooDeep();
    for (const [, item] of children(value)) if (item !== null && typeof item === 'object') todo.push([item, depth + 1]);
  }
}

function* children(value: object): Generator<[string, PyValue]> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield [`[${i}]`, value[i]];
  } else if (value instanceof PyTuple) {
    // ('name', estimator, ...) as in Pipeline.steps and ColumnTransformer.transformers_.
    const named = value.items.length >= 2 && typeof value.items[0] === 'string';
    for (let i = 0; i < value.items.length; i++) yield [named && i === 1 ? (value.items[0] as string) : `[${i}]`, value.items[i]];
  } else if (value instanceof PyDict) {
    for (const [key, item] of value.map) {
      yield [`[${typeof key === 'string' ? `'${key}'` : 'key'}]`, key];
      yield [`[${typeof key === 'string' ? `'${key}'` : String(key)}]`, item];
    }
  } else if (value instanceof PyObject) {
    for (let i = 0; i < value.args.length; i++) yield [`(${i})`, value.args[i]];
    const dict = value.dict;
    if (dict) {
      for (const [key, item] of dict.map) yield [typeof key === 'string' ? key : `[${String(key)}]`, item];
      if (value.state !== dict) yield ['__slots__', value.state ?? null];
    } else if (value.state !== undefined) {
      yield ['__state__', value.state];
    }
  } else if (value instanceof PySet) {
    for (let i = 0; i < value.items.length; i++) yield [`{${i}}`, value.items[i]];
  } else if (value instanceof PySlice) {
    yield ['start', value.start];
    yield ['stop', value.stop];
    yield ['step', value.step];
  } else if (value instanceof NdArray && value.dtype.kind === 'O') {
    const items = value.data as PyValue[];
    for (let i = 0; i < items.length; i++) yield [`[${i}]`, items[i]];
  }
}
