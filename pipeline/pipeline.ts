import type { ModelSettings } from './artifact.ts';
import { predictProbaRow, argmax, type LinearModel } from './inference.ts';
import { fitLogisticRegression } from './logistic.ts';
import { fitScaler } from './scalers.ts';

/** scikit-learn's Pipeline([scaler, LogisticRegression()]): fit on rows, predict rows. */
export class Pipeline {
  #model: LinearModel | undefined;

  constructor(readonly settings: ModelSettings) {}

  fit(X: number[][], y: number[], classCount: number): this {
    const scaler = fitScaler[this.settings.scaler](X);
    const scaled = X.map((row) => row.map((value, j) => (value - scaler.center[j]) / scaler.scale[j]));
    const classifier = fitLogisticRegression(scaled, y, classCount, this.settings);
    this.#model = { scaler, classifier };
    return this;
  }

  get model(): LinearModel {
    if (!this.#model) throw new Error('the pipeline is not fitted yet: call fit() first');
    return this.#model;
  }

  predictProba(X: readonly (readonly number[])[]): number[][] {
    const model = this.model;
    return X.map((row) => predictProbaRow(model, row));
  }

  predict(X: readonly (readonly number[])[]): number[] {
    return this.predictProba(X).map(argmax);
  }
}
