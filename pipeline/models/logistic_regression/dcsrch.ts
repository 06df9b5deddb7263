// MINPACK-2's dcsrch and dcstep (Moré and Thuente's line search), the one scipy's
// L-BFGS-B calls: a step satisfying the strong Wolfe conditions
//   f(stp) ≤ f(0) + ftol·stp·f'(0)  and  |f'(stp)| ≤ gtol·|f'(0)|
// by safeguarded cubic and quadratic interpolation inside a shrinking interval.
// Reverse communication, as the original: `start` and `next` return 'FG' while they
// want f and f' at `stp`, then 'CONVERGENCE' or a 'WARNING' (stp the point to keep).

export type SearchTask = 'FG' | 'CONVERGENCE' | 'WARNING';

const P5 = 0.5;
const P66 = 0.66;
const XTRAPL = 1.1;
const XTRAPU = 4.0;

export class LineSearch {
  stp = 0;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  constructor(
    private readonly ftol: number,
    private readonly gtol: number,
    private readonly xtol: number,
    private readonly stpmin: number,
    private readonly stpmax: number,
  ) {}

  /** f and g = f'(0) at the start, stp the first trial step (g < 0: a descent direction). */
  start(f: number, g: number, stp: number): SearchTask {
    this.stp = stp;
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = this.ftol * g;
    this.width = this.stpmax - this.stpmin;
    this.width1 = this.width / P5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + XTRAPU * stp;
    return 'FG';
  }

  /** f and g = f'(stp) at the step last asked for. */
  next(f: number, g: number): SearchTask {
    let stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let task: SearchTask | undefined;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) task = 'WARNING'; // rounding errors prevent progress
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) task = 'WARNING'; // xtol test satisfied
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) task = 'WARNING'; // stp = stpmax
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) task = 'WARNING'; // stp = stpmin
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) task = 'CONVERGENCE';
    if (task) return task;

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // A lower value but not a sufficient decrease: step on the modified function ψ.
      const gtest = this.gtest;
      const step = dcstep(this.stx, this.fx - this.stx * gtest, this.gx - gtest, this.sty, this.fy - this.sty * gtest, this.gy - gtest, stp, f - stp * gtest, g - gtest, this.brackt, this.stmin, this.stmax);
      this.stx = step.stx;
      this.sty = step.sty;
      this.fx = step.fx + step.stx * gtest;
      this.fy = step.fy + step.sty * gtest;
      this.gx = step.dx + gtest;
      this.gy = step.dy + gtest;
      this.brackt = step.brackt;
      stp = step.stp;
    } else {
      const step = dcstep(this.stx, this.fx, this.gx, this.sty, this.fy, this.gy, stp, f, g, this.brackt, this.stmin, this.stmax);
      this.stx = step.stx;
      this.fx = step.fx;
      this.gx = step.dx;
      this.sty = step.sty;
      this.fy = step.fy;
      this.gy = step.dy;
      this.brackt = step.brackt;
      stp = step.stp;
    }
    // A bisection step when the interval does not shrink fast enough.
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= P66 * this.width1) stp = this.stx + P5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }
    if (this.brackt) {
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = stp + XTRAPL * (stp - this.stx);
      this.stmax = stp + XTRAPU * (stp - this.stx);
    }
    stp = Math.min(Math.max(stp, this.stpmin), this.stpmax);
    // No further progress possible: the best point so far.
    if ((this.brackt && (stp <= this.stmin || stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)) stp = this.stx;
    this.stp = stp;
    return 'FG';
  }
}

const STEP = { stx: 0, fx: 0, dx: 0, sty: 0, fy: 0, dy: 0, stp: 0, brackt: false };

/** dcstep: the safeguarded trial step, and the interval [stx, sty] that contains a minimizer updated. */
function dcstep(stx: number, fx: number, dx: number, sty: number, fy: number, dy: number, stp: number, fp: number, dp: number, brackt: boolean, stpmin: number, stpmax: number) {
  const sgnd = Math.sign(dp) * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // A higher value: the minimum is bracketed; the cubic step if closer to stx, else halfway to the quadratic one.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) <= Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (sgnd < 0) {
    // A lower value, derivatives of opposite signs: bracketed; the cubic step if farther from stp, else the secant step.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // A lower value, derivatives of the same sign, decreasing in magnitude.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + P66 * (sty - stp), stpf) : Math.max(stp + P66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.min(Math.max(stpf, stpmin), stpmax);
    }
  } else if (brackt) {
    // A lower value, derivatives of the same sign, not decreasing: the cubic step within the bracket.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  STEP.stx = stx;
  STEP.fx = fx;
  STEP.dx = dx;
  STEP.sty = sty;
  STEP.fy = fy;
  STEP.dy = dy;
  STEP.stp = stpf;
  STEP.brackt = brackt;
  return STEP;
}
