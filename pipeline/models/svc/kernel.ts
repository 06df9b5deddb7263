// libsvm's kernels as SVC names them: K(u, v) for rows u and v of flat arrays.
export type KernelName = 'rbf' | 'poly' | 'linear' | 'sigmoid';

export interface KernelParams {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** K of row a of `u` and row b of `v`, both `width` wide. */
export function kernelValue(params: KernelParams, u: Float64Array, a: number, v: Float64Array, b: number, width: number): number {
  let dot = 0;
  const ua = a * width;
  const vb = b * width;
  if (params.kernel === 'rbf') {
    for (let j = 0; j < width; j++) {
      const d = u[ua + j] - v[vb + j];
      dot += d * d;
    }
    return Math.exp(-params.gamma * dot);
  }
  for (let j = 0; j < width; j++) dot += u[ua + j] * v[vb + j];
  if (params.kernel === 'linear') return dot;
  if (params.kernel === 'poly') return (params.gamma * dot + params.coef0) ** params.degree;
  return Math.tanh(params.gamma * dot + params.coef0);
}
