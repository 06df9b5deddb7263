// Σ coef·K − rho for a row whose kernel values overflow: a polynomial kernel of a value far
// outside the training data (1e80 to the 4th power) is Infinity, and a sum of ±Infinity
// terms NaN, so such a row's kernel values are held as logarithms and summed in log space.
// Shared by SVC's and SVR's inference.
import type { KernelParams } from './kernel.ts';

/**
 * The log-magnitudes (into `logs`) and signs of K(sv_s, x) for the `count` support vectors:
 * K = (γ·u·v + coef0)^degree (a linear kernel is degree 1; rbf and sigmoid are bounded).
 */
export function logKernelRow(params: KernelParams, vectors: Float64Array, count: number, width: number, x: Float64Array, logs: Float64Array, signs: Float64Array): void {
  const poly = params.kernel === 'poly';
  const degree = poly ? params.degree : 1;
  for (let s = 0; s < count; s++) {
    let dot = 0;
    for (let j = 0, at = s * width; j < width; j++, at++) dot += vectors[at] * x[j];
    const base = poly ? params.gamma * dot + params.coef0 : dot;
    logs[s] = degree * Math.log(Math.abs(base));
    signs[s] = base < 0 && degree % 2 === 1 ? -1 : 1;
  }
}

/** Σ coef_s·K_support[s] − rho from logKernelRow's logs and signs: ±Infinity once the sum's magnitude is past any double. */
export function largeDecision(logs: Float64Array, signs: Float64Array, support: Int32Array, coef: Float64Array, rho: number): number {
  let largest = -Infinity;
  for (let s = 0; s < support.length; s++) largest = Math.max(largest, logs[support[s]]);
  let sum = 0;
  for (let s = 0; s < support.length; s++) {
    const t = support[s];
    sum += coef[s] * signs[t] * Math.exp(logs[t] - largest);
  }
  if (largest < 700) return sum * Math.exp(largest) - rho;
  return sum > 0 ? Infinity : sum < 0 ? -Infinity : -rho;
}
