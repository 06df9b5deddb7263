// OWL-QN (Andrew & Gao 2007): L-BFGS in its orthant-wise form for an added λ·Σ|w_j|
// over a mask of the parameters, the kit's solver for l1 and elastic net (scikit-learn
// uses saga there). Backtracking line search; with λ = 0 it is plain L-BFGS.
// Everything works in buffers made once per call: no allocation per iteration.
import type { MinimizeOptions, MinimizeResult } from './lbfgs.ts';


// scipy's L-BFGS-B also stops when an iteration lowers f by a relative 64·eps or less
// (factr = 1e7 · eps in its terms, ftol = 64 · eps in scikit-learn's call).
const RELATIVE_F_TOLERANCE = 64 * Number.EPSILON;
const ARMIJO = 1e-4;

/** Minimizes f(w) + λ·Σ mask_j·|w_j|, starting from and updating `w` in place. */
export function minimizeOwlqn(valueAndGradient: (w: Float64Array, gradient: Float64Array) => number, w: Float64Array, options: MinimizeOptions): MinimizeResult {
  const size = w.length;
  const memory = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearch ?? 50;
  const { l1, tol, maxIter } = options;
  const mask = options.l1Mask ?? new Uint8Array(size).fill(1);

  const gradient = new Float64Array(size);
  const pseudo = new Float64Array(size);
  const direction = new Float64Array(size);
  const trial = new Float64Array(size);
  const trialGradient = new Float64Array(size);
  const orthant = new Float64Array(size);
  const S = new Float64Array(memory * size);
  const Y = new Float64Array(memory * size);
  const rho = new Float64Array(memory);
  const alpha = new Float64Array(memory);
  let stored = 0;
  let newest = -1;

  const l1Term = (x: Float64Array) => {
    if (l1 === 0) return 0;
    let total = 0;
    for (let j = 0; j < size; j++) if (mask[j]) total += Math.abs(x[j]);
    return l1 * total;
  };

  let value = valueAndGradient(w, gradient) + l1Term(w);
  let evaluations = 1;
  let iterations = 0;
  let converged = false;
  while (true) {
    const largest = pseudoGradient(w, gradient, l1, mask, pseudo);
    if (largest <= tol) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;

    // Two-loop recursion: direction = −H·pseudo.
    for (let j = 0; j < size; j++) direction[j] = -pseudo[j];
    for (let m = 0; m < stored; m++) {
      const slot = (newest - m + memory) % memory;
      alpha[slot] = rho[slot] * dot(S, slot * size, direction, size);
      axpy(-alpha[slot], Y, slot * size, direction, size);
    }
    if (stored > 0) {
      const base = newest * size;
      let yy = 0;
      for (let j = 0; j < size; j++) yy += Y[base + j] * Y[base + j];
      const gamma = 1 / (rho[newest] * yy);
      for (let j = 0; j < size; j++) direction[j] *= gamma;
    }
    for (let m = stored - 1; m >= 0; m--) {
      const slot = (newest - m + memory) % memory;
      const beta = rho[slot] * dot(Y, slot * size, direction, size);
      axpy(alpha[slot] - beta, S, slot * size, direction, size);
    }

    if (l1 > 0) {
      // Keep only components that descend along the pseudo-gradient; fix the orthant.
      for (let j = 0; j < size; j++) {
        if (direction[j] * pseudo[j] >= 0) direction[j] = 0;
        orthant[j] = w[j] !== 0 ? Math.sign(w[j]) : -Math.sign(pseudo[j]);
      }
    }
    let slope = 0;
    for (let j = 0; j < size; j++) slope += direction[j] * pseudo[j];
    if (!(slope < 0)) {
      // Curvature pairs gone stale: start again from steepest descent.
      stored = 0;
      slope = 0;
      for (let j = 0; j < size; j++) {
        direction[j] = -pseudo[j];
        slope -= pseudo[j] * pseudo[j];
      }
    }

    // Backtracking with safeguarded quadratic interpolation; the first step of a fresh
    // memory is scaled so that it moves no parameter by more than about 1.
    let step = stored === 0 ? Math.min(1, 1 / maxAbs(direction)) : 1;
    let trialValue = NaN;
    let accepted = false;
    for (let attempt = 0; attempt < maxLineSearch; attempt++) {
      for (let j = 0; j < size; j++) {
        let next = w[j] + step * direction[j];
        if (l1 > 0 && mask[j] && next * orthant[j] <= 0) next = 0;
        trial[j] = next;
      }
      trialValue = valueAndGradient(trial, trialGradient) + l1Term(trial);
      evaluations++;
      let decrease = 0;
      if (l1 > 0) {
        for (let j = 0; j < size; j++) decrease += pseudo[j] * (trial[j] - w[j]);
      } else {
        decrease = step * slope;
      }
      if (trialValue <= value + ARMIJO * decrease) {
        accepted = true;
        break;
      }
      const curvature = trialValue - value - step * slope;
      const interpolated = curvature > 0 ? (-slope * step * step) / (2 * curvature) : step / 2;
      step = Math.min(0.5 * step, Math.max(0.1 * step, interpolated));
    }
    iterations++;
    if (!accepted) break; // no decrease found: at the precision limit of f

    // Curvature pair from the smooth part only (the L1 term has no gradient).
    const slot = (newest + 1) % memory;
    let sy = 0;
    for (let j = 0; j < size; j++) {
      const s = trial[j] - w[j];
      const yj = trialGradient[j] - gradient[j];
      S[slot * size + j] = s;
      Y[slot * size + j] = yj;
      sy += s * yj;
    }
    if (sy > 1e-12) {
      rho[slot] = 1 / sy;
      newest = slot;
      stored = Math.min(stored + 1, memory);
    }
    const previous = value;
    w.set(trial);
    gradient.set(trialGradient);
    value = trialValue;
    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= RELATIVE_F_TOLERANCE) {
      // scipy reports this as convergence, and scikit-learn raises no warning for it.
      converged = true;
      break;
    }
  }
  return { iterations, converged, value, evaluations };
}

/** The L1 pseudo-gradient (the gradient where there is no L1 term); returns its largest |component|. */
function pseudoGradient(w: Float64Array, gradient: Float64Array, l1: number, mask: Uint8Array, out: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < w.length; j++) {
    let value = gradient[j];
    if (l1 > 0 && mask[j]) {
      if (w[j] > 0) value += l1;
      else if (w[j] < 0) value -= l1;
      else if (value + l1 < 0) value += l1;
      else if (value - l1 > 0) value -= l1;
      else value = 0;
    }
    out[j] = value;
    const magnitude = Math.abs(value);
    if (magnitude > largest) largest = magnitude;
  }
  return largest;
}

function dot(matrix: Float64Array, base: number, vector: Float64Array, size: number): number {
  let total = 0;
  for (let j = 0; j < size; j++) total += matrix[base + j] * vector[j];
  return total;
}

function axpy(scale: number, matrix: Float64Array, base: number, vector: Float64Array, size: number): void {
  for (let j = 0; j < size; j++) vector[j] += scale * matrix[base + j];
}

function maxAbs(vector: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < vector.length; j++) largest = Math.max(largest, Math.abs(vector[j]));
  return largest || 1;
}
