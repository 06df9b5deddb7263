// libsvm's random numbers and the Platt shuffle of SVC(probability=True) against a C++
// reference (std::mt19937 and scikit-learn 1.2.1's bounded_rand_int, compiled by g++:
// tests/fixtures/sklearn/libsvm_rand.cpp), numpy (the seed BaseLibSVM.fit draws), and
// scikit-learn's fitted sigmoids (generate_platt.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { takeLabels, takeRows } from '../pipeline/data/matrix.ts';
import { FAMILIES } from '../pipeline/models/families.ts';
import { LibsvmRandom } from '../pipeline/models/random/libsvm-rand.ts';
import { Mt19937 } from '../pipeline/models/random/mt19937.ts';
import type { SvcClassifier } from '../pipeline/models/svc/inference.ts';
import { libsvmSeed, PlattShuffle } from '../pipeline/models/svc/platt-shuffle.ts';
import { fitClassifierPipeline } from './helpers/fit-classifier.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';

interface Stream {
  name: string;
  seed: number;
  ranges?: number[];
  length: number;
  first: number[];
  digest: number;
}

const cpp = JSON.parse(readFileSync(new URL('./fixtures/sklearn/libsvm-rand.json', import.meta.url), 'utf8')) as {
  streams: Stream[];
  permutations: { seed: number; classCounts: number[]; pairs: { classes: number[]; perm: number[] }[] }[];
};
const numpy = JSON.parse(readFileSync(new URL('./fixtures/sklearn/rng-streams.json', import.meta.url), 'utf8')) as { libsvmSeeds: Record<string, number> };

const P = 2 ** 31 - 1;
function check(stream: Stream, draw: (i: number) => number) {
  let digest = 0;
  const first: number[] = [];
  for (let i = 0; i < stream.length; i++) {
    const value = draw(i);
    if (i < stream.first.length) first.push(value);
    digest = (digest * 31 + (value % P)) % P;
  }
  assert.deepEqual(first, stream.first, `${stream.name}, seed ${stream.seed}: first values`);
  assert.equal(digest, stream.digest, `${stream.name}, seed ${stream.seed}: every value (hash)`);
}

test('MT19937 seeded with one integer draws std::mt19937::seed(value)\'s words (100 000 per seed)', () => {
  const streams = cpp.streams.filter((s) => s.name === 'raw words');
  assert.ok(streams.length >= 5);
  for (const stream of streams) {
    const mt = new Mt19937(stream.seed);
    check(stream, () => mt.nextUint32());
  }
});

test("bounded_rand_int draws libsvm's numbers, ranges 1 to 2^31 - 1 (60 000 per seed)", () => {
  const streams = cpp.streams.filter((s) => s.name === 'bounded_rand_int');
  assert.ok(streams.length >= 5);
  for (const stream of streams) {
    const random = new LibsvmRandom(stream.seed);
    const ranges = stream.ranges!;
    check(stream, (i) => random.boundedRandInt(ranges[i % ranges.length]));
  }
});

test("the libsvm seed of a random_state is BaseLibSVM.fit's (numpy's RandomState(random_state).randint(2^31 - 1))", () => {
  for (const [randomState, seed] of Object.entries(numpy.libsvmSeeds)) assert.equal(libsvmSeed(Number(randomState)), seed, `random_state ${randomState}`);
});

test("Platt's shuffle of every pair's rows is libsvm's, pairs in order on one reseeded generator", () => {
  let pairs = 0;
  for (const { seed, classCounts, pairs: expected } of cpp.permutations) {
    const shuffle = new PlattShuffle(seed);
    let p = 0;
    for (let a = 0; a < classCounts.length; a++) {
      for (let b = a + 1; b < classCounts.length; b++, p++) {
        const y = Int8Array.from({ length: classCounts[a] + classCounts[b] }, (_, i) => (i < classCounts[a] ? 1 : -1));
        assert.deepEqual(expected[p].classes, [a, b]);
        assert.deepEqual(Array.from(shuffle.next(y)), expected[p].perm, `seed ${seed}, classes ${JSON.stringify(classCounts)}, pair ${a}-${b}`);
        pairs++;
      }
    }
    assert.equal(p, expected.length);
  }
  assert.ok(pairs > 100);
});

const platt = JSON.parse(readFileSync(new URL('./fixtures/sklearn/platt-parity.json', import.meta.url), 'utf8')) as {
  datasets: Record<string, { random_state: number; probA: number[]; probB: number[] }[]>;
};
const DATASETS: Record<string, string> = {
  iris: IRIS_CSV_PATH,
  wine: new URL('./fixtures/sklearn/wine.csv', import.meta.url).pathname,
  breast_cancer: new URL('./fixtures/sklearn/breast_cancer.csv', import.meta.url).pathname,
};

test("SVC's Platt sigmoids (prob_a, prob_b) are scikit-learn's to the solver's tolerance, at each random_state", (t) => {
  const TOLERANCE = 5e-3; // measured up to 7e-4: the inner folds' SMO solutions differ within libsvm's tolerance
  let largest = 0;
  let acrossSeeds = Infinity; // how far another random_state's sigmoid is: the folds decide it
  for (const [name, path] of Object.entries(DATASETS)) {
    const data = loadCsvFile(path);
    const train = Array.from({ length: data.y.length }, (_, i) => i).filter((i) => i % 5 !== 0);
    const plan = planColumns(data);
    for (const { random_state, probA, probB } of platt.datasets[name]) {
      const params = { ...FAMILIES.svc.defaults, random_state };
      const { classifier } = fitClassifierPipeline(takeRows(data.X, train), takeLabels(data.y, train), data.classes.length, { family: 'svc', scaler: 'standard', params }, plan, 0).model;
      const pairs = (classifier as SvcClassifier).pairs;
      assert.equal(pairs.length, probA.length);
      pairs.forEach((pair, p) => {
        const gap = Math.max(Math.abs(pair.prob_a - probA[p]), Math.abs(pair.prob_b - probB[p]));
        assert.ok(gap <= TOLERANCE, `${name}, random_state ${random_state}, pair ${p}: prob_a ${pair.prob_a} vs ${probA[p]}, prob_b ${pair.prob_b} vs ${probB[p]}`);
        largest = Math.max(largest, gap);
      });
    }
    const cases = platt.datasets[name];
    for (let a = 0; a < cases.length; a++)
      for (let b = a + 1; b < cases.length; b++) acrossSeeds = Math.min(acrossSeeds, cases[a].probA.reduce((most, v, p) => Math.max(most, Math.abs(v - cases[b].probA[p])), 0));
  }
  t.diagnostic(`largest difference ${largest.toExponential(2)}; two random_states' prob_a differ by at least ${acrossSeeds.toExponential(2)}`);
});
