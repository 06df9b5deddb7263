import type { ModelSettings } from './artifact.ts';
import { argmax, predictProbaRows, type LinearModel } from './inference.ts';
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
    const flat = predictProbaRows(this.model, X);
    const classes = this.model.classifier.intercepts.length;
    return X.map((_, i) => Array.from(flat.subarray(i * classes, (i + 1) * classes)));
  }

  predict(X: readonly (readonly number[])[]): number[] {
    return this.predictProba(X).map((row) => argmax(row));
  }
}
