// LogisticRegression's parameters as scikit-learn names them, with its defaults.
export type Penalty = 'l2' | 'l1' | 'elasticnet' | 'none';
export type MultiClass = 'auto' | 'ovr' | 'multinomial';

export interface LogisticRegressionParams {
  C: number;
  penalty: Penalty;
  l1_ratio: number | null;
  multi_class: MultiClass;
  tol: number;
  max_iter: number;
  fit_intercept: boolean;
  /** Accepted so that a notebook's grid reads as written; the kit picks the solver from the penalty. */
  solver: string | null;
}

export const LOGISTIC_REGRESSION_DEFAULTS: LogisticRegressionParams = {
  C: 1,
  penalty: 'l2',
  l1_ratio: null,
  multi_class: 'auto',
  tol: 1e-4,
  max_iter: 100,
  fit_intercept: true,
  solver: null,
};

/** The L2 and L1 strengths of C·Σ loss + penalty, divided by C (the objective the solvers minimize). */
export function penaltyStrengths(params: LogisticRegressionParams): { l2: number; l1: number } {
  const { C, penalty } = params;
  if (penalty === 'none') return { l2: 0, l1: 0 };
  if (penalty === 'l2') return { l2: 1 / C, l1: 0 };
  if (penalty === 'l1') return { l2: 0, l1: 1 / C };
  const ratio = params.l1_ratio ?? 0;
  return { l2: (1 - ratio) / C, l1: ratio / C };
}
