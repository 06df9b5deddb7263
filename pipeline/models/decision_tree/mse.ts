// scikit-learn 1.2.1's MSE criterion (RegressionCriterion and MSE in
// sklearn/tree/_criterion.pyx, one output): Σ w·y and Σ (w·y)·y over the node's rows in
// their order; a cut's left sum grows from the last cut, or, when the cut is nearer
// the end, restarts from the node's sum and subtracts the rows after it; the proxy
// is sum_left² / weight_left + sum_right² / weight_right; the value is the mean.
// Every operation in scikit-learn's order, so sums round as they do there.
import type { SplitCriterion } from './criterion.ts';

export class MseCriterion implements SplitCriterion {
  readonly ordered = true;
  weightNode = 0;
  weightLeft = 0;
  weightRight = 0;
  impurityLeft = 0;
  impurityRight = 0;
  private sumTotal = 0;
  private sqSumTotal = 0;
  private sumLeft = 0;
  private sumRight = 0;
  private samples: Int32Array = new Int32Array(0);
  private start = 0;
  private end = 0;
  private pos = 0;

  constructor(
    private readonly y: Float64Array,
    private readonly weights: Float64Array | null,
  ) {}

  init(samples: Int32Array, start: number, end: number): void {
    const { y, weights } = this;
    this.samples = samples;
    this.start = start;
    this.end = end;
    let sum = 0;
    let sqSum = 0;
    let weight = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p];
      const w = weights ? weights[i] : 1;
      const wy = w * y[i];
      sum += wy;
      sqSum += wy * y[i];
      weight += w;
    }
    this.sumTotal = sum;
    this.sqSumTotal = sqSum;
    this.weightNode = weight;
    this.reset();
  }

  reset(): void {
    this.sumLeft = 0;
    this.sumRight = this.sumTotal;
    this.weightLeft = 0;
    this.weightRight = this.weightNode;
    this.pos = this.start;
  }

  update(pos: number): void {
    const { y, weights, samples, end } = this;
    let sumLeft = this.sumLeft;
    let weightLeft = this.weightLeft;
    if (pos - this.pos <= end - pos) {
      for (let p = this.pos; p < pos; p++) {
        const i = samples[p];
        const w = weights ? weights[i] : 1;
        sumLeft += w * y[i];
        weightLeft += w;
      }
    } else {
      // reverse_reset: everything on the left, then the rows from the end back to pos leave it.
      sumLeft = this.sumTotal;
      weightLeft = this.weightNode;
      for (let p = end - 1; p >= pos; p--) {
        const i = samples[p];
        const w = weights ? weights[i] : 1;
        sumLeft -= w * y[i];
        weightLeft -= w;
      }
    }
    this.sumLeft = sumLeft;
    this.weightLeft = weightLeft;
    this.weightRight = this.weightNode - weightLeft;
    this.sumRight = this.sumTotal - sumLeft;
    this.pos = pos;
  }

  proxy(): number {
    return (this.sumLeft * this.sumLeft) / this.weightLeft + (this.sumRight * this.sumRight) / this.weightRight;
  }

  childrenImpurity(): void {
    const { y, weights, samples } = this;
    let sqSumLeft = 0;
    for (let p = this.start; p < this.pos; p++) {
      const i = samples[p];
      sqSumLeft += (weights ? weights[i] : 1) * y[i] * y[i];
    }
    const meanLeft = this.sumLeft / this.weightLeft;
    const meanRight = this.sumRight / this.weightRight;
    this.impurityLeft = sqSumLeft / this.weightLeft - meanLeft * meanLeft;
    this.impurityRight = (this.sqSumTotal - sqSumLeft) / this.weightRight - meanRight * meanRight;
  }

  nodeImpurity(): number {
    const mean = this.sumTotal / this.weightNode;
    return this.sqSumTotal / this.weightNode - mean * mean;
  }

  /** The mean target (tree_.value). */
  pushValue(out: number[]): void {
    out.push(this.sumTotal / this.weightNode);
  }
}
