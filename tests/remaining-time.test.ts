// The progress line's estimate of the time left, replayed on recorded searches (made by
// bench/record-unit-times.ts, one job: every unit each search laid out, the later halving
// iterations it expected, and each unit's measured seconds and score, in the order they
// finished). No timing here: the replay's clock is the recording's.
//   unit-times-pima.json: pima_tr.csv, every classification family but the random forest, --search full;
//   unit-times-seattle.json: seattle_weather.csv, every family, --search halving (the default);
//   unit-times-5k-50.json: make_classification's 5 000 × 50 (bench:train's table), every family, halving.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RemainingTime, type LaterIterations } from '../pipeline/selection/remaining-time.ts';
import { survivalChances } from '../pipeline/selection/survival.ts';

type Event = ['add', [string, number, number, number, number, number][]] | ['later', LaterIterations | null] | ['finish', number, number, number | null];
const recording = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { events: Event[] };

/** The estimate after every unit done, against the recording's time left then. */
function replay(events: Event[]) {
  let now = 0;
  const clock = new RemainingTime(() => now);
  const total = events.reduce((sum, event) => sum + (event[0] === 'finish' ? event[2] : 0), 0);
  const checks: { at: number; estimate: number | null; actual: number }[] = [];
  for (const event of events) {
    if (event[0] === 'add') clock.add(event[1].map(([kind, cost, setting, rows, fold, rowsExponent]) => ({ kind, cost, setting, rows, fold, rowsExponent })));
    else if (event[0] === 'later') clock.expectLater(event[1]);
    else {
      now += event[2];
      clock.finish(event[1], event[2], event[3]);
      checks.push({ at: now / total, estimate: clock.secondsLeft(), actual: total - now });
    }
  }
  return checks;
}

/** From 20 % of the time on, until the last 5 % (where a few hundredths of a second are left). */
function assertWithin(name: string, tolerance: number) {
  const { events } = recording(name);
  const seconds = events.flatMap((event) => (event[0] === 'finish' ? [event[2]] : []));
  const range = seconds.reduce((r, s) => ({ min: Math.min(r.min, s), max: Math.max(r.max, s) }), { min: Infinity, max: 0 });
  assert.ok(range.max / range.min > 100, 'the recording mixes cheap and costly units');
  const checks = replay(events).filter(({ at }) => at >= 0.2 && at <= 0.95);
  assert.ok(checks.length > 20, `${checks.length} checks`);
  let worst = 0;
  for (const { at, estimate, actual } of checks) {
    assert.ok(estimate !== null && Math.abs(estimate - actual) <= tolerance * actual, `at ${(at * 100).toFixed(1)} % of the time: ${estimate?.toFixed(2)} s estimated, ${actual.toFixed(2)} s left`);
    worst = Math.max(worst, Math.abs(estimate - actual) / actual);
  }
  return worst;
}

test('a full search: from 20 % of the time on, the estimate is within ±30 % of the time left', (t) => {
  t.diagnostic(`worst ${(100 * assertWithin('unit-times-pima.json', 0.3)).toFixed(1)} %`);
});

// Short of ±30 % under halving: which settings go on, and how their time grows on three
// times the rows, are forecast before they are known (worst: 30.6 % on Seattle at 67 % of the
// time, with 1.6 s left, just before the last iteration; 34.9 % on 5 000 × 50 at 21 %).
test('successive halving: from 20 % of the time on, the estimate is within ±32 % of the time left on the Seattle table', (t) => {
  t.diagnostic(`worst ${(100 * assertWithin('unit-times-seattle.json', 0.32)).toFixed(1)} %`);
});

test('successive halving: from 20 % of the time on, the estimate is within ±36 % of the time left on 5 000 × 50', (t) => {
  t.diagnostic(`worst ${(100 * assertWithin('unit-times-5k-50.json', 0.36)).toFixed(1)} %`);
});

test('survival: the chance of being among the best k by mean score, from the fold scores so far', () => {
  const setting = (...scores: number[]) => ({ sum: scores.reduce((a, b) => a + b, 0), squares: scores.reduce((a, b) => a + b * b, 0), count: scores.length });
  // Far apart against a fold's spread: the order stands.
  assert.deepEqual([...survivalChances([setting(0.9, 0.91), setting(0.5, 0.52), setting(0.7, 0.69)], 1)].map((p) => Math.round(p * 1000) / 1000), [1, 0, 0]);
  // Two even settings share one place; the third, far below, has none.
  const even = survivalChances([setting(0.8, 0.9), setting(0.9, 0.8), setting(0.1, 0.2)], 1);
  assert.ok(Math.abs(even[0] - 0.5) < 1e-9 && Math.abs(even[1] - 0.5) < 1e-9 && even[2] < 1e-6, `${even}`);
  // Close against the spread: both count, the better one more; the chances add up to k.
  const close = survivalChances([setting(0.80, 0.84), setting(0.83, 0.85), setting(0.4, 0.41), setting(0.2, 0.25)], 1);
  assert.ok(close[1] > close[0] && close[0] > 0.1, `${close}`);
  assert.ok(Math.abs(close.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  // One score each: no spread known, the ranking as it stands (a tie to the later setting, as halving's cut).
  assert.deepEqual([...survivalChances([setting(0.7), setting(0.7), setting(0.9)], 2)], [0, 1, 1]);
  assert.deepEqual([...survivalChances([setting(0.7), setting(0.9)], 2)], [1, 1]);
});

test('counting fits instead (elapsed / done × left) misses by far more on the same recording', () => {
  const seconds = recording('unit-times-pima.json').events.flatMap((event) => (event[0] === 'finish' ? [event[2]] : []));
  const total = seconds.reduce((sum, s) => sum + s, 0);
  let now = 0;
  let worst = 0;
  seconds.forEach((s, done) => {
    now += s;
    const left = total - now;
    if (now / total >= 0.2 && now / total <= 0.95) worst = Math.max(worst, Math.abs((now / (done + 1)) * (seconds.length - done - 1) - left) / left);
  });
  assert.ok(worst > 1, `fits-count estimate within ${worst}`);
});

test('a unit is predicted by its setting’s other folds, then by the same setting on fewer rows, then by its kind’s cost; nothing is known before the first unit', () => {
  let now = 0;
  const clock = new RemainingTime(() => now, 0);
  const unit = (kind: string, cost: number, setting: number, fold: number) => ({ kind, cost, setting, rows: 50, fold, rowsExponent: 1 });
  clock.add([unit('svc', 100, 0, 0), unit('svc', 100, 1, 0), unit('knn', 1, 2, 0), unit('svc', 100, 0, 1), unit('svc', 100, 1, 1), unit('knn', 1, 2, 1)]);
  assert.equal(clock.secondsLeft(), null);
  now = 2;
  clock.finish(0, 2, 0.9);
  // Setting 0's second fold: 2 s, as its first; setting 1: svc's calibration (2 s per 100 of cost); knn: the overall rate (0.02 s per 1).
  assert.ok(Math.abs(clock.secondsLeft()! - (2 + 2 + 2 + 0.02 + 0.02)) < 1e-9);
  now = 3;
  clock.finish(1, 1, 0.5);
  now = 3.5;
  clock.finish(2, 0.5, 0.7);
  now = 5.5;
  clock.finish(3, 2, 0.9);
  // Setting 0 done; setting 1's second fold as its first (1 s); knn's as its first (0.5 s).
  assert.ok(Math.abs(clock.secondsLeft()! - 1.5) < 1e-9);
  // A later iteration on 150 rows keeps the best third by mean score: setting 0 (0.9), its 2 s a fold grown by its exponent 1 to 6 s.
  clock.expectLater({ iterations: [{ rows: 150, candidates: 1 }], folds: 2, settings: [0, 1, 2].map((setting) => ({ kind: setting < 2 ? 'svc' : 'knn', cost: 1, rowsExponent: 1 })), allRows: 150 });
  assert.ok(Math.abs(clock.secondsLeft()! - (1.5 + 12)) < 1e-9);
  // Two workers busy for the elapsed time: half the busy seconds are wall seconds.
  assert.ok(Math.abs(clock.estimateLeft(2.75) - clock.estimateLeft(5.5) / 2) < 1e-9);
});

test('a fold that is costlier for every setting of a kind is predicted so for the settings that have not run it yet', () => {
  let now = 0;
  const clock = new RemainingTime(() => now, 0);
  const unit = (setting: number, fold: number) => ({ kind: 'svc', cost: 1, setting, rows: 100, fold, rowsExponent: 1 });
  clock.add([unit(0, 0), unit(1, 0), unit(0, 1), unit(1, 1)]);
  for (const [index, seconds] of [[0, 1], [1, 3], [2, 2]] as const) {
    now += seconds;
    clock.finish(index, seconds, null);
  }
  // Fold 1 took setting 0 twice its fold 0: setting 1's fold 1, after its 3 s on fold 0, is predicted near 6 s, not 3 s.
  const left = clock.secondsLeft()!;
  assert.ok(left > 5 && left < 6.5, `${left}`);
});

test('halving’s later iterations: until every setting of the iteration has a score, each goes on with the same chance', () => {
  let now = 0;
  const clock = new RemainingTime(() => now, 0);
  // Costs on all 30 rows are 1; on 10 rows, a third.
  clock.add([0, 1, 2].map((setting) => ({ kind: 'k', cost: 1 / 3, setting, rows: 10, fold: 0, rowsExponent: 1 })));
  clock.expectLater({ iterations: [{ rows: 30, candidates: 1 }], folds: 1, settings: [0, 1, 2].map(() => ({ kind: 'k', cost: 1, rowsExponent: 1 })), allRows: 30 });
  now = 1;
  clock.finish(0, 1, 0.2);
  now = 3;
  clock.finish(1, 2, 0.9);
  // Setting 2 (no score yet): the kind's rate (4.5 s per 1 of cost: 1.5 s); next iteration: each of the three with chance 1/3, at 3 × its time on 10 rows (3 s, 6 s; 4.5 s for setting 2, from the rate).
  assert.ok(Math.abs(clock.secondsLeft()! - (1.5 + (3 + 6 + 4.5) / 3)) < 1e-9);
});
