// joblib's NumpyArrayWrapper: the pickle holds only the header (shape, order, dtype);
// the array's bytes follow its BUILD opcode in the stream. Since joblib 1.2 a length
// byte and that many 0xFF bytes pad them to 16-byte alignment (the header then carries
// numpy_array_alignment_bytes, None when joblib wrote no padding); before, they follow
// at once. Object arrays are a
// protocol-2 pickle of their own at that point.
import type { ByteReader } from './byte-reader.ts';
import { ModelImportError } from './import-error.ts';
import { DType } from './numpy-dtype.ts';
import { checkedCount, decodeRaw, fortranToC, NdArray, shapeText } from './numpy-array.ts';
import { shapeOf } from './numpy-reduce.ts';
import { PyDict, PyGlobal, type PyObject, type PyValue } from './py-values.ts';

export function readJoblibArray(wrapper: PyObject, reader: ByteReader, nested: ((reader: ByteReader) => PyValue) | null): NdArray {
  const state = wrapper.state;
  if (!(state instanceof PyDict)) throw new ModelImportError('a joblib array header has no state');
  const subclass = state.get('subclass');
  const dtype = state.get('dtype');
  const order = state.get('order');
  if (!(dtype instanceof DType) || (order !== 'C' && order !== 'F')) throw new ModelImportError('a joblib array header is malformed');
  if (!(subclass instanceof PyGlobal) || subclass.qualified !== 'numpy.ndarray') {
    throw new ModelImportError('a joblib array header names an array class other than numpy.ndarray');
  }
  const shape = shapeOf(state.get('shape'));
  const what = `a numpy ${dtype.str} array`;
  if (dtype.kind === 'O') {
    if (!nested) throw new ModelImportError('a joblib object array appears where joblib never writes one');
    const inner = nested(reader);
    if (!(inner instanceof NdArray) || inner.dtype.kind !== 'O' || inner.shape.join() !== shape.join()) {
      throw new ModelImportError(`a joblib object array of shape ${shapeText(shape)} is followed by something else`);
    }
    return inner;
  }
  // joblib ≥ 1.2 pads unless the header's alignment is None (a file it could not tell() in).
  const alignment = state.get('numpy_array_alignment_bytes');
  if (alignment !== undefined && alignment !== null) {
    const padding = reader.u8();
    if (padding > 16) throw new ModelImportError(`a joblib array is padded by ${padding} bytes (joblib pads by at most 16)`);
    reader.take(padding, 'array padding');
  }
  const count = checkedCount(shape, dtype.itemsize, reader.left, what);
  const data = decodeRaw(dtype, count, reader.take(count * dtype.itemsize, what));
  return new NdArray(dtype, shape, order === 'F' ? fortranToC(data, shape) : data);
}
