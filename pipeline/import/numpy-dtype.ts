// numpy.dtype as pickled: REDUCE with ('f8', align, copy), then BUILD with
// (version, byteorder, subarray, names, fields, elsize, alignment, flags).
import { ModelImportError } from './import-error.ts';
import { PyDict, PyTuple, type PyValue } from './py-values.ts';

/** b: bool, i/u: integers, f: floats, O: Python objects, U: UCS-4 text, S: bytes, V: records. */
export type DTypeKind = 'b' | 'i' | 'u' | 'f' | 'O' | 'U' | 'S' | 'V';

export interface DTypeField {
  name: string;
  dtype: DType;
  offset: number;
}

export class DType {
  /** '<' little, '>' big, '|' not applicable (1-byte, objects, records). */
  byteOrder: '<' | '>' | '|' = '<';
  fields: DTypeField[] | null = null;

  constructor(
    readonly kind: DTypeKind,
    public itemsize: number,
  ) {}

  get str(): string {
    return `${this.byteOrder}${this.kind}${this.itemsize}`;
  }

  get bigEndian(): boolean {
    return this.byteOrder === '>';
  }
}

const CODE = /^([biufOUSV])(\d+)$/;

/** numpy.dtype(spec, align, copy): the spec numpy pickles is kind + bytes ('f8', 'U20', 'V56'). */
export function dtypeFromArgs(args: PyValue[]): DType {
  const spec = args[0];
  const match = typeof spec === 'string' ? CODE.exec(spec) : null;
  if (!match) throw new ModelImportError(`numpy dtype ${describe(spec)} is not supported (booleans, integers, floats, text, objects and records are)`);
  const kind = match[1] as DTypeKind;
  const itemsize = Number(match[2]);
  if ((kind === 'f' && ![2, 4, 8].includes(itemsize)) || ((kind === 'i' || kind === 'u') && ![1, 2, 4, 8].includes(itemsize))) {
    throw new ModelImportError(`numpy dtype ${spec} is not supported`);
  }
  const dtype = new DType(kind, itemsize);
  if (itemsize === 1 || kind === 'O' || kind === 'V' || kind === 'S' || kind === 'b') dtype.byteOrder = '|';
  return dtype;
}

/** BUILD's state: byte order, and for records the fields and their offsets. */
export function setDTypeState(dtype: DType, state: PyValue): void {
  if (!(state instanceof PyTuple) || state.items.length < 8) throw new ModelImportError('a numpy dtype has a state this kit does not know');
  const [version, order, subarray, names, fields, elsize] = state.items;
  if (version !== 3n && version !== 4n) throw new ModelImportError(`numpy dtype state version ${describe(version)} is not supported`);
  if (order === '<' || order === '>' || order === '|') dtype.byteOrder = order;
  else if (order === '=') dtype.byteOrder = '<';
  else throw new ModelImportError(`numpy dtype byte order ${describe(order)} is not supported`);
  if (subarray !== null) throw new ModelImportError('numpy sub-array dtypes are not supported');
  if (typeof elsize === 'bigint' && elsize >= 0n) dtype.itemsize = Number(elsize);
  if (names === null) return;
  if (!(names instanceof PyTuple) || !(fields instanceof PyDict)) throw new ModelImportError('a numpy record dtype has malformed fields');
  dtype.fields = names.items.map((name) => {
    const entry = typeof name === 'string' ? fields.get(name) : undefined;
    if (!(entry instanceof PyTuple) || !(entry.items[0] instanceof DType) || typeof entry.items[1] !== 'bigint') {
      throw new ModelImportError(`numpy record field ${describe(name)} is malformed`);
    }
    const field = { name: name as string, dtype: entry.items[0], offset: Number(entry.items[1]) };
    if (field.offset < 0 || field.offset + field.dtype.itemsize > dtype.itemsize) throw new ModelImportError(`numpy record field ${field.name} lies outside its record`);
    return field;
  });
}

function describe(value: PyValue | undefined): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
