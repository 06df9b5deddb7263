// fitPipeline for a classifier, as the tests fit one directly: the classification task
// of `classCount` classes, and the fitted model in the artifact's shape.
import type { Matrix } from '../../pipeline/data/matrix.ts';
import type { Classifier } from '../../pipeline/models/classifier.ts';
import { fitPipeline, type PipelineSettings } from '../../pipeline/pipeline.ts';
import type { ColumnPlan } from '../../pipeline/preprocess/column-transformer.ts';
import { createTask } from '../../pipeline/tasks/index.ts';

export function classificationTaskOf(classCount: number) {
  return createTask({ task: 'classification', classes: Array.from({ length: classCount }, (_, k) => String(k)) });
}

export function fitClassifierPipeline(X: Matrix, y: Int32Array, classCount: number, settings: PipelineSettings, plan: ColumnPlan, seed: number) {
  const fitted = fitPipeline(X, y, classificationTaskOf(classCount), settings, plan, seed);
  return { ...fitted, model: { inputs: fitted.inputs, scaler: fitted.scaler, classifier: fitted.estimator as Classifier } };
}
