// The search's remaining time, from what each planned unit will cost rather than from
// the count of units (one SVC fit can cost a thousand naive Bayes fits). A unit to do is
// predicted, best evidence first:
//   1. its setting's units done on the same rows (the other folds: each search runs
//      every setting's first fold before any second one, so from a fifth of the work on
//      every unit has a sibling done);
//   2. its setting's units done on fewer rows (successive halving's earlier iteration),
//      grown by the kind's measured exponent of time in rows, never below the family's
//      own (a time's growth steepens with the rows, as fixed costs count less);
//   3. its kind's cost model (tasks' families[…].cost, scaled by the rows), calibrated by
//      the kind's units done as a power law, seconds = a · cost^b;
//   4. the rate of all units done.
// Halving's later iterations are not laid out until they start; until then they are
// forecast: each setting of the latest iteration goes on with its chance of being among
// the best third by mean score (survival.ts), and so on.
// The sum of unit seconds is turned into wall time by the parallelism seen so far (busy
// seconds per elapsed second).

import { survivalChances, type PartialScores } from './survival.ts';

export interface PlannedUnit {
  /** Units of one kind (a model family and its scaler) share one calibration. */
  kind: string;
  /** The cost model's figure: only its ratios within a kind matter. */
  cost: number;
  /** The setting (candidate) the unit fits: its units on the same rows take about the same time. */
  setting: number;
  /** The rows the setting is fitted on at this stage (halving's n_resources; the training part for a full search). */
  rows: number;
  /** The cross-validation fold: a fold can be costlier than another for every setting of a kind. */
  fold: number;
  /** The family's guess of time ∝ rows^this, until its settings are measured on two numbers of rows. */
  rowsExponent: number;
}

/** Successive halving's iterations after the latest one laid out. */
export interface LaterIterations {
  /** n_resources and n_candidates of each later iteration. */
  iterations: { rows: number; candidates: number }[];
  folds: number;
  /** Every setting's kind and cost on all `allRows` rows (the cost model scales with the rows). */
  settings: { kind: string; cost: number; rowsExponent: number }[];
  allRows: number;
}

/** The range of a fitted exponent, and the span of costs (largest / smallest) before one is fitted. */
const COST_EXPONENT = { min: 0.5, max: 3, span: 1.5 };
const ROWS_EXPONENT = { min: 0.5, max: 2.5 };
/** FamilySpec.rowsExponent when a family gives none. */
export const DEFAULT_ROWS_EXPONENT = 0.75;

interface Calibration {
  a: number;
  b: number;
  /** The largest cost done: above it the time grows in proportion to the cost, never by an exponent fitted below. */
  top: number;
}

const predictFromCost = ({ a, b, top }: Calibration, cost: number) => (cost <= top ? a * cost ** b : a * top ** b * (cost / top));

/** One setting's units done on one number of rows. */
interface Level {
  rows: number;
  seconds: number;
  /** Each fold's seconds (its size: the units done). */
  folds: Map<number, number>;
  /** Scores of those units (null: undefined on that fold), for halving's forecast. */
  scores: PartialScores;
}

export class RemainingTime {
  private readonly units: (PlannedUnit & { seconds: number | null })[] = [];
  private readonly doneByKind = new Map<string, { cost: number; seconds: number }[]>();
  /** Per setting, its levels done, fewest rows first. */
  private readonly levels = new Map<number, Level[]>();
  /** Each setting's kind, from its units done. */
  private readonly kindOf = new Map<number, string>();
  private readonly now: () => number;
  private readonly started: number;
  private later: LaterIterations | null = null;
  /** The first unit of the latest add(): the iteration whose best go on. */
  private latest = 0;
  private busy = 0;
  private doneCost = 0;
  /** The latest estimate and when it was made: working one out looks at every unit, so it is redone at most every `refreshSeconds`. */
  private estimate: { left: number; at: number } | null = null;
  private readonly refreshSeconds: number;

  constructor(now: () => number = () => performance.now() / 1000, refreshSeconds = 0.1) {
    this.now = now;
    this.started = now();
    this.refreshSeconds = refreshSeconds;
  }

  /** Lays out more units; returns the index of the first, for finish(). */
  add(units: readonly PlannedUnit[]): number {
    const first = this.units.length;
    this.latest = first;
    for (const unit of units) this.units.push({ ...unit, seconds: null });
    return first;
  }

  /** The iterations still to come after the latest add(), or null when there are none. */
  expectLater(later: LaterIterations | null): void {
    this.later = later;
  }

  /** A unit done: its seconds, and its score (null where undefined) for halving's forecast. */
  finish(index: number, seconds: number, score: number | null = null): void {
    const unit = this.units[index];
    unit.seconds = seconds;
    const list = this.doneByKind.get(unit.kind) ?? [];
    list.push({ cost: unit.cost, seconds });
    this.doneByKind.set(unit.kind, list);
    this.busy += seconds;
    this.doneCost += unit.cost;
    const levels = this.levels.get(unit.setting) ?? [];
    let level = levels.find((entry) => entry.rows === unit.rows);
    if (!level) {
      level = { rows: unit.rows, seconds: 0, folds: new Map(), scores: { sum: 0, squares: 0, count: 0 } };
      levels.push(level);
      levels.sort((a, b) => a.rows - b.rows);
      this.levels.set(unit.setting, levels);
      this.kindOf.set(unit.setting, unit.kind);
    }
    level.seconds += seconds;
    level.folds.set(unit.fold, seconds);
    if (score !== null && Number.isFinite(score)) {
      level.scores.sum += score;
      level.scores.squares += score * score;
      level.scores.count++;
    }
  }

  /** Seconds of wall time left, or null before any unit is done; between refreshes, the latest estimate less the time since. */
  secondsLeft(): number | null {
    if (this.busy <= 0 || this.doneCost <= 0) return null;
    const now = this.now();
    if (this.estimate && now - this.estimate.at < this.refreshSeconds) return Math.max(0, this.estimate.left - (now - this.estimate.at));
    const left = this.estimateLeft(now - this.started);
    this.estimate = { left, at: now };
    return left;
  }

  /** The estimate worked out afresh, with `elapsed` seconds of wall time gone (for the parallelism). */
  estimateLeft(elapsed: number): number {
    const overall = this.busy / this.doneCost;
    const calibrations = new Map<string, Calibration | null>();
    const exponents = rowsExponents(this.levels, this.kindOf);
    const factors = foldFactors(this.levels, this.kindOf);
    const factorOf = (kind: string, rows: number, fold: number) => factors.get(groupKey(kind, rows))?.get(fold) ?? 1;
    /** A level's time per unit on a fold of factor 1. */
    const baseOf = (kind: string, level: Level) => {
      let factorSum = 0;
      for (const fold of level.folds.keys()) factorSum += factorOf(kind, level.rows, fold);
      return level.seconds / factorSum;
    };
    const predict = (unit: PlannedUnit) => {
      const levels = this.levels.get(unit.setting);
      if (levels && levels.length > 0) {
        const factor = factorOf(unit.kind, unit.rows, unit.fold);
        const same = levels.find((level) => level.rows === unit.rows);
        if (same) return baseOf(unit.kind, same) * factor;
        // The most rows done below the unit's (or the fewest above them).
        const below = levels.filter((level) => level.rows < unit.rows).at(-1) ?? levels[0];
        const exponent = Math.max(exponents.get(unit.kind) ?? 0, unit.rowsExponent);
        return baseOf(unit.kind, below) * (unit.rows / below.rows) ** exponent * factor;
      }
      if (!calibrations.has(unit.kind)) calibrations.set(unit.kind, calibrate(this.doneByKind.get(unit.kind)));
      const own = calibrations.get(unit.kind);
      return own ? predictFromCost(own, unit.cost) : overall * unit.cost;
    };
    let left = 0;
    for (const unit of this.units) if (unit.seconds === null) left += predict(unit);
    for (const unit of this.forecast()) left += unit.chance * predict(unit);
    // Busy seconds per elapsed second: the workers' parallelism as measured, at least 1.
    const parallelism = elapsed > 0 ? Math.max(1, this.busy / elapsed) : 1;
    return left / parallelism;
  }

  /**
   * Halving's later iterations as they look now, each unit with the chance that it runs.
   * Once every setting of the latest iteration has a score (on its rows or the previous
   * iteration's: the mean over both), each goes on to a later iteration with its chance of
   * being among that iteration's candidates by that mean (survival.ts), so that a close race
   * between a cheap and a costly setting counts both; until then (the first fold's pass
   * runs the costliest settings first, so the scores there would favour them), every
   * setting goes on with the same chance: the iteration's candidates over the latest's.
   */
  private forecast(): (PlannedUnit & { chance: number })[] {
    if (!this.later || this.later.iterations.length === 0) return [];
    const { iterations, folds, settings, allRows } = this.later;
    const latestRows = this.units[this.latest]?.rows;
    // In grid order, which breaks ties at the cut.
    const alive = [...new Set(this.units.slice(this.latest).map((unit) => unit.setting))].sort((a, b) => a - b);
    const partial: PartialScores[] = [];
    for (const setting of alive) {
      const levels = (this.levels.get(setting) ?? []).filter((entry) => entry.rows <= latestRows && entry.scores.count > 0);
      // This iteration's scores and the previous one's.
      const use = levels.slice(-2);
      if (use.length === 0) break;
      partial.push(use.reduce((total, { scores }) => ({ sum: total.sum + scores.sum, squares: total.squares + scores.squares, count: total.count + scores.count }), { sum: 0, squares: 0, count: 0 }));
    }
    const known = partial.length === alive.length;
    const units: (PlannedUnit & { chance: number })[] = [];
    for (const { rows, candidates } of iterations) {
      const chances = known ? survivalChances(partial, candidates) : null;
      alive.forEach((setting, s) => {
        const chance = chances ? chances[s] : candidates / alive.length;
        if (chance <= 0) return;
        const { kind, cost, rowsExponent } = settings[setting];
        for (let fold = 0; fold < folds; fold++) units.push({ kind, cost: cost * (rows / allRows), setting, rows, fold, rowsExponent, chance });
      });
    }
    return units;
  }
}

const groupKey = (kind: string, rows: number) => `${kind}\u0000${rows}`;

/**
 * Per kind and rows, each fold's cost relative to the others (one fold's rows can be harder
 * for every setting: an SVC took twice as long on one fold of five): the fit of
 * seconds(setting, fold) = a(setting) · b(fold) over the units done, by a few rounds of
 * alternating means, b scaled to a mean of 1 over the folds done.
 */
function foldFactors(levels: Map<number, Level[]>, kindOf: Map<number, string>): Map<string, Map<number, number>> {
  const groups = new Map<string, Level[]>();
  for (const [setting, own] of levels) {
    for (const level of own) {
      const key = groupKey(kindOf.get(setting)!, level.rows);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(level);
    }
  }
  const factors = new Map<string, Map<number, number>>();
  for (const [key, group] of groups) {
    const b = new Map<number, number>();
    for (const level of group) for (const fold of level.folds.keys()) b.set(fold, 1);
    if (b.size < 2) continue;
    for (let round = 0; round < 3; round++) {
      const timeSum = new Map<number, number>();
      const baseSum = new Map<number, number>();
      for (const level of group) {
        let factorSum = 0;
        for (const fold of level.folds.keys()) factorSum += b.get(fold)!;
        const a = level.seconds / factorSum;
        for (const [fold, seconds] of level.folds) {
          timeSum.set(fold, (timeSum.get(fold) ?? 0) + seconds);
          baseSum.set(fold, (baseSum.get(fold) ?? 0) + a);
        }
      }
      let total = 0;
      for (const fold of b.keys()) total += (timeSum.get(fold)! / baseSum.get(fold)!) || 1;
      for (const fold of b.keys()) b.set(fold, ((timeSum.get(fold)! / baseSum.get(fold)!) || 1) / (total / b.size));
    }
    factors.set(key, b);
  }
  return factors;
}

/**
 * Per kind, how a setting's time grows with its rows: the median, over its settings done on
 * two numbers of rows, of log(time ratio) / log(rows ratio) between the two largest. A kind
 * without such a setting has none (kinds differ: an SVC's time grows about with the square
 * of the rows, a tree's about in proportion).
 */
function rowsExponents(levels: Map<number, Level[]>, kindOf: Map<number, string>): Map<string, number> {
  const byKind = new Map<string, number[]>();
  for (const [setting, own] of levels) {
    if (own.length < 2) continue;
    const [low, high] = own.slice(-2);
    const ratio = high.seconds / high.folds.size / (low.seconds / low.folds.size);
    if (!(ratio > 0) || !Number.isFinite(ratio)) continue;
    const exponent = Math.log(ratio) / Math.log(high.rows / low.rows);
    const kind = kindOf.get(setting)!;
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(exponent);
  }
  const exponents = new Map<string, number>();
  for (const [kind, values] of byKind) exponents.set(kind, Math.min(ROWS_EXPONENT.max, Math.max(ROWS_EXPONENT.min, median(values))));
  return exponents;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A kind's power law from its units done, or null when it has none with a cost. */
function calibrate(done: { cost: number; seconds: number }[] | undefined): Calibration | null {
  if (!done) return null;
  const usable = done.filter((entry) => entry.cost > 0 && entry.seconds > 0);
  if (usable.length === 0) return null;
  let top = 0;
  let bottom = Number.POSITIVE_INFINITY;
  for (const { cost } of usable) {
    top = Math.max(top, cost);
    bottom = Math.min(bottom, cost);
  }
  let b = 1;
  if (top / bottom >= COST_EXPONENT.span) {
    const xs = usable.map((entry) => Math.log(entry.cost));
    const ys = usable.map((entry) => Math.log(entry.seconds));
    const mx = xs.reduce((sum, x) => sum + x, 0) / xs.length;
    const my = ys.reduce((sum, y) => sum + y, 0) / ys.length;
    const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
    b = Math.min(COST_EXPONENT.max, Math.max(COST_EXPONENT.min, sxy / sxx));
  }
  const a = usable.reduce((s, entry) => s + entry.seconds, 0) / usable.reduce((s, entry) => s + entry.cost ** b, 0);
  return { a, b, top };
}
