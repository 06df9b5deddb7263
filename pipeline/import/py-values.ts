// The inert object graph a pickle reads into: Python's values as plain records, with
// nothing of the file's ever called. Python ints are bigint (so 1 and 1.0, which
// scikit-learn's repr tells apart, stay apart); floats are numbers.
import type { NdArray } from './numpy-array.ts';
import type { DType } from './numpy-dtype.ts';

/** A module-level name the file refers to (GLOBAL / STACK_GLOBAL). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    /** False: not on the allow-list; the import is refused once the graph is read. */
    readonly allowed: boolean,
  ) {}

  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What REDUCE / NEWOBJ of an allowed class makes: its arguments and BUILD's state. */
export class PyObject {
  state: PyValue | undefined = undefined;
  constructor(
    readonly cls: PyGlobal,
    readonly args: PyValue[],
  ) {}

  /** The instance __dict__ (BUILD's state, or its first half when slots come too). */
  get dict(): PyDict | undefined {
    const state = this.state;
    if (state instanceof PyDict) return state;
    if (state instanceof PyTuple && state.items.length === 2 && state.items[0] instanceof PyDict) return state.items[0];
    return undefined;
  }
}

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** dict: a Map, so that no key of the file ever lands on a JS prototype. */
export class PyDict {
  readonly map = new Map<PyValue, PyValue>();

  get(key: string): PyValue | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }
}

export class PySet {
  constructor(
    readonly items: PyValue[],
    readonly frozen: boolean,
  ) {}
}

export class PyBytes {
  constructor(
    readonly data: Uint8Array,
    readonly mutable: boolean,
  ) {}
}

export class PySlice {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {}
}

/** list: a plain JS array (APPEND mutates it in place, as Python's list). */
export type PyList = PyValue[];

export type PyValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | PyBytes
  | PyTuple
  | PyList
  | PyDict
  | PySet
  | PySlice
  | PyGlobal
  | PyObject
  | NdArray
  | DType;
