// The search's remaining time, from the planned units' costs rather than their count
// (one SVC fit can cost a thousand naive Bayes fits): each family's cost model
// (tasks' families[…].cost, scaled by the rows a unit fits) is calibrated by the measured
// seconds of that family's units done, and the sum of unit seconds is turned into wall
// time by the parallelism seen so far (busy seconds per elapsed second).

export interface PlannedUnit {
  /** Units of one kind (a model family) share one calibration. */
  kind: string;
  /** The cost model's figure: only its ratios within a kind matter. */
  cost: number;
}

export class RemainingTime {
  private readonly units: (PlannedUnit & { seconds: number | null })[] = [];
  private readonly started: number;
  private expected = 0;
  private readonly spent = new Map<string, { seconds: number; cost: number }>();
  private busy = 0;
  private doneCost = 0;

  constructor(now: () => number = () => performance.now() / 1000) {
    this.now = now;
    this.started = now();
  }

  private readonly now: () => number;

  /** Lays out more units; returns the index of the first, for finish(). */
  add(units: readonly PlannedUnit[]): number {
    const first = this.units.length;
    for (const unit of units) this.units.push({ ...unit, seconds: null });
    return first;
  }

  /** The cost of work not laid out yet (successive halving's later iterations), in the cost model's figures, calibrated as a whole. */
  expect(cost: number): void {
    this.expected = cost;
  }

  finish(index: number, seconds: number): void {
    const unit = this.units[index];
    unit.seconds = seconds;
    const entry = this.spent.get(unit.kind) ?? { seconds: 0, cost: 0 };
    entry.seconds += seconds;
    entry.cost += unit.cost;
    this.spent.set(unit.kind, entry);
    this.busy += seconds;
    this.doneCost += unit.cost;
  }

  /** Seconds of wall time left, or null before any unit is done. */
  secondsLeft(elapsed = this.now() - this.started): number | null {
    if (this.busy <= 0 || this.doneCost <= 0) return null;
    const overall = this.busy / this.doneCost;
    let left = 0;
    let leftCost = 0;
    for (const unit of this.units) {
      if (unit.seconds !== null) continue;
      const own = this.spent.get(unit.kind);
      left += unit.cost * (own && own.cost > 0 ? own.seconds / own.cost : overall);
      leftCost += unit.cost;
    }
    // The work not laid out yet: at the calibrated rate of the work laid out but not done
    // (its mix of families is theirs), or the overall rate when all of it is done.
    left += this.expected * (leftCost > 0 ? left / leftCost : overall);
    // Busy seconds per elapsed second: the workers' parallelism as measured, at least 1.
    const parallelism = elapsed > 0 ? Math.max(1, this.busy / elapsed) : 1;
    return left / parallelism;
  }
}
