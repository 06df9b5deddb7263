// Text is ordered as Python orders it (by code point), for labels, categories and the
// most-frequent tie: what scikit-learn 1.2.1 printed for these values (np.unique,
// OneHotEncoder.categories_, SimpleImputer(strategy="most_frequent").statistics_):
//   sorted(['～', '😀', 'a', '\ue000', 'z']) == ['a', 'z', '\ue000', '～', '😀']
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCodePoints } from '../pipeline/data/text-order.ts';
import { labelsOf } from '../pipeline/data/labels.ts';
import { mostFrequentCategory } from '../pipeline/preprocess/imputers.ts';
import { fitColumnTransformer } from '../pipeline/preprocess/column-transformer.ts';
import { matrixFromRows } from '../pipeline/data/matrix.ts';

const PYTHON_ORDER = ['a', 'z', '\ue000', '\uff5e', '\u{1f600}'];

test('labels sort as np.unique sorts them: a character above U+FFFF after U+E000–U+FFFF', () => {
  const levels = ['\uff5e', '\u{1f600}', 'a', '\ue000', 'z'];
  const { classes, y } = labelsOf(levels, Int32Array.from([0, 1, 2, 3, 4]));
  assert.deepEqual(classes, PYTHON_ORDER);
  assert.deepEqual(Array.from(y), [3, 4, 0, 2, 1]);
  assert.deepEqual([...levels].sort(compareCodePoints), PYTHON_ORDER);
  assert.equal(compareCodePoints('ab', 'a'), 1);
  assert.equal(compareCodePoints('a', 'a'), 0);
});

test("OneHotEncoder's categories and the most-frequent tie follow code points too", () => {
  const counts = new Map([['\u{1f600}', 2], ['\uff5e', 2]]);
  assert.equal(mostFrequentCategory(counts), '\uff5e');
  const column = { name: 'c', kind: 'categorical' as const, levels: ['\u{1f600}', '\uff5e'], missing: 1, missingLines: [4] };
  const [input] = fitColumnTransformer(matrixFromRows([[0], [1], [0], [1], [NaN]]), { columns: [column], options: { numericImpute: 'none', categoricalImpute: 'most_frequent', maxCategories: 20 } });
  assert.deepEqual(input.categories, ['\uff5e', '\u{1f600}']);
  assert.equal(input.impute?.category, '\uff5e');
});
