/** mulberry32: a small, fast, seedable PRNG, so that a seed reproduces a split on any machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export interface TrainTestSplit {
  /** Training rows in shuffled order, as train_test_split returns them. */
  train: number[];
  test: number[];
}

/**
 * Stratified shuffle split as scikit-learn's train_test_split(stratify=y) does it:
 * ceil(n * testSize) test rows, shared among classes in proportion to their size
 * (largest remainders get the leftover rows). testSize 0 keeps every row for training.
 */
export function stratifiedTrainTestSplit(y: ArrayLike<number>, testSize: number, random: () => number): TrainTestSplit {
  const groups: number[][] = [];
  for (let i = 0; i < y.length; i++) (groups[y[i]] ??= []).push(i);
  for (const group of groups) if (group) shuffleInPlace(group, random);
  const testTotal = Math.ceil(y.length * testSize);
  const exact = groups.map((group) => ((group?.length ?? 0) * testTotal) / y.length);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((_, k) => k).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let i = 0; i < testTotal - counts.reduce((sum, count) => sum + count, 0); i++) counts[byRemainder[i]]++;
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((group, k) => {
    if (!group) return;
    // One by one: spreading a class of 10^5+ rows into push() overflows the call stack.
    for (let i = 0; i < group.length; i++) (i < counts[k] ? test : train).push(group[i]);
  });
  return { train: shuffleInPlace(train, random), test: test.sort((a, b) => a - b) };
}

/**
 * scikit-learn's StratifiedKFold(n_splits=k) without shuffling, as GridSearchCV(cv=k)
 * uses it: the test fold of every row. Classes are taken in order of first
 * appearance; each class's rows, in order, fill folds in blocks sized by dealing the
 * sorted labels round-robin.
 */
export function stratifiedKFold(y: ArrayLike<number>, folds: number): Int32Array {
  const order = new Map<number, number>();
  for (let i = 0; i < y.length; i++) if (!order.has(y[i])) order.set(y[i], order.size);
  const counts = new Array<number>(order.size).fill(0);
  for (let i = 0; i < y.length; i++) counts[order.get(y[i])!]++;
  // allocation[f][k]: rows of class k in fold f, from the sorted labels dealt round-robin.
  const allocation = Array.from({ length: folds }, () => new Array<number>(order.size).fill(0));
  let position = 0;
  counts.forEach((count, k) => {
    for (let c = 0; c < count; c++, position++) allocation[position % folds][k]++;
  });
  const next = counts.map(() => ({ fold: 0, used: 0 }));
  const testFolds = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = order.get(y[i])!;
    const cursor = next[k];
    while (cursor.used >= allocation[cursor.fold][k]) {
      cursor.fold++;
      cursor.used = 0;
    }
    testFolds[i] = cursor.fold;
    cursor.used++;
  }
  return testFolds;
}
