// libsvm's Solver::Solve (scikit-learn's copy of svm.cpp), step for step, for C-SVC and
// epsilon-SVR: Fan, Chen and Lin's SMO with WSS3 working-set selection and its tie rules,
// shrinking that swaps rows to the end of the active set, the gradient rebuilt from G_bar,
// and calculate_rho. Q comes in float32 and QD in double (SvcQ), as libsvm's Qfloat; the
// labels are folded into the gradient (y·G, y·G_bar), the linear term (y·p) and the step
// sizes, so that the loops read float32 K and no y: every value is libsvm's to the bit, up
// to an exact sign.

/** What the solver reads of Q_ij = y_i·y_j·K_ij, in its own index order (swapIndex permutes it). */
export interface SmoQ {
  readonly l: number;
  /** The ±1 labels, following swapIndex. */
  readonly y: Int8Array;
  /** Q_ii in double, following swapIndex. */
  readonly QD: Float64Array;
  /** float32 K_it for t < len: row i of Q but for the signs y_i·y_t. */
  kernelRow(i: number, len: number): Float32Array;
  swapIndex(i: number, j: number): void;
}

const TAU = 1e-12;
// Which of the working-set candidates a variable is (libsvm's alpha_status with y folded
// in): I_up may increase y_t·alpha_t, I_low may decrease it; a free variable is in both.
const UP = 1;
const LOW = 2;
const FREE = UP | LOW;

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

/**
 * Minimizes ½ αᵀQα + pᵀα with 0 ≤ α ≤ C and yᵀα = 0, from α = 0. `yp` is y_t·p_t per
 * variable (in the problem's order); without it p = −1 (C-SVC). maxIterations −1:
 * defaultIterationLimit.
 */
export function solveSmo(Q: SmoQ, C: number, eps: number, maxIterations: number, shrinking = true, yp?: Float64Array): BinarySolution {
  return new Solver(Q, C, eps, yp ?? Float64Array.from(Q.y, (label) => -label)).solve(maxIterations > 0 ? maxIterations : defaultIterationLimit(Q.l), shrinking);
}

class Solver {
  private readonly l: number;
  private readonly Q: SmoQ;
  private readonly C: number;
  private readonly eps: number;
  // Everything below is in the solver's index order, which shrinking permutes.
  private readonly y: Int8Array;
  private readonly QD: Float64Array;
  private readonly alpha: Float64Array;
  private readonly side: Uint8Array;
  /**
   * y_t·G_t, libsvm's gradient with the label folded in: negating is exact, so every
   * comparison libsvm makes on ±G is the same one here, without a branch on y.
   */
  private readonly yG: Float64Array;
  /** y_t·G_bar_t: the gradient due to the alphas at the upper bound alone. */
  private readonly yGbar: Float64Array;
  /** y_t·p_t, the linear term with the label folded in. */
  private readonly yp: Float64Array;
  private readonly activeSet: Int32Array;
  private activeSize: number;
  private unshrink = false;
  private outI = -1;
  private outJ = -1;
  /** The next selection's i, found while updating G; void once shrinking or a rebuilt gradient changes the active set. */
  private nextKnown = false;
  private nextGmax = -Infinity;
  private nextGmaxIdx = -1;

  constructor(Q: SmoQ, C: number, eps: number, yp: Float64Array) {
    const l = Q.l;
    this.l = l;
    this.Q = Q;
    this.C = C;
    this.eps = eps;
    this.y = Q.y;
    this.QD = Q.QD;
    // alpha = 0 (all at the lower bound), so G = p and G_bar = 0.
    this.alpha = new Float64Array(l);
    this.side = Uint8Array.from(this.y, (label) => (label === 1 ? UP : LOW));
    this.yp = Float64Array.from(yp);
    this.yG = Float64Array.from(yp);
    this.yGbar = new Float64Array(l);
    this.activeSet = Int32Array.from({ length: l }, (_, i) => i);
    this.activeSize = l;
  }

  solve(maxIterations: number, shrinking: boolean): BinarySolution {
    const { l, Q, C, y, QD, alpha, side, yG, yGbar } = this;
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
      const Ki = Q.kernelRow(i, activeSize);
      const Kj = Q.kernelRow(j, activeSize);
      // libsvm's QD_i + QD_j ± 2·Q_ij is QD_i + QD_j − 2·K_ij either way.
      let quad = QD[i] + QD[j] - 2 * Ki[j];
      if (quad <= 0) quad = TAU;
      const yi = y[i];
      const yj = y[j];
      const Gi = yi * yG[i];
      const Gj = yj * yG[j];
      const oldI = alpha[i];
      const oldJ = alpha[j];
      let ai = oldI;
      let aj = oldJ;
      if (yi !== yj) {
        const delta = (-Gi - Gj) / quad;
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
        const delta = (Gi - Gj) / quad;
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
      side[i] = sideOf(yi, ai, C);
      side[j] = sideOf(yj, aj, C);
      this.updateGradient(Ki, Kj, yi * (ai - oldI), yj * (aj - oldJ), activeSize);
      // G_bar follows the alphas that reach or leave the upper bound: y_k·C·Q_ik = C·y_i·K_ik.
      if (oldI >= C !== ai >= C) addScaled(yGbar, (oldI >= C ? -C : C) * yi, Q.kernelRow(i, l), l);
      if (oldJ >= C !== aj >= C) addScaled(yGbar, (oldJ >= C ? -C : C) * yj, Q.kernelRow(j, l), l);
    }
    const rho = this.calculateRho();
    const coef = new Float64Array(l);
    for (let t = 0; t < l; t++) coef[this.activeSet[t]] = alpha[t] * y[t];
    return { coef, rho, iterations, converged: !timedOut };
  }

  /**
   * G += Q_i·Δα_i + Q_j·Δα_j over the active set, as y·G: y_k·Q_ik·Δα_i = K_ik·(y_i·Δα_i),
   * and negating commutes with rounding, so this is libsvm's sum to the bit. In the same
   * pass, the next selection's first loop: its i, ties to the last.
   */
  private updateGradient(Ki: Float32Array, Kj: Float32Array, ydI: number, ydJ: number, activeSize: number): void {
    const { yG, side } = this;
    let Gmax = -Infinity;
    let GmaxIdx = -1;
    for (let k = 0; k < activeSize; k++) {
      const v = yG[k] + (Ki[k] * ydI + Kj[k] * ydJ);
      yG[k] = v;
      if (side[k] & UP && -v >= Gmax) {
        Gmax = -v;
        GmaxIdx = k;
      }
    }
    this.nextGmax = Gmax;
    this.nextGmaxIdx = GmaxIdx;
    this.nextKnown = true;
  }

  /** WSS3: i the most violating (ties to the last), j the largest second-order decrease with it (ties to the last). False when optimal. */
  private selectWorkingSet(): boolean {
    const { yG, QD, side, activeSize } = this;
    let Gmax = this.nextGmax;
    let GmaxIdx = this.nextGmaxIdx;
    if (!this.nextKnown) {
      Gmax = -Infinity;
      GmaxIdx = -1;
      for (let t = 0; t < activeSize; t++) {
        if (side[t] & UP && -yG[t] >= Gmax) {
          Gmax = -yG[t];
          GmaxIdx = t;
        }
      }
    }
    this.nextKnown = false;
    let Gmax2 = -Infinity;
    let GminIdx = -1;
    let objDiffMin = Infinity;
    const i = GmaxIdx;
    if (i !== -1) {
      const Ki = this.Q.kernelRow(i, activeSize);
      const QDi = QD[i];
      for (let j = 0; j < activeSize; j++) {
        if ((side[j] & LOW) === 0) continue;
        const v = yG[j];
        if (v >= Gmax2) Gmax2 = v;
        const gradDiff = Gmax + v;
        if (gradDiff > 0) {
          // libsvm's QD_i + QD_j ∓ 2·y_i·Q_ij for y_j = ±1 is QD_i + QD_j − 2·K_ij.
          const quad = QDi + QD[j] - 2 * Ki[j];
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Gmax + Gmax2 < this.eps || GminIdx === -1) return false;
    this.outI = GmaxIdx;
    this.outJ = GminIdx;
    return true;
  }

  /** libsvm's be_shrunk: a variable at a bound that cannot be selected again soon. */
  private beShrunk(t: number, Gmax1: number, Gmax2: number): boolean {
    const s = this.side[t];
    if (s === UP) return this.yG[t] > Gmax2;
    if (s === LOW) return -this.yG[t] > Gmax1;
    return false;
  }

  private doShrinking(): void {
    this.nextKnown = false;
    const { yG, side } = this;
    let Gmax1 = -Infinity; // max { −y_t ∇f_t : t in I_up }
    let Gmax2 = -Infinity; // max { y_t ∇f_t : t in I_low }
    for (let t = 0; t < this.activeSize; t++) {
      if (side[t] & UP && -yG[t] >= Gmax1) Gmax1 = -yG[t];
      if (side[t] & LOW && yG[t] >= Gmax2) Gmax2 = yG[t];
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let t = 0; t < this.activeSize; t++) {
      if (!this.beShrunk(t, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > t) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swapIndex(t, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  private swapIndex(i: number, j: number): void {
    this.Q.swapIndex(i, j); // y and QD too
    swapFloat(this.yG, i, j);
    swapFloat(this.alpha, i, j);
    swapFloat(this.yGbar, i, j);
    swapFloat(this.yp, i, j);
    const s = this.side[i];
    this.side[i] = this.side[j];
    this.side[j] = s;
    const a = this.activeSet[i];
    this.activeSet[i] = this.activeSet[j];
    this.activeSet[j] = a;
  }

  /** G of the inactive rows from G_bar and the free alphas, by whichever of libsvm's two loops it would pick. */
  private reconstructGradient(): void {
    const { l, activeSize, y, yG, yGbar, yp, alpha, side, Q } = this;
    if (activeSize === l) return;
    this.nextKnown = false;
    for (let j = activeSize; j < l; j++) yG[j] = yGbar[j] + yp[j];
    let free = 0;
    for (let j = 0; j < activeSize; j++) if (side[j] === FREE) free++;
    if (free * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Ki = Q.kernelRow(i, activeSize);
        let g = yG[i];
        for (let j = 0; j < activeSize; j++) if (side[j] === FREE) g += alpha[j] * y[j] * Ki[j];
        yG[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (side[i] !== FREE) continue;
        const Ki = Q.kernelRow(i, l);
        const ai = alpha[i] * y[i];
        for (let j = activeSize; j < l; j++) yG[j] += ai * Ki[j];
      }
    }
  }

  /** libsvm's calculate_rho: the mean of y·G over the free variables, else the middle of the bounds' interval. */
  private calculateRho(): number {
    const { yG, side, activeSize } = this;
    let free = 0;
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    for (let t = 0; t < activeSize; t++) {
      // A bound variable in I_up only (y=+1 at 0, y=−1 at C) bounds rho from above, in I_low only from below.
      if (side[t] === UP) ub = Math.min(ub, yG[t]);
      else if (side[t] === LOW) lb = Math.max(lb, yG[t]);
      else {
        free++;
        sumFree += yG[t];
      }
    }
    return free > 0 ? sumFree / free : (ub + lb) / 2;
  }
}

function addScaled(target: Float64Array, scale: number, row: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) target[k] += scale * row[k];
}

function sideOf(label: number, alpha: number, C: number): number {
  if (alpha >= C) return label === 1 ? LOW : UP;
  if (alpha <= 0) return label === 1 ? UP : LOW;
  return FREE;
}

function swapFloat(values: Float64Array, i: number, j: number): void {
  const t = values[i];
  values[i] = values[j];
  values[j] = t;
}
