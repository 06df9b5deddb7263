// What REDUCE, NEWOBJ and BUILD make of an allowed name: numpy arrays, dtypes and
// scalars, bytes and sets rebuilt by the kit's own code; any other allowed class an
// inert PyObject; a refused name an inert PyObject too (the import stops on it once
// the graph is read, with its path). Nothing of the file is ever called.
import { roleOf } from './allow-list.ts';
import type { ByteReader } from './byte-reader.ts';
import { ModelImportError } from './import-error.ts';
import { readJoblibArray } from './joblib-array.ts';
import { arrayFromBuffer, arrayState, newArray, scalarValue } from './numpy-reduce.ts';
import { DType, dtypeFromArgs, setDTypeState } from './numpy-dtype.ts';
import { NdArray } from './numpy-array.ts';
import { PyBytes, PyDict, PyGlobal, PyObject, PySet, PySlice, PyTuple, type PyValue } from './py-values.ts';

export interface ReduceContext {
  /** True in a joblib file: NumpyArrayWrapper's bytes follow its BUILD in the stream. */
  joblib: boolean;
  /** Reads the nested pickle joblib writes for an object array (set by the VM). */
  nested: ((reader: ByteReader) => PyValue) | null;
}

const WRAPPER = 'joblib.numpy_pickle.NumpyArrayWrapper';

function argsOf(args: PyValue): PyValue[] {
  if (!(args instanceof PyTuple)) throw new ModelImportError('the pickle is corrupt: a call whose arguments are not a tuple');
  return args.items;
}

function nameOf(callable: PyValue): PyGlobal {
  if (!(callable instanceof PyGlobal)) throw new ModelImportError('the pickle calls something that is not a module-level name, which no model file does');
  return callable;
}

export function reduce(callable: PyValue, rawArgs: PyValue, _ctx: ReduceContext): PyValue {
  const global = nameOf(callable);
  const args = argsOf(rawArgs);
  if (!global.allowed) return new PyObject(global, args);
  const role = roleOf(global.module, global.name);
  if (role === 'record') return new PyObject(global, args);
  if (role === 'value') throw new ModelImportError(`the file calls ${global.qualified}, which no model file does`);
  return special(global, args);
}

export function newObject(cls: PyValue, rawArgs: PyValue, ctx: ReduceContext): PyValue {
  const global = nameOf(cls);
  const args = argsOf(rawArgs);
  if (!global.allowed || roleOf(global.module, global.name) === 'record') return new PyObject(global, args);
  return reduce(cls, rawArgs, ctx);
}

function special(global: PyGlobal, args: PyValue[]): PyValue {
  const bad = () => new ModelImportError(`the file calls ${global.qualified} with arguments numpy or Python never write`);
  switch (global.qualified) {
    case 'numpy.core.multiarray._reconstruct':
    case 'numpy._core.multiarray._reconstruct':
      // _reconstruct(ndarray, (0,), b'b'), then BUILD with the array's state.
      return args[0] instanceof PyGlobal && args[0].qualified === 'numpy.ndarray' ? newArray() : new PyObject(global, args);
    case 'numpy.core.multiarray.scalar':
    case 'numpy._core.multiarray.scalar':
      return scalarValue(args);
    case 'numpy.core.numeric._frombuffer':
    case 'numpy._core.numeric._frombuffer':
      return arrayFromBuffer(args);
    case 'numpy.dtype':
      return dtypeFromArgs(args);
    case 'copyreg._reconstructor': {
      // Protocol 0/1's object.__reduce_ex__: (cls, object, None) is a plain instance.
      const [cls, base, state] = args;
      if (!(cls instanceof PyGlobal) || !(base instanceof PyGlobal) || base.qualified !== 'builtins.object' || state !== null) throw bad();
      return cls.allowed && roleOf(cls.module, cls.name) === 'record' ? new PyObject(cls, []) : new PyObject(global, args);
    }
    case '_codecs.encode': {
      // Protocol 2's bytes: _codecs.encode(text, 'latin1').
      const [text, encoding] = args;
      if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) throw bad();
      return new PyBytes(latin1(text, bad), false);
    }
    case 'builtins.bytes':
    case 'builtins.bytearray': {
      const mutable = global.name === 'bytearray';
      if (args.length === 0) return new PyBytes(new Uint8Array(0), mutable);
      if (args[0] instanceof PyBytes) return new PyBytes(args[0].data.slice(), mutable);
      if (typeof args[0] === 'string' && (args[1] === 'latin-1' || args[1] === 'latin1')) return new PyBytes(latin1(args[0], bad), mutable);
      throw bad();
    }
    case 'builtins.set':
    case 'builtins.frozenset': {
      const items = args.length === 0 ? [] : args[0];
      if (!Array.isArray(items)) throw bad();
      return new PySet(items.slice(), global.name === 'frozenset');
    }
    case 'builtins.slice':
      if (args.length < 1 || args.length > 3) throw bad();
      return args.length === 1 ? new PySlice(null, args[0], null) : new PySlice(args[0], args[1], args[2] ?? null);
    case 'collections.OrderedDict':
      if (args.length !== 0) throw bad();
      return new PyDict();
    default:
      throw bad();
  }
}

function latin1(text: string, bad: () => Error): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw bad();
    out[i] = code;
  }
  return out;
}

/** BUILD: the state goes into the object it was made for; joblib's array header reads its bytes here. */
export function build(obj: PyValue, state: PyValue, reader: ByteReader, ctx: ReduceContext): PyValue {
  if (obj instanceof NdArray) {
    arrayState(obj, state);
    return obj;
  }
  if (obj instanceof DType) {
    setDTypeState(obj, state);
    return obj;
  }
  if (obj instanceof PyObject) {
    if (obj.cls.allowed && obj.cls.qualified === WRAPPER) {
      if (!ctx.joblib) throw new ModelImportError('a joblib array header appears where joblib never writes one (inside an object array, or in a file not written by joblib)');
      obj.state = state;
      return readJoblibArray(obj, reader, ctx.nested);
    }
    if (obj.state instanceof PyDict && state instanceof PyDict) {
      for (const [key, value] of state.map) obj.state.map.set(key, value);
    } else {
      obj.state = state;
    }
    return obj;
  }
  throw new ModelImportError('the pickle is corrupt: BUILD applied to a value that takes no state');
}
