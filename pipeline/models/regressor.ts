import type { KnnRegressor } from './knn/regression.ts';
import type { TreesRegressor } from './decision_tree/regression-inference.ts';
import type { LinearRegressor } from './linear_regression/inference.ts';
import type { SvrRegressor } from './svr/inference.ts';

/** Every kind of fitted regressor (models/regression-kinds.ts serves each). */
export type Regressor = LinearRegressor | KnnRegressor | SvrRegressor | TreesRegressor;
