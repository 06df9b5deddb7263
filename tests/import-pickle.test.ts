// The pickle machine and numpy decoding on their own: every array layout numpy and
// joblib write (arrays_*.pkl, made by generate.py), Python's values, the opcodes the
// kit refuses, and dict keys that must never reach a JS prototype.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelImportError } from '../pipeline/import/import-error.ts';
import { NdArray, recordField } from '../pipeline/import/numpy-array.ts';
import { PyBytes, PyDict, PySet, PySlice, PyTuple, type PyValue } from '../pipeline/import/py-values.ts';
import { readPickle } from '../pipeline/import/read-pickle.ts';
import { floatRepr, strRepr } from '../pipeline/import/sklearn/py-repr.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'pickles');
const expected = JSON.parse(readFileSync(join(DIR, 'arrays.json'), 'utf8'));

function root(file: string): PyDict {
  const value = readPickle(readFileSync(join(DIR, file))).root;
  assert.ok(value instanceof PyDict);
  return value;
}

function array(dict: PyDict, key: string): NdArray {
  const value = dict.get(key);
  assert.ok(value instanceof NdArray, key);
  return value;
}

for (const file of ['arrays_joblib.pkl', 'arrays_p2.pkl', 'arrays_p5.pkl']) {
  test(`${file}: every array layout decodes to C-order typed arrays`, () => {
    const d = root(file);
    const f8 = array(d, 'f8_be');
    assert.ok(f8.data instanceof Float64Array);
    assert.deepEqual(Array.from(f8.data), expected.f8_be);
    const fortran = array(d, 'fortran');
    assert.deepEqual(fortran.shape, [2, 3]);
    assert.deepEqual(Array.from(fortran.data as Float64Array), expected.fortran.flat());
    const fortranI4 = array(d, 'fortran_i4');
    assert.ok(fortranI4.data instanceof Int32Array);
    assert.deepEqual(fortranI4.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(fortranI4.data), expected.fortran_i4);
    const i8 = array(d, 'i8');
    assert.ok(i8.data instanceof BigInt64Array);
    assert.deepEqual(Array.from(i8.data, String), expected.i8);
    assert.deepEqual(Array.from(array(d, 'u2_be').data as Uint16Array), expected.u2_be);
    const f4 = array(d, 'f4');
    assert.ok(f4.data instanceof Float32Array);
    assert.deepEqual(Array.from(f4.data), expected.f4);
    assert.deepEqual(Array.from(array(d, 'bool').data as Uint8Array), expected.bool);
    assert.deepEqual(array(d, 'text').data, expected.text);
    assert.deepEqual(array(d, 'objects').data, ['x', 1n, null, 2.5]);
    const records = array(d, 'records');
    assert.deepEqual(records.dtype.fields!.map((f) => f.name), ['a', 'b', 'c']);
    assert.deepEqual(Array.from(recordField(records, 'a'), Number), expected.records.a);
    assert.deepEqual(Array.from(recordField(records, 'b') as Float64Array), expected.records.b);
    assert.deepEqual(Array.from(recordField(records, 'c') as Uint8Array), expected.records.c);
    const zeroD = array(d, 'zero_d');
    assert.deepEqual([zeroD.shape, Array.from(zeroD.data as Float64Array)], [[], [7.25]]);
    assert.deepEqual([array(d, 'empty').shape, array(d, 'empty').data.length], [[0, 3], 0]);
  });

  test(`${file}: Python's values and numpy scalars`, () => {
    const d = root(file);
    assert.equal(d.get('f8_scalar'), 0.1);
    assert.equal(d.get('i8_scalar'), -3n);
    assert.equal(d.get('bool_scalar'), true);
    assert.equal(d.get('big_int'), 2n ** 70n);
    const set = d.get('set');
    assert.ok(set instanceof PySet && !set.frozen);
    assert.deepEqual([...set.items].sort(), [1n, 2n]);
    const frozen = d.get('frozenset');
    assert.ok(frozen instanceof PySet && frozen.frozen);
    assert.deepEqual(frozen.items, ['a']);
    const bytes = d.get('bytes');
    assert.ok(bytes instanceof PyBytes && !bytes.mutable);
    assert.deepEqual(Array.from(bytes.data), [0, 255]);
    const bytearray = d.get('bytearray');
    assert.ok(bytearray instanceof PyBytes && bytearray.mutable);
    const slice = d.get('slice');
    assert.ok(slice instanceof PySlice);
    assert.deepEqual([slice.start, slice.stop, slice.step], [1n, 5n, null]);
    const tuple = d.get('tuple');
    assert.ok(tuple instanceof PyTuple);
    assert.deepEqual(tuple.items, [1n, 2.0, 'three', null, true]);
  });

  test(`${file}: a '__proto__' key stays a key`, () => {
    const d = root(file);
    const inner = d.get('__proto__');
    assert.ok(inner instanceof PyDict);
    assert.equal(inner.get('polluted'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(d.map), Map.prototype);
  });
}

function refused(bytes: number[] | Buffer): string {
  try {
    readPickle(Buffer.isBuffer(bytes) ? bytes : Uint8Array.from(bytes));
  } catch (error) {
    assert.ok(error instanceof ModelImportError, String(error));
    return error.message;
  }
  assert.fail('read');
}

test('opcodes and forms the kit refuses, each with its reason', () => {
  assert.match(refused([0x80, 0x05, 0x97, 0x2e]), /out-of-band buffers \(pickle protocol 5 with buffer_callback\)/);
  assert.match(refused([0x80, 0x05, 0x98, 0x2e]), /out-of-band buffers/);
  assert.match(refused([0x80, 0x06, 0x4e, 0x2e]), /pickle protocol 6 is newer than this kit reads/);
  assert.match(refused([0x80, 0x04, 0xff]), /corrupt at byte 2: unknown opcode 0xff/);
  assert.match(refused([0x80, 0x04, 0x4e, 0x51, 0x2e]), /persistent objects outside it/);
  assert.match(refused([0x80, 0x02, 0x82, 0x01, 0x2e]), /copyreg extension codes/);
  assert.match(refused([0x80, 0x02, 0x53]), /protocol 0\/1 text pickle/);
  assert.match(refused([0x80, 0x02, 0x30, 0x2e]), /nothing to take from the stack/);
  assert.match(refused([0x80, 0x02, 0x68, 0x05, 0x2e]), /memo entry 5 was never stored/);
  assert.match(refused([0x80, 0x02, 0x4e]), /truncated/);
  // A name off the allow-list read but dropped from the value is refused all the same.
  assert.match(refused(Buffer.from('\x80\x02cos\nsystem\n0N.', 'latin1')), /^os\.system is not supported/);
  // Calling a name that is only ever referred to.
  assert.match(refused(Buffer.from('\x80\x02cbuiltins\nobject\n)R.', 'latin1')), /calls builtins\.object, which no model file does/);
  // A nested class off the list gets its path.
  assert.match(refused(Buffer.from('\x80\x02}X\x01\x00\x00\x00k]csubprocess\nPopen\n)Ras.', 'latin1')), /^\['k'\]\[0\]: subprocess\.Popen is not supported/);
});

test('Python reprs as scikit-learn prints parameters', () => {
  const cases: [number, string][] = [[1, '1.0'], [0.5, '0.5'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e-9, '1e-09'], [1e16, '1e+16'], [123456789012345680, '1.2345678901234568e+17'], [-2.5e-7, '-2.5e-07'], [NaN, 'nan'], [Infinity, 'inf'], [100, '100.0'], [0.3, '0.3']];
  for (const [x, text] of cases) assert.equal(floatRepr(x), text);
  assert.equal(strRepr("it's"), '"it\'s"');
  assert.equal(strRepr('a\nb'), "'a\\nb'");
  const value: PyValue = 1n;
  assert.equal(typeof value, 'bigint');
});
