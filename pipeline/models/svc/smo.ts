// libsvm's C-SVC solver: Fan, Chen and Lin's SMO with second-order working-set
// selection and libsvm's shrinking (rows that are settled at a bound leave the active
// set; their gradient is rebuilt before the final check). Same optimum and stopping
// rule (tol on the maximal KKT violation), and its rho.
import type { KernelRows } from './kernel-rows.ts';

const TAU = 1e-12;

export interface BinarySolution {
  /** alpha_i · y_i per row: the dual coefficients. */
  coef: Float64Array;
  rho: number;
  iterations: number;
  /** False when it stopped at the iteration limit. */
  converged: boolean;
}

/**
 * The iteration limit when max_iter is -1. scikit-learn's libsvm has none and
 * upstream libsvm stops at max(10 000 000, 100 · rows); on some settings of the
 * notebook's grid (poly kernels of high degree on min-max scaled rows, large C)
 * either takes minutes per fit. This limit keeps a default search bounded; a fit
 * that reaches it is reported as not converged, as with logistic regression's max_iter.
 */
export function defaultIterationLimit(rows: number): number {
  return Math.max(100_000, 100 * rows);
}

/** Minimizes ½ αᵀQα − Σα with 0 ≤ α ≤ C and yᵀα = 0, where Q_ij = y_i y_j K_ij. */
export function solveSmo(kernel: KernelRows, y: Int8Array, C: number, tol: number, maxIterations: number): BinarySolution {
  const l = y.length;
  const alpha = new Float64Array(l);
  const G = new Float64Array(l).fill(-1);
  // The part of the gradient due to alphas at the upper bound, for every row: what rebuilding a shrunk row's gradient starts from.
  const Gbar = new Float64Array(l);
  const diag = kernel.diagonal;
  const limit = maxIterations > 0 ? maxIterations : defaultIterationLimit(l);
  const active = Int32Array.from({ length: l }, (_, t) => t);
  let activeSize = l;
  let unshrunk = false;
  const isUpper = (t: number) => alpha[t] >= C;
  const isLower = (t: number) => alpha[t] <= 0;

  /** G of the shrunk rows, rebuilt from Gbar and the free alphas. */
  const reconstructGradient = () => {
    if (activeSize === l) return;
    for (let a = activeSize; a < l; a++) G[active[a]] = Gbar[active[a]] - 1;
    for (let a = 0; a < activeSize; a++) {
      const t = active[a];
      if (isUpper(t) || isLower(t)) continue;
      const Kt = kernel.row(t);
      const at = alpha[t] * y[t];
      for (let b = activeSize; b < l; b++) {
        const s = active[b];
        G[s] += at * y[s] * Kt[s];
      }
    }
    activeSize = l;
  };

  const updateGbar = (t: number, wasUpper: boolean, Kt: Float64Array) => {
    const change = (wasUpper ? -C : C) * y[t];
    for (let s = 0; s < l; s++) Gbar[s] += change * y[s] * Kt[s];
  };

  const beShrunk = (t: number, gMax1: number, gMax2: number) => {
    if (isUpper(t)) return y[t] === 1 ? -G[t] > gMax1 : -G[t] > gMax2;
    if (isLower(t)) return y[t] === 1 ? G[t] > gMax2 : G[t] > gMax1;
    return false;
  };

  const shrink = () => {
    let gMax1 = -Infinity; // max { -y G : t may go up }
    let gMax2 = -Infinity; // max { y G : t may go down }
    for (let a = 0; a < activeSize; a++) {
      const t = active[a];
      if (y[t] === 1) {
        if (!isUpper(t)) gMax1 = Math.max(gMax1, -G[t]);
        if (!isLower(t)) gMax2 = Math.max(gMax2, G[t]);
      } else {
        if (!isUpper(t)) gMax2 = Math.max(gMax2, -G[t]);
        if (!isLower(t)) gMax1 = Math.max(gMax1, G[t]);
      }
    }
    // Near the optimum, let every row back in once, so that none stays out by mistake.
    if (!unshrunk && gMax1 + gMax2 <= tol * 10) {
      unshrunk = true;
      reconstructGradient();
    }
    for (let a = 0; a < activeSize; a++) {
      if (!beShrunk(active[a], gMax1, gMax2)) continue;
      activeSize--;
      const swap = active[a];
      active[a] = active[activeSize];
      active[activeSize] = swap;
      a--;
    }
  };

  let iterations = 0;
  let counter = Math.min(l, 1000) + 1;
  let i = -1;
  let j = -1;
  while (iterations < limit) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      shrink();
    }
    // Locals, not the closures' shared variables: the two loops below are the solver's time.
    const A = alpha;
    const g = G;
    const Y = y;
    const rows = active;
    const D = diag;
    const n = activeSize;
    // Working set: i violates KKT the most; j gives the largest second-order decrease with it.
    let gMax = -Infinity;
    i = -1;
    for (let a = 0; a < n; a++) {
      const t = rows[a];
      const at = A[t];
      if (Y[t] === 1) {
        if (at < C && -g[t] >= gMax) {
          gMax = -g[t];
          i = t;
        }
      } else if (at > 0 && g[t] >= gMax) {
        gMax = g[t];
        i = t;
      }
    }
    let gMax2 = -Infinity;
    j = -1;
    if (i >= 0) {
      let objectiveMin = Infinity;
      const Ki = kernel.row(i);
      const Kii = D[i];
      for (let a = 0; a < n; a++) {
        const t = rows[a];
        const Gt = g[t];
        let gradientDiff: number;
        if (Y[t] === 1) {
          if (A[t] <= 0) continue;
          gradientDiff = gMax + Gt;
          if (Gt >= gMax2) gMax2 = Gt;
        } else {
          if (A[t] >= C) continue;
          gradientDiff = gMax - Gt;
          if (-Gt >= gMax2) gMax2 = -Gt;
        }
        if (gradientDiff > 0) {
          const quad = Kii + D[t] - 2 * Ki[t];
          const objective = -(gradientDiff * gradientDiff) / (quad > 0 ? quad : TAU);
          if (objective <= objectiveMin) {
            j = t;
            objectiveMin = objective;
          }
        }
      }
    }
    if (gMax + gMax2 < tol || j === -1) {
      // Optimal on the active rows: check against all of them once more.
      if (n === l) break;
      reconstructGradient();
      // As libsvm: no shrinking before this selection, then at the next iteration.
      counter = 2;
      continue;
    }
    iterations++;

    const Ki = kernel.row(i);
    const Kj = kernel.row(j);
    const oldI = A[i];
    const oldJ = A[j];
    const wasUpperI = isUpper(i);
    const wasUpperJ = isUpper(j);
    const quadRaw = D[i] + D[j] - 2 * Ki[j];
    const quad = quadRaw > 0 ? quadRaw : TAU;
    if (Y[i] !== Y[j]) {
      const delta = (-g[i] - g[j]) / quad;
      const diff = A[i] - A[j];
      A[i] += delta;
      A[j] += delta;
      if (diff > 0) {
        if (A[j] < 0) {
          A[j] = 0;
          A[i] = diff;
        }
      } else if (A[i] < 0) {
        A[i] = 0;
        A[j] = -diff;
      }
      if (diff > 0) {
        if (A[i] > C) {
          A[i] = C;
          A[j] = C - diff;
        }
      } else if (A[j] > C) {
        A[j] = C;
        A[i] = C + diff;
      }
    } else {
      const delta = (g[i] - g[j]) / quad;
      const sum = A[i] + A[j];
      A[i] -= delta;
      A[j] += delta;
      if (sum > C) {
        if (A[i] > C) {
          A[i] = C;
          A[j] = sum - C;
        }
      } else if (A[j] < 0) {
        A[j] = 0;
        A[i] = sum;
      }
      if (sum > C) {
        if (A[j] > C) {
          A[j] = C;
          A[i] = sum - C;
        }
      } else if (A[i] < 0) {
        A[i] = 0;
        A[j] = sum;
      }
    }
    // G_t += Q_ti Δα_i + Q_tj Δα_j over the active rows, with Q_ts = y_t y_s K_ts.
    const di = (A[i] - oldI) * Y[i];
    const dj = (A[j] - oldJ) * Y[j];
    for (let a = 0; a < n; a++) {
      const t = rows[a];
      g[t] += Y[t] * (Ki[t] * di + Kj[t] * dj);
    }
    // Gbar follows the alphas that reach or leave the upper bound, for every row.
    if (wasUpperI !== isUpper(i)) updateGbar(i, wasUpperI, Ki);
    if (wasUpperJ !== isUpper(j)) updateGbar(j, wasUpperJ, Kj);
  }
  const converged = iterations < limit;
  reconstructGradient();

  // rho: the mean of y·G over free vectors, else the middle of the feasible interval.
  let upper = Infinity;
  let lower = -Infinity;
  let free = 0;
  let sumFree = 0;
  for (let t = 0; t < l; t++) {
    const yG = y[t] * G[t];
    if (isUpper(t)) {
      if (y[t] === -1) upper = Math.min(upper, yG);
      else lower = Math.max(lower, yG);
    } else if (isLower(t)) {
      if (y[t] === 1) upper = Math.min(upper, yG);
      else lower = Math.max(lower, yG);
    } else {
      free++;
      sumFree += yG;
    }
  }
  const rho = free > 0 ? sumFree / free : (upper + lower) / 2;
  const coef = new Float64Array(l);
  for (let t = 0; t < l; t++) coef[t] = alpha[t] * y[t];
  return { coef, rho, iterations, converged };
}
