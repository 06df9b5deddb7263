// A regressor's splits as scikit-learn makes them: train_test_split shuffled but not
// stratified (there are no classes), and GridSearchCV(cv=k)'s KFold(k) without shuffling:
// consecutive folds, the first n mod k one row larger.
import { seededRandom, shuffleInPlace } from '../../data/split.ts';

export function shuffledTrainTestSplit(rows: number, testSize: number, seed: number): { train: number[]; test: number[] } {
  if (testSize === 0) return { train: Array.from({ length: rows }, (_, i) => i), test: [] };
  const order = shuffleInPlace(Array.from({ length: rows }, (_, i) => i), seededRandom(seed));
  const testRows = Math.ceil(rows * testSize);
  return { train: order.slice(testRows), test: order.slice(0, testRows).sort((a, b) => a - b) };
}

/** The test fold of each row under KFold(k, shuffle=False). */
export function kFold(rows: number, k: number): Int32Array {
  const folds = new Int32Array(rows);
  const base = Math.floor(rows / k);
  const larger = rows % k;
  for (let fold = 0, at = 0; fold < k; fold++) {
    const size = base + (fold < larger ? 1 : 0);
    folds.fill(fold, at, at + size);
    at += size;
  }
  return folds;
}
