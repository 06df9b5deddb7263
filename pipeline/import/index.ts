// Importing a user's pickled scikit-learn model (joblib.dump or pickle.dump) without
// running any of it. The modules, in reading order:
//   container.ts       the file's compression (zlib, gzip inflated, bounded; bz2, xz, lzma, lz4 refused)
//   byte-reader.ts     a bounded cursor: no declared length is trusted past the bytes left
//   pickle-vm.ts       the pickle machine (protocols 2-5), iterative, bounded stack and MARKs
//   pickle-ops.ts      its operand readers (LONG1/4, text INT, memo indices) and container updates
//   allow-list.ts      the names a model file may refer to, and how refused ones are shown
//   pickle-reduce.ts   REDUCE / NEWOBJ / BUILD: inert records, nothing called
//   numpy-dtype.ts, numpy-array.ts, numpy-reduce.ts   numpy arrays into typed arrays
//   joblib-array.ts    joblib's NumpyArrayWrapper, whose bytes follow it in the stream
//   graph-check.ts     the first refused name with its path, and a nesting bound
//   read-pickle.ts     bytes → inert object graph (the above, in order)
//   py-values.ts       the inert graph's types
//   sklearn/           the graph → typed fitted estimators (types.ts), scikit-learn 1.0-1.6,
//                      and sklearn/repr.ts, scikit-learn's repr of what was read
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_MAX_BYTES, type Compression } from './container.ts';
import { ModelImportError } from './import-error.ts';
import { formatBytes } from './numpy-array.ts';
import { PyObject } from './py-values.ts';
import { readPickle, type PickleReadOptions } from './read-pickle.ts';
import { readEstimator } from './sklearn/read-estimator.ts';
import { estimatorRepr } from './sklearn/repr.ts';
import type { Estimator } from './sklearn/types.ts';

export { ModelImportError } from './import-error.ts';
export type * from './sklearn/types.ts';
export { INFREQUENT } from './sklearn/types.ts';

export interface ImportedModel {
  estimator: Estimator;
  /** scikit-learn's repr of the top estimator, on one line. */
  repr: string;
  compression: Compression;
  /** The pickle protocol the file declares. */
  protocol: number;
}

/** Reads a model from a file's bytes; every refusal is a ModelImportError of one line. */
export function importSklearnModel(bytes: Uint8Array, options: PickleReadOptions = {}): ImportedModel {
  const { root, compression, protocol } = readPickle(bytes, options);
  const estimator = readEstimator(root);
  return { estimator, repr: estimatorRepr(root as PyObject), compression, protocol };
}

/** Reads model.pkl; messages start with the file's name. */
export function importSklearnModelFile(path: string, options: PickleReadOptions = {}): ImportedModel {
  const name = basename(path);
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const size = statSync(path).size;
    if (size > limit) throw new ModelImportError(`the file is ${formatBytes(size)}, more than the ${formatBytes(limit)} the kit reads`);
    return importSklearnModel(readFileSync(path), options);
  } catch (error) {
    if (error instanceof ModelImportError) throw new ModelImportError(`${name}: ${error.message}`);
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new ModelImportError(`${name}: cannot read the file (${code})`);
    throw error;
  }
}

/**
 * The input columns the model expects, by name, in order: feature_names_in_ of the
 * outermost estimator that has it (null when it was fitted on an array: then the
 * columns are positions 0..nFeaturesIn-1).
 */
export function inputColumnNames(estimator: Estimator): string[] | null {
  if (estimator.featureNamesIn) return estimator.featureNamesIn;
  if (estimator.kind === 'search') return inputColumnNames(estimator.bestEstimator);
  if (estimator.kind === 'pipeline') {
    const first = estimator.steps.find((s) => s.estimator !== 'passthrough');
    return first && first.estimator !== 'passthrough' ? inputColumnNames(first.estimator) : null;
  }
  return null;
}
