// The search's remaining time, from the planned units' costs rather than their count
// (one SVC fit can cost a thousand naive Bayes fits): each family's cost model
// (tasks' families[…].cost, scaled by the rows a unit fits) is calibrated by the measured
// seconds of that family's units done, and the sum of unit seconds is turned into wall
// time by the parallelism seen so far (busy seconds per elapsed second).
//
// A family's cost model ranks its settings only roughly: its calibration is a power law,
// seconds = a · cost^b, b fitted (least squares of the logs) once the family's units done
// span a range of costs, else 1; a is set so that the units done sum to their seconds.
// Fitted on the costs done, it only interpolates, or extrapolates down (the queue runs
// costliest first); above them it grows in proportion.

export interface PlannedUnit {
  /** Units of one kind (a model family) share one calibration. */
  kind: string;
  /** The cost model's figure: only its ratios within a kind matter. */
  cost: number;
}

/** The exponent's range, and the span of costs (largest / smallest) before it is fitted. */
const EXPONENT = { min: 0.5, max: 3, span: 1.5 };

interface Calibration {
  a: number;
  b: number;
  /** The largest cost done: above it (a later halving iteration, on more rows) the time grows in proportion to the cost, never by an exponent fitted below. */
  top: number;
}

const predict = ({ a, b, top }: Calibration, cost: number) => (cost <= top ? a * cost ** b : a * top ** b * (cost / top));

export class RemainingTime {
  private readonly units: (PlannedUnit & { seconds: number | null })[] = [];
  private readonly done = new Map<string, { cost: number; seconds: number }[]>();
  private readonly now: () => number;
  private readonly started: number;
  private expected = 0;
  /** The first unit of the latest add(): the work the expected work will be like. */
  private latest = 0;
  private busy = 0;
  private doneCost = 0;

  constructor(now: () => number = () => performance.now() / 1000) {
    this.now = now;
    this.started = now();
  }

  /** Lays out more units; returns the index of the first, for finish(). */
  add(units: readonly PlannedUnit[]): number {
    const first = this.units.length;
    this.latest = first;
    for (const unit of units) this.units.push({ ...unit, seconds: null });
    return first;
  }

  /** The cost of work not laid out yet (successive halving's later iterations), in the cost model's figures. */
  expect(cost: number): void {
    this.expected = cost;
  }

  finish(index: number, seconds: number): void {
    const unit = this.units[index];
    unit.seconds = seconds;
    const list = this.done.get(unit.kind) ?? [];
    list.push({ cost: unit.cost, seconds });
    this.done.set(unit.kind, list);
    this.busy += seconds;
    this.doneCost += unit.cost;
  }

  /** Seconds of wall time left, or null before any unit is done. */
  secondsLeft(elapsed = this.now() - this.started): number | null {
    if (this.busy <= 0 || this.doneCost <= 0) return null;
    const overall = this.busy / this.doneCost;
    const calibrations = new Map<string, Calibration | null>();
    const calibrationOf = (kind: string) => {
      if (!calibrations.has(kind)) calibrations.set(kind, calibrate(this.done.get(kind)));
      return calibrations.get(kind)!;
    };
    let left = 0;
    // The latest units laid out (a halving iteration): their seconds, done and predicted, per cost.
    let latestSeconds = 0;
    let latestCost = 0;
    this.units.forEach((unit, index) => {
      const seconds = unit.seconds ?? (() => {
        const own = calibrationOf(unit.kind);
        return own ? predict(own, unit.cost) : overall * unit.cost;
      })();
      if (unit.seconds === null) left += seconds;
      if (index >= this.latest) {
        latestSeconds += seconds;
        latestCost += unit.cost;
      }
    });
    // The work not laid out yet (the next iterations, whose survivors are not known): at the
    // rate of the latest units as a whole, done and to do, whose mix of families it will have.
    left += this.expected * (latestCost > 0 ? latestSeconds / latestCost : overall);
    // Busy seconds per elapsed second: the workers' parallelism as measured, at least 1.
    const parallelism = elapsed > 0 ? Math.max(1, this.busy / elapsed) : 1;
    return left / parallelism;
  }
}

/** A kind's power law from its units done, or null when it has none with a cost. */
function calibrate(done: { cost: number; seconds: number }[] | undefined): Calibration | null {
  if (!done) return null;
  const usable = done.filter((entry) => entry.cost > 0 && entry.seconds > 0);
  if (usable.length === 0) return null;
  const costs = usable.map((entry) => entry.cost);
  let b = 1;
  if (Math.max(...costs) / Math.min(...costs) >= EXPONENT.span) {
    const xs = usable.map((entry) => Math.log(entry.cost));
    const ys = usable.map((entry) => Math.log(entry.seconds));
    const mx = xs.reduce((sum, x) => sum + x, 0) / xs.length;
    const my = ys.reduce((sum, y) => sum + y, 0) / ys.length;
    const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
    b = Math.min(EXPONENT.max, Math.max(EXPONENT.min, sxy / sxx));
  }
  const a = usable.reduce((s, entry) => s + entry.seconds, 0) / usable.reduce((s, entry) => s + entry.cost ** b, 0);
  return { a, b, top: Math.max(...costs) };
}
