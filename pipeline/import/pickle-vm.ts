// The pickle machine, protocols 2-5 (and protocol 0/1's simple opcodes): a loop over
// opcodes with its own stack and memo, so no nesting of the file recurses in JS.
// Names resolve through allow-list.ts; REDUCE / NEWOBJ / BUILD go to pickle-reduce.ts,
// which only ever builds inert records. Nothing of the file is called.
import { canonicalModule, roleOf } from './allow-list.ts';
import type { ByteReader } from './byte-reader.ts';
import { DepthTracker } from './depth.ts';
import { ModelImportError } from './import-error.ts';
import { build, newObject, reduce, type ReduceContext } from './pickle-reduce.ts';
import { listOf, parseIndex, parseIntLine, readLong, setItems } from './pickle-ops.ts';
import { PyBytes, PyDict, PyGlobal, PySet, PyTuple, type PyValue } from './py-values.ts';

/** Items on the stack at once: real pickles keep a few (1000 per APPENDS batch). */
export const MAX_STACK = 100_000;
/** MARKs open at once: one per nesting level of tuples, lists and dicts being built. */
export const MAX_MARKS = 10_000;
const utf8 = new TextDecoder('utf-8');

export interface VmContext extends ReduceContext {
  /** Every refused name the file referred to, in order (the import stops on the first). */
  refused: PyGlobal[];
  globals: Map<string, PyGlobal>;
}

export function newContext(joblib: boolean): VmContext {
  return { refused: [], globals: new Map(), joblib, nested: null };
}

/** Runs one pickle from reader.pos to its STOP and returns the value it leaves. */
export function runPickle(reader: ByteReader, ctx: VmContext): PyValue {
  const stack: PyValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  const depth = new DepthTracker();
  // A new container of items, or a made object (REDUCE / NEWOBJ / BUILD) of what it was made from.
  const made = (value: PyValue, ...from: PyValue[]): PyValue => {
    if (value !== null && typeof value === 'object') for (const item of from) if (item !== value) depth.link(value, item);
    return value;
  };
  const tuple = (items: PyValue[]) => made(new PyTuple(items), ...items);
  const base = () => (marks.length > 0 ? marks[marks.length - 1] : 0);
  const corrupt = (what: string) => new ModelImportError(`the pickle is corrupt at byte ${reader.pos - 1}: ${what}`);
  const push = (value: PyValue) => {
    if (stack.length >= MAX_STACK) throw new ModelImportError(`the pickle holds more than ${MAX_STACK} values at once (nested too deeply, or not a real model file)`);
    stack.push(value);
  };
  const pop = (): PyValue => {
    if (stack.length <= base()) throw corrupt('nothing to take from the stack');
    return stack.pop() as PyValue;
  };
  const top = (): PyValue => {
    if (stack.length <= base()) throw corrupt('nothing on the stack');
    return stack[stack.length - 1];
  };
  const popMark = (): PyValue[] => {
    const mark = marks.pop();
    if (mark === undefined) throw corrupt('no MARK to close');
    return stack.splice(mark);
  };
  const memoGet = (key: number) => {
    if (!memo.has(key)) throw corrupt(`memo entry ${key} was never stored`);
    push(memo.get(key) as PyValue);
  };
  const resolve = (module: string, name: string) => {
    const mod = canonicalModule(module);
    const key = `${mod}\n${name}`;
    let global = ctx.globals.get(key);
    if (!global) {
      global = new PyGlobal(mod, name, roleOf(mod, name) !== null);
      ctx.globals.set(key, global);
      if (!global.allowed) ctx.refused.push(global);
    }
    push(global);
  };
  const text = (n: number) => utf8.decode(reader.take(n, 'a string'));
  const bytes = (n: number, mutable = false) => new PyBytes(reader.take(n, 'a bytes object').slice(), mutable);

  for (;;) {
    const op = reader.u8();
    switch (op) {
      case 0x80: { // PROTO
        const version = reader.u8();
        if (version > 5) throw new ModelImportError(`pickle protocol ${version} is newer than this kit reads (2 to 5)`);
        break;
      }
      case 0x95: { // FRAME: a length hint; the bytes are read as they come
        reader.need(reader.u64(), 'a frame');
        break;
      }
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        if (marks.length >= MAX_MARKS) throw new ModelImportError(`the pickle opens more than ${MAX_MARKS} MARKs at once (a scikit-learn model opens a few dozen; not a real model file)`);
        marks.push(stack.length);
        break;
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: push(top()); break; // DUP
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x4a: push(BigInt(reader.i32())); break; // BININT
      case 0x4b: push(BigInt(reader.u8())); break; // BININT1
      case 0x4d: push(BigInt(reader.u16())); break; // BININT2
      case 0x8a: push(readLong(reader, reader.u8())); break; // LONG1
      case 0x8b: push(readLong(reader, reader.u32())); break; // LONG4
      case 0x47: push(reader.f64be()); break; // BINFLOAT
      case 0x49: { // INT (protocol 0; "01"/"00" are bools)
        const line = reader.line();
        push(line === '01' ? true : line === '00' ? false : parseIntLine(line, corrupt));
        break;
      }
      case 0x4c: push(parseIntLine(reader.line().replace(/L$/, ''), corrupt)); break; // LONG
      case 0x46: { // FLOAT
        const value = Number(reader.line());
        if (Number.isNaN(value)) throw corrupt('a FLOAT that is not a number');
        push(value);
        break;
      }
      case 0x58: push(text(reader.u32())); break; // BINUNICODE
      case 0x8c: push(text(reader.u8())); break; // SHORT_BINUNICODE
      case 0x8d: push(text(reader.u64())); break; // BINUNICODE8
      case 0x54: push(Buffer.from(reader.take(reader.u32(), 'a string')).toString('latin1')); break; // BINSTRING
      case 0x55: push(Buffer.from(reader.take(reader.u8(), 'a string')).toString('latin1')); break; // SHORT_BINSTRING
      case 0x42: push(bytes(reader.u32())); break; // BINBYTES
      case 0x43: push(bytes(reader.u8())); break; // SHORT_BINBYTES
      case 0x8e: push(bytes(reader.u64())); break; // BINBYTES8
      case 0x96: push(bytes(reader.u64(), true)); break; // BYTEARRAY8
      case 0x97: case 0x98: // NEXT_BUFFER, READONLY_BUFFER
        throw new ModelImportError('the file refers to out-of-band buffers (pickle protocol 5 with buffer_callback), which are not in it: save the model with joblib.dump or pickle.dump without buffer_callback');
      case 0x29: push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x85: push(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); push(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(tuple([a, b, c])); break; } // TUPLE3
      case 0x74: push(tuple(popMark())); break; // TUPLE
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x6c: { const items = popMark(); push(made(items, ...items)); break; } // LIST
      case 0x7d: push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        const dict = new PyDict();
        setItems(dict, items, corrupt);
        depth.linkAll(dict, items);
        push(dict);
        break;
      }
      case 0x8f: push(new PySet([], false)); break; // EMPTY_SET
      case 0x91: { const items = popMark(); push(made(new PySet(items, true), ...items)); break; } // FROZENSET
      case 0x61: { // APPEND
        const value = pop();
        listOf(top(), corrupt).push(value);
        depth.link(top() as PyValue[], value);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        const list = listOf(top(), corrupt);
        for (const item of items) list.push(item);
        depth.linkAll(list, items);
        break;
      }
      case 0x73: { // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value], corrupt);
        depth.linkAll(top() as PyDict, [key, value]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items, corrupt);
        depth.linkAll(top() as PyDict, items);
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof PySet) || set.frozen) throw corrupt('ADDITEMS on something that is not a set');
        for (const item of items) set.items.push(item);
        depth.linkAll(set, items);
        break;
      }
      case 0x63: { // GLOBAL
        const module = reader.line();
        resolve(module, reader.line());
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw corrupt('STACK_GLOBAL without a module and a name');
        resolve(module, name);
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const callable = pop();
        push(made(reduce(callable, args, ctx), args));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = pop();
        push(made(newObject(cls, args, ctx), args));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = pop();
        const args = pop();
        const cls = pop();
        if (!(kwargs instanceof PyDict) || kwargs.map.size > 0) throw new ModelImportError('an object in the file is made with keyword arguments, which no supported class needs');
        push(made(newObject(cls, args, ctx), args));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = pop();
        push(made(build(obj, state, reader, ctx), state));
        break;
      }
      case 0x71: memo.set(reader.u8(), top()); break; // BINPUT
      case 0x72: memo.set(reader.u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x70: memo.set(parseIndex(reader.line(), corrupt), top()); break; // PUT
      case 0x68: memoGet(reader.u8()); break; // BINGET
      case 0x6a: memoGet(reader.u32()); break; // LONG_BINGET
      case 0x67: memoGet(parseIndex(reader.line(), corrupt)); break; // GET
      case 0x50: case 0x51: // PERSID, BINPERSID
        throw new ModelImportError('the file refers to persistent objects outside it (a custom Pickler\'s persistent_id), which the kit cannot read');
      case 0x82: case 0x83: case 0x84: // EXT1/2/4
        throw new ModelImportError('the file uses copyreg extension codes, which the kit does not read');
      case 0x53: case 0x56: case 0x69: case 0x6f: // STRING, UNICODE, INST, OBJ
        throw new ModelImportError('the file is a protocol 0/1 text pickle, which the kit does not read: save it with protocol 2 or later (joblib.dump does)');
      default:
        throw corrupt(`unknown opcode 0x${op.toString(16).padStart(2, '0')} (not a pickle, or a damaged one)`);
    }
  }
}
