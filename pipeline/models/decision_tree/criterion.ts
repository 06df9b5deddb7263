// scikit-learn 1.2.1's criteria (sklearn/tree/_criterion.pyx) as the splitter drives
// them: init on a node's rows, reset to an empty left side, update to a cut, then the
// proxy the splitter maximizes, the children's impurities and the node's value. Here
// ClassificationCriterion (gini, entropy): node impurity from weighted class counts,
// each with the same floating-point operations in the same order, so that near-ties
// between splits break the same way. MSE is in mse.ts.
import { ln } from './ln.ts';

export type ClassCriterion = 'gini' | 'entropy' | 'log_loss';
export type Criterion = ClassCriterion | 'squared_error';

/** What the splitter asks of a criterion; `samples` is the splitter's array of rows. */
export interface SplitCriterion {
  /** True when sums depend on the order of rows (a float target): the splitter then sorts as scikit-learn does. */
  readonly ordered: boolean;
  /** weighted_n_node_samples, weighted_n_left, weighted_n_right. */
  weightNode: number;
  weightLeft: number;
  weightRight: number;
  /** children_impurity's results. */
  impurityLeft: number;
  impurityRight: number;
  /** init: the node is samples[start, end). */
  init(samples: Int32Array, start: number, end: number): void;
  /** reset: every row on the right. */
  reset(): void;
  /** update: samples[start, pos) on the left. */
  update(pos: number): void;
  /** proxy_impurity_improvement: what the best split maximizes. */
  proxy(): number;
  childrenImpurity(): void;
  nodeImpurity(): number;
  /** node_value, appended to `out`. */
  pushValue(out: number[]): void;
}

const LN_2 = Math.log(2); // scikit-learn's log(x) is ln(x) / ln(2.0)

/** Gini: 1 − Σ count² / weight²; entropy (log_loss alike): −Σ p log2 p over the classes present. */
export type Impurity = (counts: Float64Array, classCount: number, weight: number) => number;

function gini(counts: Float64Array, classCount: number, weight: number): number {
  let squares = 0;
  for (let k = 0; k < classCount; k++) squares += counts[k] * counts[k];
  return 1 - squares / (weight * weight);
}

function entropy(counts: Float64Array, classCount: number, weight: number): number {
  let result = 0;
  for (let k = 0; k < classCount; k++) {
    if (counts[k] > 0) {
      const share = counts[k] / weight;
      result -= share * (ln(share) / LN_2);
    }
  }
  return result;
}

/** impurity_improvement: the weighted impurity decrease of a split, relative to every training row's weight. */
export function impurityImprovement(parent: number, weightNode: number, weightAll: number, weightLeft: number, impurityLeft: number, weightRight: number, impurityRight: number): number {
  return (weightNode / weightAll) * (parent - (weightRight / weightNode) * impurityRight - (weightLeft / weightNode) * impurityLeft);
}

/**
 * Weighted class counts (bootstrap counts in a forest). They are whole numbers, whose
 * sums are exact in any order: the left side only ever grows from the start.
 */
export class ClassificationCriterion implements SplitCriterion {
  readonly ordered = false;
  weightNode = 0;
  weightLeft = 0;
  weightRight = 0;
  impurityLeft = 0;
  impurityRight = 0;
  readonly sumTotal: Float64Array;
  private readonly sumLeft: Float64Array;
  private readonly sumRight: Float64Array;
  private readonly impurity: Impurity;
  private samples: Int32Array = new Int32Array(0);
  private start = 0;
  private pos = 0;

  constructor(
    private readonly y: Int32Array,
    private readonly classCount: number,
    private readonly weights: Float64Array | null,
    criterion: ClassCriterion,
  ) {
    this.impurity = criterion === 'gini' ? gini : entropy;
    this.sumTotal = new Float64Array(classCount);
    this.sumLeft = new Float64Array(classCount);
    this.sumRight = new Float64Array(classCount);
  }

  init(samples: Int32Array, start: number, end: number): void {
    const { y, weights, sumTotal } = this;
    this.samples = samples;
    this.start = start;
    sumTotal.fill(0);
    let weight = 0;
    for (let p = start; p < end; p++) {
      const w = weights ? weights[samples[p]] : 1;
      sumTotal[y[samples[p]]] += w;
      weight += w;
    }
    this.weightNode = weight;
    this.reset();
  }

  reset(): void {
    this.sumLeft.fill(0);
    this.weightLeft = 0;
    this.weightRight = this.weightNode;
    this.pos = this.start;
  }

  update(pos: number): void {
    const { y, weights, samples, sumTotal, sumLeft, sumRight, classCount } = this;
    let weightLeft = this.weightLeft;
    for (let p = this.pos; p < pos; p++) {
      const w = weights ? weights[samples[p]] : 1;
      sumLeft[y[samples[p]]] += w;
      weightLeft += w;
    }
    this.weightLeft = weightLeft;
    this.weightRight = this.weightNode - weightLeft;
    for (let k = 0; k < classCount; k++) sumRight[k] = sumTotal[k] - sumLeft[k];
    this.pos = pos;
  }

  /** Criterion.proxy_impurity_improvement: −weight_right · impurity_right − weight_left · impurity_left. */
  proxy(): number {
    this.childrenImpurity();
    return -this.weightRight * this.impurityRight - this.weightLeft * this.impurityLeft;
  }

  childrenImpurity(): void {
    this.impurityLeft = this.impurity(this.sumLeft, this.classCount, this.weightLeft);
    this.impurityRight = this.impurity(this.sumRight, this.classCount, this.weightRight);
  }

  nodeImpurity(): number {
    return this.impurity(this.sumTotal, this.classCount, this.weightNode);
  }

  /** The class counts (tree_.value). */
  pushValue(out: number[]): void {
    for (let k = 0; k < this.classCount; k++) out.push(this.sumTotal[k]);
  }
}
