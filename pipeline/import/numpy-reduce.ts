// numpy's own pickled forms: _reconstruct + BUILD (every protocol), _frombuffer
// (protocol 5, numpy ≥ 1.16) and scalar(dtype, bytes).
import { ModelImportError } from './import-error.ts';
import { DType } from './numpy-dtype.ts';
import { decodeRaw, fortranToC, NdArray, shapeText } from './numpy-array.ts';
import { PyBytes, PyTuple, type PyValue } from './py-values.ts';

/** The empty array _reconstruct makes; BUILD gives it its shape, dtype and data. */
export function newArray(): NdArray {
  return new NdArray(new DType('O', 8), [0], []);
}

export function shapeOf(value: PyValue | undefined): number[] {
  if (!(value instanceof PyTuple)) throw new ModelImportError('a numpy array has a malformed shape');
  return value.items.map((dim) => {
    if (typeof dim !== 'bigint' || dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) throw new ModelImportError('a numpy array has a malformed shape');
    return Number(dim);
  });
}

/** Element count of a shape, without overflow. */
export function countOf(shape: number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  if (!Number.isSafeInteger(count)) throw new ModelImportError(`a numpy array of shape ${shapeText(shape)} is larger than any file`);
  return count;
}

/** ndarray.__setstate__: (version, shape, dtype, is_fortran, data); data is bytes, or a list for objects. */
export function arrayState(array: NdArray, state: PyValue): void {
  if (!(state instanceof PyTuple) || (state.items.length !== 5 && state.items.length !== 4)) throw new ModelImportError('a numpy array has a state this kit does not know');
  const [shapeValue, dtype, fortran, raw] = state.items.length === 5 ? state.items.slice(1) : state.items;
  if (!(dtype instanceof DType) || typeof fortran !== 'boolean') throw new ModelImportError('a numpy array has a malformed state');
  const shape = shapeOf(shapeValue);
  const count = countOf(shape);
  array.dtype = dtype;
  array.shape = shape;
  if (dtype.kind === 'O') {
    // Object arrays pickle their items as a list, in C order whatever their layout.
    if (!Array.isArray(raw) || raw.length !== count) throw new ModelImportError(`a numpy object array of shape ${shapeText(shape)} holds ${Array.isArray(raw) ? raw.length : 'no'} items`);
    array.data = raw;
    return;
  }
  if (!(raw instanceof PyBytes)) throw new ModelImportError('a numpy array has no data bytes');
  const data = decodeRaw(dtype, count, raw.data);
  array.data = fortran ? fortranToC(data, shape) : data;
}

/** numpy.core.numeric._frombuffer(buffer, dtype, shape, order). */
export function arrayFromBuffer(args: PyValue[]): NdArray {
  const [buffer, dtype, shapeValue, order] = args;
  if (!(buffer instanceof PyBytes) || !(dtype instanceof DType) || (order !== 'C' && order !== 'F')) throw new ModelImportError('numpy _frombuffer has arguments numpy never writes');
  const shape = shapeOf(shapeValue);
  const count = countOf(shape);
  const data = decodeRaw(dtype, count, buffer.data);
  return new NdArray(dtype, shape, order === 'F' ? fortranToC(data, shape) : data);
}

/** numpy.core.multiarray.scalar(dtype, bytes): numbers as JS numbers, integers as bigint. */
export function scalarValue(args: PyValue[]): PyValue {
  const [dtype, raw] = args;
  if (!(dtype instanceof DType)) throw new ModelImportError('a numpy scalar has no dtype');
  if (dtype.kind === 'O') return raw ?? null;
  if (!(raw instanceof PyBytes) || dtype.kind === 'V') throw new ModelImportError(`a numpy ${dtype.str} scalar is not supported`);
  const value = decodeRaw(dtype, 1, raw.data)[0] as PyValue | undefined;
  if (dtype.kind === 'b') return value === 1;
  return value ?? null;
}
