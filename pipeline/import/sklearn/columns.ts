// A ColumnTransformer's column spec as positions in its input: a name or names, an
// index or indices (negative from the end), a boolean mask, a slice (of positions, end
// excluded; of names, end included as pandas' .loc), or the remainder's list.
import { NdArray } from '../numpy-array.ts';
import { PyObject, PySlice, type PyValue } from '../py-values.ts';
import { describe, fail, items } from './attrs.ts';

export function resolveColumns(spec: PyValue, names: string[] | null, count: number, path: string): number[] {
  const byName = (name: string) => {
    if (!names) fail(path, `columns are named ('${name}') but the transformer was not fitted on named columns`);
    const index = names.indexOf(name);
    if (index < 0) fail(path, `column '${name}' is not among the input columns`);
    return index;
  };
  const byIndex = (value: bigint | number) => {
    const i = Number(value);
    const index = i < 0 ? count + i : i;
    if (!Number.isInteger(index) || index < 0 || index >= count) fail(path, `column ${i} is outside the ${count} input columns`);
    return index;
  };
  if (typeof spec === 'string') return [byName(spec)];
  if (typeof spec === 'bigint') return [byIndex(spec)];
  if (spec instanceof PyObject && spec.cls.name === '_RemainderColsList') return resolveColumns(spec.dict?.get('data') ?? null, names, count, path);
  if (spec instanceof PySlice) return slice(spec, names, count, path, byName);
  if (Array.isArray(spec) || spec instanceof NdArray) {
    const list = items(spec, path);
    if (list.length > 0 && list.every((v) => typeof v === 'boolean')) {
      if (list.length !== count) fail(path, `a column mask of ${list.length} entries for ${count} columns`);
      return list.flatMap((v, i) => (v ? [i] : []));
    }
    return list.map((v) => (typeof v === 'string' ? byName(v) : typeof v === 'bigint' || typeof v === 'number' ? byIndex(v) : fail(path, `a column is ${describe(v)}`)));
  }
  return fail(path, `columns given as ${describe(spec)} are not supported (names, indices, a mask or a slice are)`);
}

function slice(spec: PySlice, names: string[] | null, count: number, path: string, byName: (name: string) => number): number[] {
  const { start, stop, step } = spec;
  const stride = step === null ? 1 : Number(step);
  if (stride !== 1) fail(path, 'column slices with a step are not supported');
  if (typeof start === 'string' || typeof stop === 'string') {
    const from = start === null ? 0 : byName(start as string);
    const to = stop === null ? count - 1 : byName(stop as string);
    return range(from, to + 1);
  }
  const norm = (v: PyValue, fallback: number) => {
    if (v === null) return fallback;
    const n = Number(v);
    return Math.min(count, Math.max(0, n < 0 ? count + n : n));
  };
  void names;
  return range(norm(start, 0), norm(stop, count));
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
