// Every task's serving side: what its model file must hold beyond the common fields.
// The build replaces this module with one that lists only the embedded model's task
// (scripts/build.ts), so an archive carries no other task's code.
import { classificationServing } from './classification/serving.ts';
import { regressionServing } from './regression/serving.ts';

export const SERVING_TASKS = {
  classification: classificationServing,
  regression: regressionServing,
};
