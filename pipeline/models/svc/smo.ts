// libsvm's C-SVC solver (Solver::Solve of scikit-learn's copy of svm.cpp), step for step:
// Fan, Chen and Lin's SMO with WSS3 working-set selection and its tie rules, shrinking
// that swaps rows to the end of the active set, the gradient rebuilt from G_bar, and
// calculate_rho. Q comes in float32 and QD in double (SvcQ), as libsvm's Qfloat.
import type { SvcQ } from './kernel-rows.ts';

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

export interface BinarySolution {
  /** alpha_i · y_i per row of the problem, in its order: the dual coefficients. */
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

/** Minimizes ½ αᵀQα − Σα with 0 ≤ α ≤ C and yᵀα = 0. maxIterations −1: defaultIterationLimit. */
export function solveSmo(Q: SvcQ, C: number, eps: number, maxIterations: number, shrinking = true): BinarySolution {
  return new Solver(Q, C, eps).solve(maxIterations > 0 ? maxIterations : defaultIterationLimit(Q.l), shrinking);
}

class Solver {
  private readonly l: number;
  private readonly Q: SvcQ;
  private readonly C: number;
  private readonly eps: number;
  // Everything below is in the solver's index order, which shrinking permutes.
  private readonly y: Int8Array;
  private readonly QD: Float64Array;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  private readonly G: Float64Array;
  /** The gradient due to the alphas at the upper bound alone. */
  private readonly Gbar: Float64Array;
  private readonly activeSet: Int32Array;
  private activeSize: number;
  private unshrink = false;
  private outI = -1;
  private outJ = -1;

  constructor(Q: SvcQ, C: number, eps: number) {
    const l = Q.l;
    this.l = l;
    this.Q = Q;
    this.C = C;
    this.eps = eps;
    this.y = Q.y;
    this.QD = Q.QD;
    // alpha = 0 (all at the lower bound), so G = p = −1 and G_bar = 0.
    this.alpha = new Float64Array(l);
    this.status = new Uint8Array(l);
    this.G = new Float64Array(l).fill(-1);
    this.Gbar = new Float64Array(l);
    this.activeSet = Int32Array.from({ length: l }, (_, i) => i);
    this.activeSize = l;
  }

  solve(maxIterations: number, shrinking: boolean): BinarySolution {
    const { l, Q, C, y, QD, alpha, status, G, Gbar } = this;
    let iterations = 0;
    let counter = Math.min(l, 1000) + 1;
    let timedOut = false;
    while (true) {
      if (iterations >= maxIterations) {
        timedOut = true;
        break;
      }
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (shrinking) this.doShrinking();
      }
      if (!this.selectWorkingSet()) {
        // Optimal on the active set: rebuild the whole gradient and check again.
        this.reconstructGradient();
        this.activeSize = l;
        if (!this.selectWorkingSet()) break;
        counter = 1; // shrink at the next iteration
      }
      iterations++;
      const i = this.outI;
      const j = this.outJ;
      const activeSize = this.activeSize;
      let Qi = Q.getQ(i, activeSize);
      let Qj = Q.getQ(j, activeSize);
      const oldI = alpha[i];
      const oldJ = alpha[j];
      let ai = oldI;
      let aj = oldJ;
      if (y[i] !== y[j]) {
        let quad = QD[i] + QD[j] + 2 * Qi[j];
        if (quad <= 0) quad = TAU;
        const delta = (-G[i] - G[j]) / quad;
        const diff = ai - aj;
        ai += delta;
        aj += delta;
        if (diff > 0) {
          if (aj < 0) {
            aj = 0;
            ai = diff;
          }
        } else if (ai < 0) {
          ai = 0;
          aj = -diff;
        }
        if (diff > 0) {
          if (ai > C) {
            ai = C;
            aj = C - diff;
          }
        } else if (aj > C) {
          aj = C;
          ai = C + diff;
        }
      } else {
        let quad = QD[i] + QD[j] - 2 * Qi[j];
        if (quad <= 0) quad = TAU;
        const delta = (G[i] - G[j]) / quad;
        const sum = ai + aj;
        ai -= delta;
        aj += delta;
        if (sum > C) {
          if (ai > C) {
            ai = C;
            aj = sum - C;
          }
        } else if (aj < 0) {
          aj = 0;
          ai = sum;
        }
        if (sum > C) {
          if (aj > C) {
            aj = C;
            ai = sum - C;
          }
        } else if (ai < 0) {
          ai = 0;
          aj = sum;
        }
      }
      alpha[i] = ai;
      alpha[j] = aj;
      const dI = ai - oldI;
      const dJ = aj - oldJ;
      for (let k = 0; k < activeSize; k++) G[k] += Qi[k] * dI + Qj[k] * dJ;

      const wasUpperI = status[i] === UPPER;
      const wasUpperJ = status[j] === UPPER;
      status[i] = ai >= C ? UPPER : ai <= 0 ? LOWER : FREE;
      status[j] = aj >= C ? UPPER : aj <= 0 ? LOWER : FREE;
      if (wasUpperI !== (status[i] === UPPER)) {
        Qi = Q.getQ(i, l);
        const change = wasUpperI ? -C : C;
        for (let k = 0; k < l; k++) Gbar[k] += change * Qi[k];
      }
      if (wasUpperJ !== (status[j] === UPPER)) {
        Qj = Q.getQ(j, l);
        const change = wasUpperJ ? -C : C;
        for (let k = 0; k < l; k++) Gbar[k] += change * Qj[k];
      }
    }
    const rho = this.calculateRho();
    const coef = new Float64Array(l);
    for (let t = 0; t < l; t++) coef[this.activeSet[t]] = alpha[t] * y[t];
    return { coef, rho, iterations, converged: !timedOut };
  }

  /** WSS3: i the most violating (ties to the last), j the largest second-order decrease with it (ties to the last). False when optimal. */
  private selectWorkingSet(): boolean {
    const { y, G, QD, status, activeSize } = this;
    let Gmax = -Infinity;
    let Gmax2 = -Infinity;
    let GmaxIdx = -1;
    let GminIdx = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t] >= Gmax) {
          Gmax = -G[t];
          GmaxIdx = t;
        }
      } else if (status[t] !== LOWER && G[t] >= Gmax) {
        Gmax = G[t];
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    if (i !== -1) {
      const Qi = this.Q.getQ(i, activeSize);
      const QDi = QD[i];
      const yi2 = 2 * y[i];
      for (let j = 0; j < activeSize; j++) {
        const Gj = G[j];
        if (y[j] === 1) {
          if (status[j] === LOWER) continue;
          const gradDiff = Gmax + Gj;
          if (Gj >= Gmax2) Gmax2 = Gj;
          if (gradDiff > 0) {
            const quad = QDi + QD[j] - yi2 * Qi[j];
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        } else {
          if (status[j] === UPPER) continue;
          const gradDiff = Gmax - Gj;
          if (-Gj >= Gmax2) Gmax2 = -Gj;
          if (gradDiff > 0) {
            const quad = QDi + QD[j] + yi2 * Qi[j];
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      }
    }
    if (Gmax + Gmax2 < this.eps || GminIdx === -1) return false;
    this.outI = GmaxIdx;
    this.outJ = GminIdx;
    return true;
  }

  private beShrunk(i: number, Gmax1: number, Gmax2: number): boolean {
    const s = this.status[i];
    if (s === UPPER) return this.y[i] === 1 ? -this.G[i] > Gmax1 : -this.G[i] > Gmax2;
    if (s === LOWER) return this.y[i] === 1 ? this.G[i] > Gmax2 : this.G[i] > Gmax1;
    return false;
  }

  private doShrinking(): void {
    const { y, G, status } = this;
    let Gmax1 = -Infinity; // max { −y_i ∇f_i : i in I_up }
    let Gmax2 = -Infinity; // max { y_i ∇f_i : i in I_low }
    for (let i = 0; i < this.activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i] >= Gmax1) Gmax1 = -G[i];
        if (status[i] !== LOWER && G[i] >= Gmax2) Gmax2 = G[i];
      } else {
        if (status[i] !== UPPER && -G[i] >= Gmax2) Gmax2 = -G[i];
        if (status[i] !== LOWER && G[i] >= Gmax1) Gmax1 = G[i];
      }
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let i = 0; i < this.activeSize; i++) {
      if (!this.beShrunk(i, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > i) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swapIndex(i, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  private swapIndex(i: number, j: number): void {
    this.Q.swapIndex(i, j); // y and QD too
    swapFloat(this.G, i, j);
    swapFloat(this.alpha, i, j);
    swapFloat(this.Gbar, i, j);
    const s = this.status[i];
    this.status[i] = this.status[j];
    this.status[j] = s;
    const a = this.activeSet[i];
    this.activeSet[i] = this.activeSet[j];
    this.activeSet[j] = a;
  }

  /** G of the inactive rows from G_bar and the free alphas, by whichever of libsvm's two loops it would pick. */
  private reconstructGradient(): void {
    const { l, activeSize, G, Gbar, alpha, status, Q } = this;
    if (activeSize === l) return;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j] - 1;
    let free = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) free++;
    if (free * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.getQ(i, activeSize);
        let g = G[i];
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) g += alpha[j] * Qi[j];
        G[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.getQ(i, l);
        const ai = alpha[i];
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j];
      }
    }
  }

  private calculateRho(): number {
    const { y, G, status, activeSize } = this;
    let free = 0;
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    for (let i = 0; i < activeSize; i++) {
      const yG = y[i] * G[i];
      if (status[i] === UPPER) {
        if (y[i] === -1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (status[i] === LOWER) {
        if (y[i] === 1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        free++;
        sumFree += yG;
      }
    }
    return free > 0 ? sumFree / free : (ub + lb) / 2;
  }
}

function swapFloat(values: Float64Array, i: number, j: number): void {
  const t = values[i];
  values[i] = values[j];
  values[j] = t;
}
