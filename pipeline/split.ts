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

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** Row indexes grouped by class, each group shuffled. */
function shuffledByClass(y: readonly number[], random: () => number): number[][] {
  const groups: number[][] = [];
  y.forEach((label, index) => (groups[label] ??= []).push(index));
  return groups.map((group) => shuffled(group, random));
}

export interface TrainTestSplit {
  train: number[];
  test: number[];
}

/**
 * Stratified shuffle split as scikit-learn's train_test_split(stratify=y) does it:
 * ceil(n * testSize) test rows, shared among classes in proportion to their size
 * (largest remainders get the leftover rows).
 */
export function stratifiedTrainTestSplit(y: readonly number[], testSize: number, random: () => number): TrainTestSplit {
  const groups = shuffledByClass(y, random);
  const testTotal = Math.ceil(y.length * testSize);
  const exact = groups.map((group) => (group.length * testTotal) / y.length);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((value, k) => k).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let i = 0; i < testTotal - counts.reduce((sum, count) => sum + count, 0); i++) counts[byRemainder[i]]++;
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((group, k) => {
    test.push(...group.slice(0, counts[k]));
    train.push(...group.slice(counts[k]));
  });
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Stratified k-fold: each class's shuffled rows are dealt round-robin, so every fold holds every class. */
export function stratifiedKFold(y: readonly number[], folds: number, random: () => number): TrainTestSplit[] {
  const foldMembers: number[][] = Array.from({ length: folds }, () => []);
  let dealt = 0;
  for (const group of shuffledByClass(y, random)) {
    for (const index of group) foldMembers[dealt++ % folds].push(index);
  }
  return foldMembers.map((members, fold) => ({
    train: foldMembers.filter((_, other) => other !== fold).flat().sort((a, b) => a - b),
    test: [...members].sort((a, b) => a - b),
  }));
}
