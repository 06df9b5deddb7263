// How the kit reads the CSVs people have: delimiters, missing markers, column roles,
// identifiers, labels, and that preprocessing is fitted on training folds only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatasetError, parseCsvDataset, type LoadOptions } from '../pipeline/data/csv.ts';
import { detectDelimiter } from '../pipeline/data/delimiter.ts';
import { stratifiedKFold } from '../pipeline/data/split.ts';
import { foldPreprocessing } from '../pipeline/selection/cv-unit.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { median } from '../pipeline/preprocess/imputers.ts';

const parse = (text: string, options: LoadOptions = {}) => parseCsvDataset(Buffer.from(text), 'data.csv', options);
const refused = (text: string, pattern: RegExp, options: LoadOptions = {}) =>
  assert.throws(() => parse(text, options), (error: unknown) => error instanceof DatasetError && pattern.test(error.message));

/** `rows` lines of a header-less body from a row function. */
const lines = (rows: number, row: (i: number) => string) => Array.from({ length: rows }, (_, i) => row(i)).join('\n');

test('the delimiter is detected among , ; tab |, and quoted separators do not count', () => {
  assert.equal(detectDelimiter('a;b;c\n1;2;3\n'), ';');
  assert.equal(detectDelimiter('a\tb\tc\n1\t2,5\t3\n'), '\t');
  assert.equal(detectDelimiter('a|b\n1|2\n'), '|');
  assert.equal(detectDelimiter('"x,y";b;c\n"1,2";2;3\n'), ';');
  assert.equal(detectDelimiter('a,b\n1,2\n'), ',');
  // European decimals: commas inside values, semicolons between them.
  assert.equal(parse('a;b;label\n1,5;2;x\n3,5;4;y\n').delimiter, ';');
});

test('a file that parses to one column says which delimiter was tried and what the header was', () => {
  refused('a b c\n1 2 x\n', /^data\.csv:1: need at least one feature column and one label column; with the delimiter "," the header is one column, "a b c" \(pass --delimiter/);
  refused('a;b;label\n1;2;x\n', /with the delimiter "," the header is one column, "a;b;label"/, { delimiter: ',' });
});

test('missing markers: empty, NA, N/A, NaN, null, ? in any case; --na replaces the list', () => {
  const data = parse('a,b,label\n1,x,p\n,y,q\nNA,?,p\nn/a,NULL,q\nNaN,z,p\n6,x,q\n');
  assert.equal(data.columns[0].missing, 4);
  assert.deepEqual(data.columns[0].missingLines, [3, 4, 5, 6]);
  assert.equal(data.columns[1].missing, 2);
  assert.deepEqual(data.columns[1].levels, ['x', 'y', 'z']);
  const custom = parse('a,b,label\n1,x,p\n-999,NA,q\n3,y,p\n', { na: ['-999'] });
  assert.equal(custom.columns[0].missing, 1);
  assert.deepEqual(custom.columns[1].levels, ['x', 'NA', 'y'], 'NA is a category once --na does not list it');
});

test('a text column is categorical; a mostly numeric one with a stray word is too, with a notice naming the cell', () => {
  const rows = lines(30, (i) => `${i % 9},${i === 7 ? 'unknown' : (i % 6) * 1.5},${i % 2 ? 'red' : 'blue'},${i % 2}`);
  const data = parse(`a,b,color,label\n${rows}\n`);
  assert.deepEqual(data.columns.map((column) => column.kind), ['numeric', 'categorical', 'categorical']);
  assert.match(data.notices.join('\n'), /column "b" read as categorical: 1 cell\(s\) are not numbers, the first "unknown" on line 9; if they mean "missing", list them with --na/);
});

test('identifiers are dropped with a notice: distinct text, increasing whole numbers, a shuffled 1…n; --features keeps one', () => {
  const body = lines(25, (i) => `id-${i},${100 + i * 3},${((i * 7) % 25) + 1},${i % 4},${(i * 0.37) % 1},${i % 2}`);
  const text = `name,row,shuffled,small,value,label\n${body}\n`;
  const data = parse(text);
  assert.deepEqual(data.featureNames, ['small', 'value']);
  assert.deepEqual(
    data.dropped.map((entry) => entry.reason),
    ['identifier (every value is distinct text)', 'identifier (whole numbers increasing row by row)', 'identifier (every whole number from 1 to 25, once each)'],
  );
  assert.equal(data.notices.length, 3);
  assert.deepEqual(parse(text, { features: ['row', 'small'] }).featureNames, ['row', 'small']);
  // Too few rows to tell an identifier from a feature: kept.
  assert.deepEqual(parse('name,label\na,x\nb,y\nc,x\n').featureNames, ['name']);
});

test('a constant column is dropped with a notice; --drop and --categorical do what they say; unknown names are refused', () => {
  const text = 'a,b,c,label\n1,5,0,x\n2,5,1,y\n1,5,0,x\n2,5,1,y\n';
  const data = parse(text);
  assert.deepEqual(data.featureNames, ['a', 'c']);
  assert.match(data.notices[0], /column "b" dropped: constant: one value in every row/);
  assert.deepEqual(parse(text, { drop: ['a'] }).featureNames, ['c']);
  const categorical = parse(text, { categorical: ['c'] });
  assert.equal(categorical.columns[1].kind, 'categorical');
  assert.deepEqual(categorical.columns[1].levels, ['0', '1']);
  refused(text, /^--drop: data\.csv has no column "z" \(columns: a, b, c, label\)$/, { drop: ['z'] });
  refused(text, /^--features: "label" is the label column \(the target\), not a feature$/, { features: ['label'] });
  refused(text, /no feature column is left \(a: --drop; b: constant: one value in every row; c: --drop\)/, { drop: ['a', 'c'] });
});

test('labels keep their type: whole numbers sort numerically and are integers; 007 or 1.5 stay text', () => {
  const ints = parse('a,label\n1,10\n2,2\n3,1\n4,10\n');
  assert.deepEqual(ints.classes, ['1', '2', '10']);
  assert.equal(ints.labelType, 'integer');
  assert.deepEqual(Array.from(ints.y), [2, 1, 0, 2]);
  assert.equal(parse('a,label\n1,007\n2,2\n').labelType, 'string');
  assert.equal(parse('a,label\n1,1.5\n2,2\n').labelType, 'string');
  assert.equal(parse('a,label\n1,yes\n2,no\n').labelType, 'string');
});

test('with --impute none every missing cell is listed (up to 20), not only the first', () => {
  const body = lines(80, (i) => `${i % 5 === 0 ? '' : i % 7},${i % 3 === 0 ? 'NA' : i % 4},${i % 2}`);
  const data = parse(`a,b,label\n${body}\n`);
  assert.throws(
    () => planColumns(data, { numericImpute: 'none' }),
    (error: Error) => {
      // 16 cells in a, 27 in b: the first 20 by line, then the count of the rest.
      assert.match(error.message, /^data\.csv: 43 missing cell\(s\) where imputation is off \(--impute none\): line 2 column "a", line 2 column "b", line 5 column "b", line 7 column "a", /);
      assert.equal(error.message.match(/line \d+ column/g)!.length, 20);
      assert.match(error.message, / and 23 more; fill them in/);
      return true;
    },
  );
  assert.equal(planColumns(data).options.numericImpute, 'median', 'imputed by default');
  assert.equal(planColumns(parse('a,label\n1,x\n2,y\n')).options.numericImpute, 'none', 'no imputer where nothing is missing');
});

test('no leakage: each fold imputes and scales with statistics of its training rows only', () => {
  // Column a: small values, gaps everywhere; the last rows hold huge values.
  const rows = lines(40, (i) => `${i % 4 === 1 ? '' : i >= 32 ? 1000 + i : i % 6},${i % 5},${i % 2}`);
  const data = parse(`a,b,label\n${rows}\n`);
  const testFolds = stratifiedKFold(data.y, 5);
  const cv = { X: data.X, y: data.y, task: { task: 'classification' as const, classes: data.classes }, testFolds, plan: planColumns(data), seed: 0 };
  for (let fold = 0; fold < 5; fold++) {
    const { inputs, scaler } = foldPreprocessing(cv, fold, 'standard');
    const observed = Float64Array.from(
      Array.from({ length: data.X.rows }, (_, i) => i).filter((i) => testFolds[i] !== fold && !Number.isNaN(data.X.data[i * 2])),
      (i) => data.X.data[i * 2],
    );
    assert.equal(inputs[0].impute!.value, median(observed), `fold ${fold}: the median of its training rows`);
    const trainRows = Array.from({ length: data.X.rows }, (_, i) => i).filter((i) => testFolds[i] !== fold);
    const filled = trainRows.map((i) => (Number.isNaN(data.X.data[i * 2]) ? median(observed) : data.X.data[i * 2]));
    const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
    assert.ok(Math.abs(scaler.center![0] - mean) < 1e-9, `fold ${fold}: the scaler's mean of its imputed training rows`);
  }
});
