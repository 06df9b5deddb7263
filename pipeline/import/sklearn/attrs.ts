// Typed reads of a fitted estimator's attributes (its pickled __dict__), each failure
// one line naming the path and the attribute.
import { ModelImportError } from '../import-error.ts';
import { NdArray } from '../numpy-array.ts';
import { PyBytes, PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from '../py-values.ts';
import type { Label, Matrix } from './types.ts';

export function joinPath(path: string, segment: string): string {
  if (segment.startsWith('[')) return `${path}${segment}`;
  return path === '' ? segment : `${path}.${segment}`;
}

export function fail(path: string, message: string): never {
  throw new ModelImportError(path === '' ? message : `${path}: ${message}`);
}

/** What a value is, for messages. */
export function describe(value: PyValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'None';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof PyObject) return `a ${value.cls.qualified}`;
  if (value instanceof NdArray) return `an array of ${value.dtype.str}`;
  if (value instanceof PyGlobal) return value.qualified;
  if (value instanceof PyTuple) return 'a tuple';
  if (value instanceof PyDict) return 'a dict';
  if (value instanceof PyBytes) return 'bytes';
  if (Array.isArray(value)) return 'a list';
  return 'a value';
}

/** A number from a Python int or float, or a numpy scalar of either. */
export function toNumber(value: PyValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** A label as scikit-learn stores classes_ / categories_ items; NaN becomes null. */
export function toLabel(value: PyValue, path: string): Label | null {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) fail(path, `the label ${value} is larger than 2^53`);
    return Number(value);
  }
  if (value === null) return null;
  return fail(path, `a label is ${describe(value)}, not text or a number`);
}

/** Every item of an array or list, as PyValues (numbers, bigints, strings...). */
export function items(value: PyValue | undefined, path: string): PyValue[] {
  if (value instanceof NdArray) {
    const data = value.data;
    if (data instanceof Uint8Array && value.dtype.kind === 'b') return Array.from(data, (b) => b === 1);
    return Array.from(data as ArrayLike<PyValue>);
  }
  if (Array.isArray(value)) return value;
  if (value instanceof PyTuple) return value.items;
  return fail(path, `expected an array or a list, found ${describe(value)}`);
}

export function float64(value: PyValue | undefined, path: string): Float64Array {
  if (!(value instanceof NdArray) || !'fiub'.includes(value.dtype.kind)) return fail(path, `expected a numeric array, found ${describe(value)}`);
  const data = value.data as ArrayLike<number | bigint>;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  return out;
}

export function int32(value: PyValue | undefined, path: string): Int32Array {
  if (!(value instanceof NdArray) || !'iub'.includes(value.dtype.kind)) return fail(path, `expected an integer array, found ${describe(value)}`);
  const data = value.data as ArrayLike<number | bigint>;
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v !== (v | 0)) fail(path, `value ${data[i]} does not fit in 32 bits`);
    out[i] = v;
  }
  return out;
}

/** A 2-D numeric array; a 1-D one reads as one row. */
export function matrix(value: PyValue | undefined, path: string): Matrix {
  const data = float64(value, path);
  const shape = (value as NdArray).shape;
  if (shape.length === 1) return { data, rows: 1, cols: shape[0] };
  if (shape.length !== 2) fail(path, `expected a 2-D array, found shape (${shape.join(', ')})`);
  return { data, rows: shape[0], cols: shape[1] };
}

/** An estimator's pickled __dict__, read attribute by attribute. */
export class Attrs {
  readonly dict: PyDict;

  constructor(
    readonly obj: PyObject,
    readonly path: string,
  ) {
    const dict = obj.dict;
    if (!dict) fail(path, `${obj.cls.name} has no attributes (not a fitted estimator)`);
    this.dict = dict;
  }

  at(name: string): string {
    return joinPath(this.path, name);
  }

  has(name: string): boolean {
    return this.dict.has(name);
  }

  get(name: string): PyValue | undefined {
    return this.dict.get(name);
  }

  need(name: string): PyValue {
    const value = this.dict.get(name);
    if (value === undefined) fail(this.at(name), `missing: is this ${this.obj.cls.name} fitted?`);
    return value;
  }

  /** The first of several names the attribute has had across versions. */
  needAny(...names: string[]): PyValue {
    for (const name of names) if (this.dict.has(name)) return this.dict.get(name) as PyValue;
    return fail(this.at(names[0]), `missing (nor ${names.slice(1).join(', ')}): is this ${this.obj.cls.name} fitted?`);
  }

  str(name: string, fallback?: string): string {
    const value = this.dict.get(name) ?? fallback;
    if (typeof value !== 'string') fail(this.at(name), `expected text, found ${describe(value)}`);
    return value;
  }

  num(name: string, fallback?: number): number {
    const value = this.dict.has(name) ? toNumber(this.dict.get(name)) : (fallback ?? null);
    if (value === null) fail(this.at(name), `expected a number, found ${describe(this.dict.get(name))}`);
    return value;
  }

  int(name: string, fallback?: number): number {
    const value = this.num(name, fallback);
    if (!Number.isSafeInteger(value)) fail(this.at(name), `expected a whole number, found ${value}`);
    return value;
  }

  bool(name: string, fallback?: boolean): boolean {
    const value = this.dict.get(name) ?? fallback;
    if (typeof value !== 'boolean') fail(this.at(name), `expected True or False, found ${describe(value)}`);
    return value;
  }

  float64(name: string): Float64Array {
    return float64(this.need(name), this.at(name));
  }

  int32(name: string): Int32Array {
    return int32(this.need(name), this.at(name));
  }

  matrix(name: string): Matrix {
    return matrix(this.need(name), this.at(name));
  }

  labels(name: string): Label[] {
    const path = this.at(name);
    return items(this.need(name), path).map((v, i) => {
      const label = toLabel(v, `${path}[${i}]`);
      if (label === null) fail(`${path}[${i}]`, 'a class label is NaN or None');
      return label;
    });
  }

  /** feature_names_in_ (set when fitted on a table whose column names are all text). */
  featureNames(): string[] | null {
    const value = this.dict.get('feature_names_in_');
    if (value === undefined || value === null) return null;
    return items(value, this.at('feature_names_in_')).map((v) => (typeof v === 'string' ? v : fail(this.at('feature_names_in_'), 'a column name is not text')));
  }

  nFeatures(): number | null {
    const value = toNumber(this.dict.get('n_features_in_'));
    return value === null ? null : value;
  }
}
