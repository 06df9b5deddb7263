// The solvers behind LogisticRegression: for l2 and no penalty, scipy's L-BFGS-B as
// scikit-learn 1.2.1 calls it (optimize.minimize(method="L-BFGS-B", jac=True,
// options={"gtol": tol, "maxiter": max_iter}), so scipy 1.10's defaults for the rest:
// 10 correction pairs, ftol 2.2e-9, 20 evaluations per line search), without bounds;
// OWL-QN (owlqn.ts) for l1 and elastic net.
// Without bounds, L-BFGS-B's step (the Cauchy point, then the subspace minimization over
// every variable) is the quasi-Newton step x − H·g of its compact representation, which
// the two-loop recursion computes; its line search is Moré and Thuente's (dcsrch.ts) from
// a first step of 1/‖d‖, then 1; its stopping and update rules are kept as they are.
import { LineSearch } from './dcsrch.ts';
import { minimizeOwlqn } from './owlqn.ts';

export interface MinimizeOptions {
  /** Stop when the largest |(pseudo-)gradient| component is at most this (scipy's pgtol, scikit-learn's tol). */
  tol: number;
  maxIter: number;
  /** λ of the L1 term; 0 for none. */
  l1: number;
  /** Which parameters the L1 term applies to (1) or not (0): intercepts are exempt. */
  l1Mask?: Uint8Array;
  /** Correction pairs kept, as scipy's maxcor. */
  memory?: number;
  /** Evaluations per line search, as scipy's maxls. */
  maxLineSearch?: number;
}

export interface MinimizeResult {
  iterations: number;
  converged: boolean;
  value: number;
  /** Loss-and-gradient evaluations, scipy's nfev. */
  evaluations: number;
}

type ValueAndGradient = (w: Float64Array, gradient: Float64Array) => number;

/** scipy's default ftol (factr 1e7): stop when an iteration lowers f by this relative amount or less. */
const FTOL = 2.2204460492503131e-9;
/** lnsrlb's constants: dcsrch's sufficient-decrease, curvature and interval tolerances, and the largest step. */
const SEARCH_FTOL = 1e-3;
const SEARCH_GTOL = 0.9;
const SEARCH_XTOL = 0.1;
const BIG = 1e10;

/** Minimizes f(w) + λ·Σ mask_j·|w_j|, starting from and updating `w` in place. */
export function minimize(valueAndGradient: ValueAndGradient, w: Float64Array, options: MinimizeOptions): MinimizeResult {
  return options.l1 > 0 ? minimizeOwlqn(valueAndGradient, w, options) : minimizeSmooth(valueAndGradient, w, options);
}

function minimizeSmooth(valueAndGradient: ValueAndGradient, w: Float64Array, options: MinimizeOptions): MinimizeResult {
  const n = w.length;
  const memory = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearch ?? 20;
  const { tol, maxIter } = options;
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const t = new Float64Array(n); // the iterate before the line search
  const r = new Float64Array(n); // its gradient
  const S = new Float64Array(memory * n);
  const Y = new Float64Array(memory * n);
  const rho = new Float64Array(memory);
  const alpha = new Float64Array(memory);
  let stored = 0;
  let newest = -1;
  let gamma = 1; // H0 = gamma·I: s'y / y'y of the newest pair (1/θ in L-BFGS-B)
  const search = new LineSearch(SEARCH_FTOL, SEARCH_GTOL, SEARCH_XTOL, 0, BIG);

  let f = valueAndGradient(w, g);
  let evaluations = 1;
  if (maxAbs(g) <= tol) return { iterations: 0, converged: true, value: f, evaluations };
  let iterations = 0;
  while (true) {
    // d = −H·g by the two-loop recursion (−g with no pairs).
    for (let j = 0; j < n; j++) d[j] = -g[j];
    for (let m = 0; m < stored; m++) {
      const slot = (newest - m + memory) % memory;
      alpha[slot] = rho[slot] * dot(S, slot * n, d, n);
      axpy(-alpha[slot], Y, slot * n, d, n);
    }
    if (stored > 0) for (let j = 0; j < n; j++) d[j] *= gamma;
    for (let m = stored - 1; m >= 0; m--) {
      const slot = (newest - m + memory) % memory;
      const beta = rho[slot] * dot(Y, slot * n, d, n);
      axpy(alpha[slot] - beta, S, slot * n, d, n);
    }

    // lnsrlb: from 1/‖d‖ on the first iteration, else 1.
    let stp = iterations === 0 ? Math.min(1 / Math.sqrt(dot(d, 0, d, n)), BIG) : 1;
    t.set(w);
    r.set(g);
    const fold = f;
    const gdold = dot(g, 0, d, n);
    let gd = gdold;
    let failed = gdold >= 0; // not a descent direction
    if (!failed) {
      let task = search.start(f, gd, stp);
      for (let trials = 0; task === 'FG'; trials++) {
        if (trials >= maxLineSearch) {
          failed = true;
          break;
        }
        stp = search.stp;
        for (let j = 0; j < n; j++) w[j] = stp * d[j] + t[j];
        f = valueAndGradient(w, g);
        evaluations++;
        gd = dot(g, 0, d, n);
        task = search.next(f, gd);
      }
      stp = search.stp;
    }
    if (failed) {
      // Back to the last iterate; with pairs, drop them and try steepest descent, else stop.
      w.set(t);
      g.set(r);
      f = fold;
      if (stored === 0) return { iterations, converged: false, value: f, evaluations };
      stored = 0;
      gamma = 1;
      continue;
    }
    iterations++;
    // scipy stops at max_iter before testing the new iterate.
    if (iterations >= maxIter) return { iterations, converged: false, value: f, evaluations };
    if (maxAbs(g) <= tol) return { iterations, converged: true, value: f, evaluations };
    if (fold - f <= FTOL * Math.max(Math.abs(fold), Math.abs(f), 1)) return { iterations, converged: true, value: f, evaluations };

    // The pair s = stp·d, y = Δg, kept unless s'y ≤ ε·(−g_old's) (L-BFGS-B's skip rule).
    const sy = (gd - gdold) * stp;
    if (sy <= Number.EPSILON * (-gdold * stp)) continue;
    const slot = (newest + 1) % memory;
    let yy = 0;
    for (let j = 0; j < n; j++) {
      const yj = g[j] - r[j];
      S[slot * n + j] = stp * d[j];
      Y[slot * n + j] = yj;
      yy += yj * yj;
    }
    rho[slot] = 1 / sy;
    gamma = sy / yy;
    newest = slot;
    stored = Math.min(stored + 1, memory);
  }
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < values.length; j++) {
    const magnitude = Math.abs(values[j]);
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
