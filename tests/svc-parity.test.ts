// SVC's solver against scikit-learn 1.2.1's libsvm, step for step: the same iterations
// per one-vs-one pair (n_iter_), the same dual coefficients and rho, the same decision
// values on held-out rows (fixtures from tests/fixtures/sklearn/generate_svc.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadCsvFile } from '../pipeline/data/csv.ts';
import { takeLabels, takeRows } from '../pipeline/data/matrix.ts';
import { fitSvc, SVC_DEFAULTS, type SvcParams } from '../pipeline/models/svc/fit.ts';
import { kernelValue } from '../pipeline/models/svc/kernel.ts';
import { fitScaler, transform } from '../pipeline/preprocess/scalers.ts';

interface Case {
  params: Partial<SvcParams>;
  nIter: number[];
  pairs: { classes: number[]; rho: number; coef: [number, number][] }[];
  decision: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn/svc-parity.json', import.meta.url), 'utf8')) as { datasets: Record<string, Case[]> };

// Measured: coefficients and rho equal to the bit, decision values within 1e-14 relative (exp's last bit).
const COEF_TOLERANCE = 1e-14;
const DECISION_TOLERANCE = 5e-14;

function split(name: string) {
  const data = loadCsvFile(new URL(`./fixtures/sklearn/${name}.csv`, import.meta.url).pathname);
  const rows = Array.from({ length: data.y.length }, (_, i) => i);
  const trainX = takeRows(data.X, rows.filter((i) => i % 5 !== 0));
  const scaler = fitScaler.standard(trainX, trainX.cols);
  return {
    X: transform(scaler, trainX),
    y: takeLabels(data.y, rows.filter((i) => i % 5 !== 0)),
    testX: transform(scaler, takeRows(data.X, rows.filter((i) => i % 5 === 0))),
    classCount: data.classes.length,
  };
}

for (const name of ['wine', 'breast_cancer']) {
  const { X, y, testX, classCount } = split(name);
  for (const expected of fixture.datasets[name]) {
    test(`${name} ${JSON.stringify(expected.params)}: libsvm's iterations, dual coefficients, rho and decision values`, (t) => {
      const fit = fitSvc(X, y, classCount, { ...SVC_DEFAULTS, ...expected.params }, 0);
      assert.deepEqual(fit.iterations, expected.nIter, 'iterations per pair (n_iter_)');
      const svc = fit.classifier;
      let coefDifference = 0;
      let rhoDifference = 0;
      svc.pairs.forEach((pair, p) => {
        const theirs = expected.pairs[p];
        assert.deepEqual(pair.classes, theirs.classes);
        const ours = new Map(pair.support.map((s, m) => [fit.supportRows[s], pair.coef[m]]));
        assert.deepEqual([...ours.keys()].sort((a, b) => a - b), theirs.coef.map(([row]) => row).sort((a, b) => a - b), `pair ${p}: the same support vectors`);
        for (const [row, value] of theirs.coef) coefDifference = Math.max(coefDifference, Math.abs(ours.get(row)! - value) / Math.abs(value));
        rhoDifference = Math.max(rhoDifference, Math.abs(pair.rho - theirs.rho) / Math.max(1, Math.abs(theirs.rho)));
      });
      const vectors = Float64Array.from(svc.support_vectors.flat());
      let decisionDifference = 0;
      expected.decision.forEach((row, i) =>
        row.forEach((value, p) => {
          const pair = svc.pairs[p];
          let decision = 0;
          pair.support.forEach((s, m) => (decision += pair.coef[m] * kernelValue(svc, vectors, s, testX.data, i, testX.cols)));
          decisionDifference = Math.max(decisionDifference, Math.abs(decision - pair.rho - value) / Math.max(1, Math.abs(value)));
        }),
      );
      t.diagnostic(`iterations ${fit.iterations.join(', ')}; largest relative differences: coefficients ${coefDifference.toExponential(1)}, rho ${rhoDifference.toExponential(1)}, decision values ${decisionDifference.toExponential(1)}`);
      assert.ok(coefDifference <= COEF_TOLERANCE, `dual coefficients: ${coefDifference}`);
      assert.ok(rhoDifference <= COEF_TOLERANCE, `rho: ${rhoDifference}`);
      assert.ok(decisionDifference <= DECISION_TOLERANCE, `decision values: ${decisionDifference}`);
    });
  }
}
