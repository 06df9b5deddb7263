// How deep the file nests its containers, bounded while the pickle machine builds them
// (so a nesting bomb is refused after MAX_DEPTH levels, not after all of its objects are
// made). Each container keeps the longest chain known below it (height, from the
// children it was given) and above it (depth, from the containers it was put in); an
// edge whose chain through it would pass MAX_DEPTH is refused. graph-check.ts walks the
// finished graph too, for what these two figures cannot see.
import { ModelImportError } from './import-error.ts';
import type { PyValue } from './py-values.ts';

/**
 * Far deeper than any scikit-learn model nests (a pipeline in a search in a
 * ColumnTransformer is a few dozen levels), and than Python's pickler writes by default.
 */
export const MAX_DEPTH = 10_000;

export function tooDeep(): ModelImportError {
  return new ModelImportError(`the pickle nests objects more than ${MAX_DEPTH} levels deep (a scikit-learn model nests a few dozen; not a real model file)`);
}

export class DepthTracker {
  private readonly height = new Map<object, number>();
  private readonly depth = new Map<object, number>();

  /** child is put inside parent (APPEND, SETITEM, BUILD, a tuple's item...). */
  link(parent: object, child: PyValue): void {
    if (child === null || typeof child !== 'object') return;
    const below = this.height.get(child) ?? 0;
    const above = this.depth.get(parent) ?? 0;
    if (above + 1 + below > MAX_DEPTH) throw tooDeep();
    if (below + 1 > (this.height.get(parent) ?? 0)) this.height.set(parent, below + 1);
    if (above + 1 > (this.depth.get(child) ?? 0)) this.depth.set(child, above + 1);
  }

  linkAll(parent: object, children: readonly PyValue[]): void {
    for (const child of children) this.link(parent, child);
  }
}
