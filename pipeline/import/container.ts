// A joblib file is a pickle, or a pickle compressed whole (joblib.dump(compress=...)).
// zlib and gzip are inflated with node:zlib up to a bounded size; the other
// compressors joblib offers are named and refused (their magic numbers: joblib's
// compressor.py).
import { gunzipSync, inflateSync } from 'node:zlib';
import { ModelImportError } from './import-error.ts';
import { formatBytes } from './numpy-array.ts';

/** The most a compressed model file may inflate to. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export type Compression = 'none' | 'zlib' | 'gzip';

const REFUSED: [number[], string][] = [
  [[0x42, 0x5a, 0x68], 'bz2'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz'],
  [[0x04, 0x22, 0x4d, 0x18], 'lz4'],
  [[0x5d, 0x00], 'lzma'],
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

export function sniffCompression(bytes: Uint8Array): Compression {
  if (bytes.length === 0) throw new ModelImportError('the file is empty');
  if (bytes[0] === 0x80) return 'none';
  if (bytes[0] === 0x78) return 'zlib';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  for (const [magic, name] of REFUSED) {
    if (startsWith(bytes, magic)) throw new ModelImportError(`the file is ${name}-compressed, which the kit does not read: save it with joblib.dump(model, path, compress=3) (zlib) or without compression`);
  }
  if (startsWith(bytes, [0x5a, 0x46])) throw new ModelImportError('the file is in the compressed format of joblib before 0.10, which the kit does not read: load and save it again with a current joblib');
  if (bytes[0] === 0x93 && startsWith(bytes.subarray(1), [0x4e, 0x55, 0x4d, 0x50, 0x59])) throw new ModelImportError('the file is a numpy .npy array, not a pickled model');
  throw new ModelImportError(`the file is not a pickle of protocol 2 to 5 (it starts with byte 0x${bytes[0].toString(16).padStart(2, '0')}); save the model with joblib.dump or pickle.dump`);
}

/** The pickle stream inside the file: inflated when compressed, refused past maxBytes. */
export function unwrap(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): { stream: Uint8Array; compression: Compression } {
  const compression = sniffCompression(bytes);
  if (compression === 'none') return { stream: bytes, compression };
  let stream: Uint8Array;
  try {
    stream = compression === 'zlib' ? inflateSync(bytes, { maxOutputLength: maxBytes }) : gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw new ModelImportError(`the ${compression}-compressed file inflates to more than ${formatBytes(maxBytes)}`);
    throw new ModelImportError(`the ${compression}-compressed file is damaged or truncated (${(error as Error).message})`);
  }
  if (stream.length === 0 || stream[0] !== 0x80) throw new ModelImportError(`the ${compression}-compressed file does not hold a pickle of protocol 2 to 5`);
  return { stream, compression };
}
