// Platt scaling as libsvm fits it for SVC(probability=True): decision values from a
// 5-fold cross-validation inside the training rows, then a sigmoid fitted to them by
// Newton's method with backtracking (Lin, Lin and Weng's algorithm, with Platt's
// smoothed targets).

/** libsvm's sigmoid_train: A and B of P(+1 | f) = 1 / (1 + exp(A f + B)). */
export function fitSigmoid(decisions: Float64Array, positive: Uint8Array): { a: number; b: number } {
  const l = decisions.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) prior1 += positive[i];
  const prior0 = l - prior1;
  const maxIterations = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const target = new Float64Array(l);
  for (let i = 0; i < l; i++) target[i] = positive[i] ? hiTarget : loTarget;
  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (A: number, B: number) => {
    let value = 0;
    for (let i = 0; i < l; i++) {
      const fApB = decisions[i] * A + B;
      value += fApB >= 0 ? target[i] * fApB + Math.log1p(Math.exp(-fApB)) : (target[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return value;
  };
  let fval = objective(a, b);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = decisions[i] * a + b;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
        q = 1 / (1 + Math.exp(-fApB));
      } else {
        p = 1 / (1 + Math.exp(fApB));
        q = Math.exp(fApB) / (1 + Math.exp(fApB));
      }
      const d2 = p * q;
      h11 += decisions[i] * decisions[i] * d2;
      h22 += d2;
      h21 += decisions[i] * d2;
      const d1 = target[i] - p;
      g1 += decisions[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = a + step * dA;
      const newB = b + step * dB;
      const newF = objective(newA, newB);
      if (newF < fval + 0.0001 * step * gd) {
        a = newA;
        b = newB;
        fval = newF;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // the line search failed: keep the last A, B
  }
  return { a, b };
}
