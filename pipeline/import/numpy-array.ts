// numpy arrays out of their pickled bytes, always in C order, into typed arrays:
// float64 → Float64Array, float32 → Float32Array, int8/16/32 and uint8/16/32 → the
// typed array of that width, int64/uint64 → BigInt64Array/BigUint64Array (exact: the
// sklearn layer narrows them to Int32Array or numbers, checking the range), bool →
// Uint8Array, text → string[], objects → PyValue[], records → their raw bytes (Uint8Array,
// read a field at a time with recordField).
import { ModelImportError } from './import-error.ts';
import type { DType } from './numpy-dtype.ts';
import type { PyValue } from './py-values.ts';

export type NumericData =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;
export type ArrayData = NumericData | string[] | PyValue[];

export class NdArray {
  constructor(
    public dtype: DType,
    public shape: number[],
    public data: ArrayData,
  ) {}

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

/** Element count of a shape, refused before anything is allocated when the bytes left cannot hold it. */
export function checkedCount(shape: number[], itemsize: number, bytesLeft: number, what: string): number {
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw new ModelImportError(`${what} has an invalid shape ${shapeText(shape)}`);
    count *= dim;
  }
  const bytes = count * itemsize;
  if (!Number.isSafeInteger(count) || bytes > bytesLeft) {
    throw new ModelImportError(`${what} of shape ${shapeText(shape)} declares ${formatBytes(bytes)} but the file has only ${formatBytes(bytesLeft)} left: it is truncated or not a real model file`);
  }
  return count;
}

/** A shape as Python prints it: (3,), (2, 4). */
export function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Decodes `count` items of `dtype` from `raw` (exactly count × itemsize bytes). */
export function decodeRaw(dtype: DType, count: number, raw: Uint8Array): ArrayData {
  const size = dtype.itemsize;
  if (raw.length !== count * size) throw new ModelImportError(`a numpy ${dtype.str} array holds ${raw.length} bytes, not the ${count * size} its shape says`);
  switch (dtype.kind) {
    case 'U': {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
      const out = new Array<string>(count);
      for (let i = 0; i < count; i++) {
        let text = '';
        for (let j = 0; j < size; j += 4) {
          const code = view.getUint32(i * size + j, !dtype.bigEndian);
          if (code === 0) break;
          if (code > 0x10ffff) throw new ModelImportError('a numpy text array holds an invalid character');
          text += String.fromCodePoint(code);
        }
        out[i] = text;
      }
      return out;
    }
    case 'S': {
      const out = new Array<string>(count);
      for (let i = 0; i < count; i++) {
        let end = (i + 1) * size;
        while (end > i * size && raw[end - 1] === 0) end--;
        out[i] = Buffer.from(raw.subarray(i * size, end)).toString('latin1');
      }
      return out;
    }
    case 'V':
      return Uint8Array.prototype.slice.call(raw);
    case 'O':
      throw new ModelImportError('a numpy object array came as raw bytes');
    default:
      return numeric(dtype, count, raw);
  }
}

function numeric(dtype: DType, count: number, raw: Uint8Array): NumericData {
  // A copy: the file's bytes are rarely aligned for the typed array, and are swapped when big-endian.
  const bytes = Uint8Array.prototype.slice.call(raw);
  const size = dtype.itemsize;
  if (dtype.bigEndian && size > 1) {
    for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  }
  const buffer = bytes.buffer;
  const key = `${dtype.kind}${size}`;
  switch (key) {
    case 'f8': return new Float64Array(buffer, 0, count);
    case 'f4': return new Float32Array(buffer, 0, count);
    case 'i1': return new Int8Array(buffer, 0, count);
    case 'i2': return new Int16Array(buffer, 0, count);
    case 'i4': return new Int32Array(buffer, 0, count);
    case 'i8': return new BigInt64Array(buffer, 0, count);
    case 'u1': case 'b1': return new Uint8Array(buffer, 0, count);
    case 'u2': return new Uint16Array(buffer, 0, count);
    case 'u4': return new Uint32Array(buffer, 0, count);
    case 'u8': return new BigUint64Array(buffer, 0, count);
    default: throw new ModelImportError(`numpy dtype ${dtype.str} is not supported`);
  }
}

/** Fortran-ordered data (column-major) rearranged into C order for `shape`. */
export function fortranToC<T extends ArrayData>(data: T, shape: number[]): T {
  if (shape.length < 2) return data;
  const count = data.length;
  const out = (Array.isArray(data) ? new Array(count) : new (data.constructor as new (n: number) => T)(count)) as T;
  const dims = shape.length;
  const index = new Array<number>(dims).fill(0);
  // Walk C order; the Fortran offset has stride 1 on the first axis.
  const fStride = new Array<number>(dims);
  fStride[0] = 1;
  for (let d = 1; d < dims; d++) fStride[d] = fStride[d - 1] * shape[d - 1];
  for (let i = 0; i < count; i++) {
    let offset = 0;
    for (let d = 0; d < dims; d++) offset += index[d] * fStride[d];
    (out as unknown as unknown[])[i] = (data as unknown as unknown[])[offset];
    for (let d = dims - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

function fieldOf(array: NdArray, name: string) {
  const field = array.dtype.fields?.find((f) => f.name === name);
  if (!field || !(array.data instanceof Uint8Array)) throw new ModelImportError(`a numpy record array has no field '${name}'`);
  return { field, data: array.data };
}

/** One field of a record array (the Tree's nodes) as its own typed array. */
export function recordField(array: NdArray, name: string): NumericData {
  const { field, data } = fieldOf(array, name);
  const count = array.size;
  const size = field.dtype.itemsize;
  const stride = array.dtype.itemsize;
  const raw = new Uint8Array(count * size);
  for (let i = 0; i < count; i++) {
    const from = i * stride + field.offset;
    for (let b = 0; b < size; b++) raw[i * size + b] = data[from + b];
  }
  return numeric(field.dtype, count, raw);
}

/** One numeric field of a record array as numbers (int64 read exactly up to 2^53, without BigInt). */
export function recordFieldNumbers(array: NdArray, name: string): Float64Array {
  const { field, data } = fieldOf(array, name);
  const count = array.size;
  const stride = array.dtype.itemsize;
  const little = !field.dtype.bigEndian;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Float64Array(count);
  const key = `${field.dtype.kind}${field.dtype.itemsize}`;
  let o = field.offset;
  // One loop per type: the tree nodes of a large forest are millions of reads.
  if (key === 'f8') for (let i = 0; i < count; i++, o += stride) out[i] = view.getFloat64(o, little);
  else if (key === 'i8') {
    const loAt = little ? 0 : 4;
    const hiAt = little ? 4 : 0;
    for (let i = 0; i < count; i++, o += stride) out[i] = view.getInt32(o + hiAt, little) * 4294967296 + view.getUint32(o + loAt, little);
  } else if (key === 'f4') for (let i = 0; i < count; i++, o += stride) out[i] = view.getFloat32(o, little);
  else if (key === 'i4') for (let i = 0; i < count; i++, o += stride) out[i] = view.getInt32(o, little);
  else if (key === 'u1' || key === 'b1') for (let i = 0; i < count; i++, o += stride) out[i] = data[o];
  else throw new ModelImportError(`a numpy record field of ${field.dtype.str} is not supported`);
  return out;
}
