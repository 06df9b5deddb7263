// The exact null distribution of the two-sample Kolmogorov–Smirnov statistic (two-sided),
// as scipy.stats.ks_2samp computes it in its "exact" mode: lattice paths from (0, 0) to
// (m, n) that leave the band |x/m − y/n| < h / lcm(m, n) (Hodges 1958; Viehmann 2021 for
// the recursion on 1 − p, which keeps small p-values accurate).

/** P(D_{n,n} ≥ h/n), equal sample sizes: 2·(A0 − A0·A1 + …) by a Horner-like product. */
export function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/** P(D_{m,n} ≥ h/lcm(m, n)), the share of paths that do not stay strictly inside the band. */
export function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  // One column of the path counts, over the sliding window of rows still inside the band.
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  // The run of exact zeros in the previous column (paths that cannot have left the band,
  // or whose share underflowed): cells fed only by zeros are zero, so they are filled, not
  // computed — the same doubles, in a fraction of the time when D is large.
  let zeroStart = 0;
  let zeroEnd = 0;
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    const width = maxJ - minJ;
    const shift = minJ - lastMinJ;
    let value = minJ === 0 ? 0 : 1;
    let runStart = -1;
    let bestStart = 0;
    let bestEnd = 0;
    for (let jj = 0; jj < width; jj++) {
      const from = jj + shift;
      if (value === 0 && from >= zeroStart && from < zeroEnd) {
        const stop = Math.min(zeroEnd - shift, width);
        column.fill(0, jj, stop);
        if (runStart < 0) runStart = jj;
        jj = stop - 1;
      } else {
        const j = jj + minJ;
        value = (column[from] * i + value * j) / (i + j);
        column[jj] = value;
        if (value !== 0) {
          if (runStart >= 0 && jj - runStart > bestEnd - bestStart) [bestStart, bestEnd] = [runStart, jj];
          runStart = -1;
        } else if (runStart < 0) runStart = jj;
      }
    }
    if (runStart >= 0 && width - runStart > bestEnd - bestStart) [bestStart, bestEnd] = [runStart, width];
    zeroStart = bestStart;
    zeroEnd = bestEnd;
    currentLength = width;
    if (lastLength > currentLength) column.fill(1, width, width + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1];
}
