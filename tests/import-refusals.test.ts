// What the import refuses, and how it says so: exploits (nothing runs: the marker
// file their command would make never appears), nesting and size bombs, truncated
// files, classes it does not read (named with their path), other scikit-learn
// versions, and compressors it does not inflate.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { importSklearnModel, importSklearnModelFile, ModelImportError } from '../pipeline/import/index.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'pickles');
// The path generate.py's exploits `touch` when Python's pickle.load runs them.
const MARKER = '/tmp/tabular-kit-pickle-exploit-marker';

function refusal(file: string): string {
  try {
    importSklearnModelFile(join(DIR, file));
  } catch (error) {
    assert.ok(error instanceof ModelImportError, `${file}: ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `${file}: one line`);
    return error.message;
  }
  assert.fail(`${file} was read`);
}

function bytesRefusal(bytes: Uint8Array): string {
  try {
    importSklearnModel(bytes);
  } catch (error) {
    assert.ok(error instanceof ModelImportError, String(error));
    return error.message;
  }
  assert.fail('read');
}

test('os.system via REDUCE: refused by name, and nothing runs', () => {
  rmSync(MARKER, { force: true });
  assert.match(readFileSync(join(DIR, 'hostile', 'os_system.pkl')).toString('latin1'), /posix[\s\S]*system[\s\S]*touch/);
  assert.equal(refusal('hostile/os_system.pkl'), 'os_system.pkl: posix.system is not supported (a model file may refer only to scikit-learn estimators and numpy arrays; nothing in it is run)');
  assert.equal(existsSync(MARKER), false);
});

test('builtins.eval via REDUCE: refused by name, and nothing runs', () => {
  rmSync(MARKER, { force: true });
  assert.match(refusal('hostile/eval.pkl'), /^eval\.pkl: builtins\.eval is not supported/);
  assert.equal(existsSync(MARKER), false);
});

const TOO_DEEP = 'the pickle nests objects more than 10000 levels deep (a scikit-learn model nests a few dozen; not a real model file)';

test('10^6 nesting levels (lists on the stack, and MARKs) are refused, compressed or not', () => {
  assert.equal(refusal('hostile/nested_lists.pkl'), 'nested_lists.pkl: the pickle holds more than 100000 values at once (nested too deeply, or not a real model file)');
  assert.equal(refusal('hostile/nested_marks.pkl'), 'nested_marks.pkl: the pickle opens more than 10000 MARKs at once (a scikit-learn model opens a few dozen; not a real model file)');
});

test('10^6 levels on a stack of one, built bottom-up (tuples) or top-down (lists through the memo), are refused at 10^4 levels', () => {
  assert.equal(refusal('hostile/nested_tuples.pkl'), `nested_tuples.pkl: ${TOO_DEEP}`);
  assert.equal(refusal('hostile/nested_memo.pkl'), `nested_memo.pkl: ${TOO_DEEP}`);
});

test('10^6 levels nested through a memo entry per level are refused', () => {
  // EMPTY_LIST, MEMOIZE, APPEND into the one below, POP it, LONG_BINGET the new one: one level each.
  const levels = 1_000_000;
  const body = Buffer.alloc(levels * 9);
  for (let i = 0; i < levels; i++) {
    const o = i * 9;
    body[o] = 0x5d; // ]
    body[o + 1] = 0x94; // MEMOIZE as i + 1
    body[o + 2] = 0x61; // APPEND
    body[o + 3] = 0x30; // POP
    body[o + 4] = 0x6a; // LONG_BINGET
    body.writeUInt32LE(i + 1, o + 5);
  }
  // Then the outermost list (memo 0) is the value.
  const pickle = Buffer.concat([Buffer.from([0x80, 0x04, 0x5d, 0x94]), body, Buffer.from([0x6a, 0, 0, 0, 0, 0x2e])]);
  assert.equal(bytesRefusal(pickle), TOO_DEEP);
});

test('nesting the machine cannot see as it builds (pieces linked afterwards) is refused by the walk of the finished graph', () => {
  // 20 000 pairs [a_i, [b_i]] made first, then each b_i given a_(i+1): one chain of 40 000 lists.
  const pairs = 20_000;
  const parts: number[] = [0x80, 0x04];
  const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  for (let i = 0; i < pairs; i++) parts.push(0x5d, 0x94, 0x5d, 0x94, 0x61, 0x30); // a_i (memo 2i), b_i (memo 2i+1) into it, POP
  for (let i = 0; i + 1 < pairs; i++) parts.push(0x6a, ...u32(2 * i + 1), 0x6a, ...u32(2 * i + 2), 0x61, 0x30); // b_i.append(a_(i+1))
  parts.push(0x6a, ...u32(0), 0x2e);
  assert.equal(bytesRefusal(Uint8Array.from(parts)), TOO_DEEP);
});

test('a truncated file, and 1 GB declared in a file of a few bytes, are refused before anything is allocated', () => {
  assert.equal(refusal('hostile/truncated.pkl'), 'truncated.pkl: the file ends at byte 1047 in the middle of the pickle: it is truncated');
  assert.equal(refusal('hostile/huge_array.pkl'), 'huge_array.pkl: a numpy <f8 array of shape (125000000,) declares 1.0 GB but the file has only 17 bytes left: it is truncated or not a real model file');
  assert.equal(refusal('hostile/huge_bytes.pkl'), 'huge_bytes.pkl: a bytes object declares 1.1 GB at byte 11 but the file has only 17 bytes left: it is truncated or not a real model file');
  // Every cut of a real file is refused with a message, never read or crashed.
  const whole = readFileSync(join(DIR, 'mixed.pkl'));
  for (let cut = 1; cut < whole.length; cut += 7) assert.ok(bytesRefusal(whole.subarray(0, cut)).length > 0);
});

test('a class the kit does not read is named with where it sits', () => {
  assert.equal(
    refusal('unsupported.pkl'),
    'unsupported.pkl: steps[1].model: sklearn.ensemble.GradientBoostingClassifier is not supported (the kit reads Pipeline, GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV, ColumnTransformer, SimpleImputer, OneHotEncoder, StandardScaler, MinMaxScaler, LogisticRegression, SVC, KNeighborsClassifier, DecisionTreeClassifier, RandomForestClassifier, GaussianNB, LinearRegression, Ridge, Lasso and ElasticNet)',
  );
});

test('what the kit reads but cannot serve is refused with its path and what to do', () => {
  assert.equal(refusal('refused_svc.pkl'), 'refused_svc.pkl: steps[1].classifier: SVC was fitted with probability=False, so it has no predict_proba: fit it with SVC(probability=True)');
  assert.equal(refusal('refused_refit.pkl'), 'refused_refit.pkl: GridSearchCV has no best_estimator_ (fitted with refit=False, or not fitted): refit it, or save search.best_estimator_');
  assert.equal(refusal('refused_chebyshev.pkl'), "refused_chebyshev.pkl: steps[1].classifier.effective_metric_: metric 'chebyshev' is not supported (minkowski, euclidean and manhattan are)");
  assert.equal(refusal('refused_unfitted.pkl'), 'refused_unfitted.pkl: steps[0].scaler.mean_: missing: is this StandardScaler fitted?');
});

test('a scikit-learn version outside 1.0-1.6 is refused, naming it', () => {
  assert.equal(refusal('version_0_24.pkl'), 'version_0_24.pkl: Pipeline was saved by scikit-learn 0.24.2; the kit reads models of scikit-learn 1.0 to 1.6');
});

test('compressors joblib offers beyond zlib and gzip are named; other files are told apart', () => {
  const cases: [number[], RegExp][] = [
    [[0x42, 0x5a, 0x68, 0x39], /bz2-compressed/],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /xz-compressed/],
    [[0x5d, 0x00, 0x00, 0x80, 0x00], /lzma-compressed/],
    [[0x04, 0x22, 0x4d, 0x18, 0x64], /lz4-compressed/],
    [[0x5a, 0x46, 0x30, 0x78], /joblib before 0\.10/],
    [[0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], /numpy \.npy array/],
    [[0x28, 0x6c, 0x70], /not a pickle of protocol 2 to 5/],
    [[], /the file is empty/],
  ];
  for (const [bytes, message] of cases) assert.match(bytesRefusal(Uint8Array.from(bytes)), message);
  assert.match(bytesRefusal(Uint8Array.from([0x78, 0x9c, 1, 2, 3])), /zlib-compressed file is damaged or truncated/);
});

test('a compressed file that inflates past the bound is refused', () => {
  const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
  assert.ok(bomb.length < 100_000);
  assert.throws(() => importSklearnModel(bomb, { maxBytes: 16 * 1024 * 1024 }), /zlib-compressed file inflates to more than 16\.8 MB/);
});

test('the file itself: missing, or past the size bound', () => {
  assert.throws(() => importSklearnModelFile(join(DIR, 'no-such.pkl')), /^ModelImportError: no-such\.pkl: cannot read the file \(ENOENT\)$/);
  assert.throws(() => importSklearnModelFile(join(DIR, 'iris.pkl'), { maxBytes: 100 }), /iris\.pkl: the file is 2\.1 KB, more than the 100 bytes the kit reads/);
});
