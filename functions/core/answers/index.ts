// Every task's answerer, by the model's task. The build replaces this module with one
// that lists only the embedded model's task (scripts/build.ts).
import { classificationAnswerer } from './classification.ts';
import { regressionAnswerer } from './regression.ts';

export const ANSWERERS = {
  classification: classificationAnswerer,
  regression: regressionAnswerer,
};
