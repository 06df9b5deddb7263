import type { GridEntry, ModelSettings } from './artifact.ts';
import { accuracy, mean, populationStd } from './metrics.ts';
import { Pipeline } from './pipeline.ts';
import { stratifiedKFold } from './split.ts';

/**
 * The default search space. ml-logistic-regression sums (not averages) its gradient
 * and has no early stopping, so cost grows with numSteps alone: ~90 µs a step on
 * iris here. Larger learning rates with a few hundred steps reach what its default
 * (5e-4, 50 000 steps, ~8 s a fit) reaches, so the whole grid fits in ~3 s.
 */
export const DEFAULT_GRID: ModelSettings[] = (['standard', 'minmax'] as const).flatMap((scaler) =>
  [100, 400, 1600].flatMap((numSteps) => [0.01, 0.05].map((learningRate) => ({ scaler, numSteps, learningRate }))),
);

export interface GridSearchOptions {
  grid: ModelSettings[];
  folds: number;
  random: () => number;
  onProgress?: (done: number, total: number, settings: ModelSettings) => void;
}

export interface GridSearchResult {
  best: ModelSettings;
  entries: GridEntry[];
}

/**
 * GridSearchCV: every setting is scored by stratified k-fold accuracy on the same folds;
 * the best mean wins, ties going to the earlier (cheaper) setting as rank_test_score does.
 */
export function gridSearch(X: number[][], y: number[], classCount: number, options: GridSearchOptions): GridSearchResult {
  const folds = stratifiedKFold(y, options.folds, options.random);
  const total = options.grid.length * folds.length;
  let done = 0;
  const scored = options.grid.map((settings) => {
    const foldAccuracies = folds.map(({ train, test }) => {
      const pipeline = new Pipeline(settings).fit(
        train.map((i) => X[i]),
        train.map((i) => y[i]),
        classCount,
      );
      const score = accuracy(
        test.map((i) => y[i]),
        pipeline.predict(test.map((i) => X[i])),
      );
      options.onProgress?.(++done, total, settings);
      return score;
    });
    return { ...settings, cvMean: mean(foldAccuracies), cvStd: populationStd(foldAccuracies), foldAccuracies };
  });
  const entries = scored.map((entry) => ({
    ...entry,
    rank: 1 + scored.filter((other) => other.cvMean > entry.cvMean).length,
  }));
  const bestIndex = entries.findIndex((entry) => entry.rank === 1);
  const { scaler, numSteps, learningRate } = entries[bestIndex];
  return { best: { scaler, numSteps, learningRate }, entries };
}
