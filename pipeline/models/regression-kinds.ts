// Every kind of fitted regressor the kit serves (KINDS' twin). Like models/kinds.ts, a
// build can list only the kind of the model it embeds.
import type { RegressionKind } from './serving-kind.ts';
import { knnRegressionKind } from './knn/regression.ts';
import { treesRegressionKind } from './decision_tree/regression-inference.ts';
import { linearRegressionKind } from './linear_regression/inference.ts';
import { svrKind } from './svr/inference.ts';

// any: each kind's module checks and serves its own regressor type.
export const REGRESSION_KINDS: Record<string, RegressionKind<any>> = {
  linear_regression: linearRegressionKind,
  knn_regression: knnRegressionKind,
  svr: svrKind,
  trees_regression: treesRegressionKind,
};
