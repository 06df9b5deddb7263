// --search halving against scikit-learn 1.2.1's HalvingGridSearchCV (fixtures/sklearn/
// generate_halving.py): the same iterations on the same rows, the same candidates
// surviving each one with the same mean scores, the same best setting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { halvingSchedule, subsample, topK } from '../pipeline/selection/halving-schedule.ts';
import { pythonLog } from '../pipeline/selection/python-log.ts';
import { trainModel } from '../pipeline/train.ts';
import { formatTrainingReport } from '../scripts/training-report.ts';
import { TEST_ENVIRONMENT } from './helpers/iris-artifact.ts';
import { runScript } from './helpers/run.ts';
import { tempDir } from './helpers/temp-dir.ts';

interface Case {
  name: string;
  data: string;
  targetColumn: number | null;
  family: string;
  grid: Record<string, Record<string, (number | string)[]>[]>;
  scoring: string;
  rows: number;
  nCandidates: number[];
  nResources: number[];
  nIterations: number;
  minResources: number;
  maxResources: number;
  bestParams: Record<string, number | string>;
  iterations: { candidates: number[]; meanTestScores: number[] }[];
  tieAtCut: boolean;
}

const fixtures = new URL('./fixtures/sklearn/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('halving-parity.json', fixtures), 'utf8')) as {
  seed: number;
  cases: Case[];
  subsamples: { n: number; k: number; rows: number[] }[];
  logs: [number, number, number][];
};

test("iteration counts floor Python's math.log(x, factor), which is log(x) / log(factor) of correctly rounded logs", () => {
  for (const [x, base, expected] of fixture.logs) assert.equal(pythonLog(x, base), expected, `log(${x}, ${base})`);
  // Where V8's Math.log would give another iteration count.
  assert.equal(Math.floor(pythonLog(243, 3)), 4);
});

test("a fold's subsample is sklearn.utils.resample(replace=False, random_state=seed): numpy's shuffle of RandomState(seed)", () => {
  for (const { n, k, rows } of fixture.subsamples) {
    assert.deepEqual(subsample(Array.from({ length: n }, (_, i) => i), k / n, fixture.seed), rows, `${k} of ${n}`);
  }
});

test("the schedule: min_resources='exhaust' starts where the last iteration uses the most rows, within max_resources", () => {
  // 158 candidates of 5 classes on 1168 training rows: 5 iterations wanted, 3 fit from 50 rows.
  assert.deepEqual(halvingSchedule(158, 1168, 50), { factor: 3, minResources: 50, maxResources: 1168, nResources: [50, 150, 450], nCandidates: [158, 53, 18] });
  // Few candidates: 'exhaust' raises the start so the last iteration uses nearly every row.
  assert.deepEqual(halvingSchedule(10, 1000, 20).nResources, [111, 333, 999]);
  // 243 = 3^5 candidates: Python's log(243, 3) < 5, so 5 iterations are required, not 6.
  assert.deepEqual(halvingSchedule(243, 100000, 10).nCandidates, [243, 81, 27, 9, 3]);
  // One candidate: one iteration on every row.
  assert.deepEqual(halvingSchedule(1, 120, 30), { factor: 3, minResources: 120, maxResources: 120, nResources: [120], nCandidates: [1] });
  assert.throws(() => halvingSchedule(10, 20, 30), /^RangeError: --search halving: the first iteration needs 30 training rows .* has 20;/);
});

test('_top_k: the best third goes on, worst first; an undefined score sorts below every defined one', () => {
  assert.deepEqual(topK([0.5, null, 0.9, 0.7, 0.1], 2), [3, 2]);
  assert.deepEqual(topK([null, null, 0.2], 2), [1, 2]);
});

for (const entry of fixture.cases) {
  test(`HalvingGridSearchCV parity: ${entry.name}`, async () => {
    assert.equal(entry.tieAtCut, false, 'the fixture has no tie at a cut (numpy breaks those in no fixed order)');
    const path = new URL(`${entry.data}.csv`, fixtures).pathname;
    const header = readFileSync(path, 'utf8').split('\n', 1)[0].split(',');
    const dataset = entry.targetColumn === null ? loadCsvFile(path) : loadCsvFile(path, { target: header[entry.targetColumn], drop: [header[header.length - 1]] });
    assert.equal(dataset.X.rows, entry.rows);
    const result = await trainModel(dataset, { seed: fixture.seed, folds: 5, testSize: 0, grid: entry.grid as never, scoring: entry.scoring, search: 'halving', jobs: 1, environment: TEST_ENVIRONMENT });
    const { selection } = result.artifact;
    assert.deepEqual(selection.halving, [{ family: entry.family, factor: 3, minResources: entry.minResources, maxResources: entry.maxResources, nResources: entry.nResources, nCandidates: entry.nCandidates }]);
    assert.equal(selection.halving![0].nResources.length, entry.nIterations);
    entry.iterations.forEach(({ candidates, meanTestScores }, iteration) => {
      const reached = selection.results.flatMap((candidate, c) => (candidate.iteration! >= iteration ? [c] : []));
      assert.deepEqual(reached, [...candidates].sort((a, b) => a - b), `the candidates of iteration ${iteration}`);
      candidates.forEach((c, i) => {
        const own = selection.results[c];
        // A candidate's scores are those of the last iteration it ran in.
        if (own.iteration !== iteration) return;
        assert.ok(Math.abs(own.cvMean! - meanTestScores[i]) <= 1e-9 * Math.max(1, Math.abs(meanTestScores[i])), `candidate ${c} in iteration ${iteration}: ${own.cvMean} against ${meanTestScores[i]}`);
      });
    });
    assert.deepEqual(selection.params, entry.bestParams);
    assert.match(formatTrainingReport(result.artifact), new RegExp(`Successive halving of ${entry.family}: ${entry.nCandidates[0]} candidates → ${entry.nCandidates.slice(1).join(' → ')} on ${entry.nResources.join(' → ')} rows`));
  });
}

const breastCancer = new URL('breast_cancer.csv', fixtures).pathname;
const twoFamilies = { knn: [{ classifier__n_neighbors: [1, 3, 5, 7, 9, 11, 15], scaler: ['standard', 'minmax'] }], logistic_regression: [{ classifier__C: [0.01, 0.1, 1, 10, 100], scaler: ['standard', 'minmax'] }] };

test('halving by default: one tournament over both families; the summary shows how far each got; --jobs 1 and 2 give the same artifact', async () => {
  const header = readFileSync(breastCancer, 'utf8').split('\n', 1)[0].split(',');
  const dataset = loadCsvFile(breastCancer, { target: header[header.length - 1] });
  const [one, two] = await Promise.all([1, 2].map((jobs) => trainModel(dataset, { seed: 42, folds: 5, testSize: 0.2, grid: twoFamilies as never, jobs, environment: TEST_ENVIRONMENT })));
  assert.equal(JSON.stringify(one.artifact), JSON.stringify(two.artifact), 'the artifacts of --jobs 1 and 2 differ');
  const summary = formatTrainingReport(one.artifact);
  // 455 training rows of 2 classes; 24 candidates: 3 iterations from 50 rows.
  assert.match(summary, /Successive halving of all 2 families together: 24 candidates → 8 → 3 on 50 → 150 → 450 rows \(of 455 training rows, factor 3/);
  assert.match(summary, /halving reached/);
  assert.match(summary, /iteration 3 of 3: \d on 450 rows/);
  const halving = one.artifact.selection.halving!;
  assert.deepEqual(halving.map((entry) => entry.family), ['knn', 'logistic_regression']);
  // Every iteration's candidates, across the families, are the tournament's.
  assert.deepEqual([0, 1, 2].map((i) => halving.reduce((sum, entry) => sum + (entry.nCandidates[i] ?? 0), 0)), [24, 8, 3]);
  // Only the families that reached the last iteration are refitted, as HalvingGridSearchCV refits its best only.
  assert.deepEqual(halving.map((entry) => entry.nCandidates.length), [2, 3]);
  assert.deepEqual(one.families.map((outcome) => outcome.family), ['logistic_regression']);
  const [knn, logistic] = one.artifact.selection.families;
  assert.deepEqual([knn.family, knn.testScore, knn.modelBytes], ['knn', null, null]);
  assert.ok(knn.cvMean !== null && logistic.testScore !== null && logistic.modelBytes !== null);
  assert.match(formatTrainingReport(one.artifact, one.families), /knn .* iteration 2 of 3: 1 on 150 rows +— +— +— +—/);

  // Every family's best refitted (--keep-all): the same search and winner, the eliminated family's test score and size too.
  const every = await trainModel(dataset, { seed: 42, folds: 5, testSize: 0.2, grid: twoFamilies as never, jobs: 1, environment: TEST_ENVIRONMENT, everyFamily: true });
  assert.deepEqual(every.families.map((outcome) => outcome.family), ['knn', 'logistic_regression']);
  assert.deepEqual(every.artifact.selection.results, one.artifact.selection.results);
  assert.deepEqual([every.family, every.artifact.metrics], [one.family, one.artifact.metrics]);
  assert.deepEqual(every.artifact.selection.families[1], logistic);
  assert.ok(every.artifact.selection.families[0].testScore !== null && every.artifact.selection.families[0].modelBytes! > 0);
});

test('iris goes straight to the full search: 120 training rows are fewer than 9 × the 30 of min_resources=\'smallest\'', () => {
  const dir = tempDir('kit-halving-');
  const run = runScript('scripts/train.ts', ['--model', 'logistic_regression,naive_bayes', '--out', join(dir, 'model.json'), '--runs-dir', join(dir, 'runs')]);
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /Successive halving/);
  assert.match(run.stdout, /Grid search of/);
  const artifact = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.equal(artifact.selection.halving, undefined);
});

test('--search takes halving, full or grid (the full search\'s other name)', () => {
  const run = runScript('scripts/train.ts', ['--search', 'random']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^--search must be one of halving, full, grid, got "random"/);
});
