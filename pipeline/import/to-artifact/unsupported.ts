import { ModelImportError } from '../import-error.ts';

/** One line naming the estimator (its class and where it sits in the file) and what the kit cannot serve. */
export function unsupported(estimator: { className: string; path: string }, what: string): never {
  throw new ModelImportError(`${estimator.className}${estimator.path ? ` at ${estimator.path}` : ''}: ${what}`);
}

export function rowsOf({ data, rows, cols }: { data: Float64Array; rows: number; cols: number }): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}
