// A model file's bytes to its inert object graph: unwrap the compression, run the
// pickle machine, then refuse any name off the allow-list (with its path) before
// anything is built from the graph.
import { ByteReader } from './byte-reader.ts';
import { DEFAULT_MAX_BYTES, unwrap, type Compression } from './container.ts';
import { checkGraph } from './graph-check.ts';
import { newContext, runPickle } from './pickle-vm.ts';
import type { PyValue } from './py-values.ts';

export interface PickleReadOptions {
  /** The most a compressed file may inflate to (bytes). */
  maxBytes?: number;
}

export interface PickleGraph {
  root: PyValue;
  compression: Compression;
  /** The pickle protocol the file declares (PROTO), 2 to 5. */
  protocol: number;
}

export function readPickle(bytes: Uint8Array, options: PickleReadOptions = {}): PickleGraph {
  const { stream, compression } = unwrap(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const reader = new ByteReader(stream);
  const protocol = stream[1];
  const ctx = newContext(true);
  // joblib's object arrays: a plain pickle of their own, read with the same names and
  // refusals (and no joblib headers inside, as joblib writes none there).
  const inner = { ...ctx, joblib: false, nested: null };
  ctx.nested = (r) => runPickle(r, inner);
  const root = runPickle(reader, ctx);
  checkGraph(root, ctx.refused);
  return { root, compression, protocol };
}
