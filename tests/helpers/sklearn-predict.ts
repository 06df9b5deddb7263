// predict_proba of an imported estimator, written plainly from scikit-learn's own
// transform / predict_proba rules: it checks that the import reads every attribute the
// prediction needs (compared with scikit-learn's probabilities in the fixtures).
// SVC goes through the kit's libsvm coupling (models/svc), fed the import's pairs.
import { INFREQUENT, type ClassifierModel, type Estimator, type OneHotEncoderModel, type SvcModel, type TreeStructure } from '../../pipeline/import/index.ts';
import { svcKind, type SvcClassifier } from '../../pipeline/models/svc/inference.ts';

export type Cell = number | string | boolean | null;

function isMissing(v: Cell, missing: number | string | null): boolean {
  if (missing === null) return v === null || (typeof v === 'number' && Number.isNaN(v));
  return v === missing;
}

function oneHot(e: OneHotEncoderModel, row: Cell[]): number[] {
  const out: number[] = [];
  e.features.forEach((f, i) => {
    const v = row[i] === null || (typeof row[i] === 'number' && Number.isNaN(row[i])) ? null : row[i];
    const j = f.categories.findIndex((c) => c === v);
    let output: Cell | typeof INFREQUENT | undefined;
    if (j >= 0) output = f.infrequent?.includes(f.categories[j]) ? INFREQUENT : f.categories[j];
    else if (e.handleUnknown === 'infrequent_if_exist' && f.infrequent) output = INFREQUENT;
    else if (e.handleUnknown === 'error') throw new Error(`unknown category ${String(v)}`);
    for (const o of f.outputs) out.push(o === output ? 1 : 0);
  });
  return out;
}

export function transform(e: Estimator, X: Cell[][]): Cell[][] {
  switch (e.kind) {
    case 'pipeline':
      return e.steps.reduce((rows, s) => (s.estimator === 'passthrough' ? rows : transform(s.estimator, rows)), X);
    case 'column_transformer':
      return X.map((row) =>
        e.groups.flatMap((g) => {
          const cells = g.columns.map((c) => row[c]);
          if (g.transformer === 'drop') return [];
          if (g.transformer === 'passthrough') return cells;
          return transform(g.transformer, [cells])[0];
        }),
      );
    case 'simple_imputer':
      return X.map((row) => e.keptColumns.map((c) => (isMissing(row[c], e.missingValues) ? (e.strategy === 'constant' ? (e.fillValue as Cell) : (e.statistics[c] as Cell)) : row[c])));
    case 'one_hot_encoder':
      return X.map((row) => oneHot(e, row));
    case 'standard_scaler':
      return X.map((row) => row.map((v, j) => ((v as number) - (e.mean ? e.mean[j] : 0)) / (e.scale ? e.scale[j] : 1)));
    case 'minmax_scaler':
      return X.map((row) => row.map((v, j) => (v as number) * e.scale[j] + e.min[j]));
    default:
      throw new Error(`${e.kind} does not transform`);
  }
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function leafRow(t: TreeStructure, x: number[]): number[] {
  let node = 0;
  // scikit-learn compares the row cast to float32 with the float64 threshold.
  while (t.left[node] !== -1) node = Math.fround(x[t.feature[node]]) <= t.threshold[node] ? t.left[node] : t.right[node];
  const row = Array.from(t.value.subarray(node * t.nClasses, (node + 1) * t.nClasses));
  const sum = row.reduce((a, b) => a + b, 0) || 1;
  return row.map((v) => v / sum);
}

/** The import's SVC as the kit's serving SVC: libsvm's pairs (i < j), each with both classes' support vectors. */
export function svcPairs(m: SvcModel): SvcClassifier {
  const k = m.classes.length;
  const start = [0];
  for (let c = 0; c < k; c++) start.push(start[c] + m.nSupport[c]);
  const pairs: SvcClassifier['pairs'] = [];
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const support: number[] = [];
      const coef: number[] = [];
      for (let s = start[i]; s < start[i + 1]; s++) support.push(s), coef.push(m.dualCoef.data[(j - 1) * m.dualCoef.cols + s]);
      for (let s = start[j]; s < start[j + 1]; s++) support.push(s), coef.push(m.dualCoef.data[i * m.dualCoef.cols + s]);
      pairs.push({ classes: [i, j], support, coef, rho: -m.intercept[p], prob_a: m.probA[p], prob_b: m.probB[p] });
      p++;
    }
  }
  const { rows, cols, data } = m.supportVectors;
  const support_vectors = Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
  return { kind: 'svc', kernel: m.kernel, gamma: m.gamma, degree: m.degree, coef0: m.coef0, support_vectors, pairs };
}

function classify(c: ClassifierModel, X: number[][]): number[][] {
  const k = c.classes.length;
  switch (c.kind) {
    case 'logistic_regression':
      return X.map((x) => {
        const z = Array.from({ length: c.coef.rows }, (_, r) => x.reduce((s, v, j) => s + v * c.coef.data[r * c.coef.cols + j], c.intercept[r]));
        if (c.multiClass === 'binary') return [1 - sigmoid(z[0]), sigmoid(z[0])];
        if (c.multiClass === 'ovr') {
          const p = z.map(sigmoid);
          const s = p.reduce((a, b) => a + b, 0);
          return p.map((v) => v / s);
        }
        return softmax(z.length === 1 ? [-z[0], z[0]] : z);
      });
    case 'gaussian_nb':
      return X.map((x) =>
        softmax(c.classes.map((_, i) => {
          let jll = Math.log(c.classPrior[i]);
          x.forEach((v, j) => {
            const variance = c.variance.data[i * c.variance.cols + j];
            jll -= 0.5 * Math.log(2 * Math.PI * variance) + (0.5 * (v - c.theta.data[i * c.theta.cols + j]) ** 2) / variance;
          });
          return jll;
        })),
      );
    case 'knn':
      return X.map((x) => {
        const d = Array.from({ length: c.fitX.rows }, (_, r) => {
          let s = 0;
          for (let j = 0; j < c.fitX.cols; j++) s += Math.abs(x[j] - c.fitX.data[r * c.fitX.cols + j]) ** c.p;
          return { r, d: s ** (1 / c.p) };
        }).sort((a, b) => a.d - b.d || a.r - b.r).slice(0, c.nNeighbors);
        const votes = new Array<number>(k).fill(0);
        const exact = d.some((n) => n.d === 0);
        for (const n of d) votes[c.y[n.r]] += c.weights === 'uniform' ? 1 : exact ? (n.d === 0 ? 1 : 0) : 1 / n.d;
        const s = votes.reduce((a, b) => a + b, 0);
        return votes.map((v) => v / s);
      });
    case 'decision_tree':
      return X.map((x) => leafRow(c.tree, x));
    case 'random_forest':
      return X.map((x) => {
        const sum = new Array<number>(k).fill(0);
        for (const t of c.trees) leafRow(t, x).forEach((v, i) => (sum[i] += v / c.trees.length));
        return sum;
      });
    case 'svc': {
      const flat = Float64Array.from(X.flat());
      const scaler = { kind: 'standard' as const, center: new Array(X[0].length).fill(0), scale: new Array(X[0].length).fill(1) };
      const out = svcKind.predictProba({ scaler, classifier: svcPairs(c) }, { data: flat, rows: X.length, cols: X[0].length }, k);
      return X.map((_, r) => Array.from(out.subarray(r * k, (r + 1) * k)));
    }
  }
}

export function predictProba(e: Estimator, X: Cell[][]): number[][] {
  if (e.kind === 'search') return predictProba(e.bestEstimator, X);
  if (e.kind === 'pipeline') {
    const last = e.steps[e.steps.length - 1].estimator;
    const head: Estimator = { ...e, steps: e.steps.slice(0, -1) };
    if (last === 'passthrough') throw new Error('a pipeline ending in passthrough');
    return predictProba(last, transform(head, X));
  }
  return classify(e as ClassifierModel, X as number[][]);
}
