// predict_proba of an imported estimator, written plainly from scikit-learn's own
// transform / predict_proba rules: it checks that the import reads every attribute the
// prediction needs (compared with scikit-learn's probabilities in the fixtures).
import { INFREQUENT, type ClassifierModel, type Estimator, type OneHotEncoderModel, type SvcModel, type TreeStructure } from '../../pipeline/import/index.ts';

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

function kernel(m: SvcModel, x: number[], sv: number): number {
  const { cols, data } = m.supportVectors;
  let dot = 0;
  let dist = 0;
  for (let j = 0; j < cols; j++) {
    const v = data[sv * cols + j];
    dot += x[j] * v;
    dist += (x[j] - v) ** 2;
  }
  if (m.kernel === 'linear') return dot;
  if (m.kernel === 'rbf') return Math.exp(-m.gamma * dist);
  if (m.kernel === 'poly') return (m.gamma * dot + m.coef0) ** m.degree;
  return Math.tanh(m.gamma * dot + m.coef0);
}

/**
 * libsvm's svm_predict_probability as scikit-learn bundles it: one-vs-one decision
 * values (pairs (i, j), i < j, each over both classes' support vectors), Platt's
 * sigmoid, then multiclass_probability's fixed-point coupling, for two classes too
 * (the bundled libsvm predates libsvm's own shortcut for two classes).
 */
function svcProba(m: SvcModel, x: number[]): number[] {
  const k = m.classes.length;
  const start = [0];
  for (let c = 0; c < k; c++) start.push(start[c] + m.nSupport[c]);
  const K = Array.from({ length: m.supportVectors.rows }, (_, s) => kernel(m, x, s));
  const r = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      let f = m.intercept[p];
      for (let s = start[i]; s < start[i + 1]; s++) f += m.dualCoef.data[(j - 1) * m.dualCoef.cols + s] * K[s];
      for (let s = start[j]; s < start[j + 1]; s++) f += m.dualCoef.data[i * m.dualCoef.cols + s] * K[s];
      const z = f * m.probA[p] + m.probB[p];
      const sig = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      r[i][j] = Math.min(Math.max(sig, 1e-7), 1 - 1e-7);
      r[j][i] = 1 - r[i][j];
      p++;
    }
  }
  const Q = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const P = new Array<number>(k).fill(1 / k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      Q[t][t] += r[j][t] ** 2;
      Q[t][j] = -r[j][t] * r[t][j];
    }
  }
  const Qp = new Array<number>(k).fill(0);
  for (let iter = 0; iter < Math.max(100, k); iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = Q[t].reduce((s, q, j) => s + q * P[j], 0);
      pQp += P[t] * Qp[t];
    }
    if (Math.max(...Qp.map((q) => Math.abs(q - pQp))) < 0.005 / k) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t][t];
      P[t] += diff;
      pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff);
        P[j] /= 1 + diff;
      }
    }
  }
  return P;
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
    case 'svc':
      return X.map((x) => svcProba(c, x));
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
