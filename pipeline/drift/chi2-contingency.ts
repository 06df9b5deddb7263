// Pearson's chi-square test of homogeneity on a 2 × k table of counts (reference row,
// current row), equal to scipy.stats.chi2_contingency(table) with its defaults: Yates'
// continuity correction when there is one degree of freedom, none otherwise.
import { chiSquareSf } from './gamma.ts';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** Categories empty in both rows must be left out first (scipy refuses a zero expected count). */
export function chi2Contingency(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  const k = reference.length;
  if (current.length !== k || k === 0) throw new Error('chi2_contingency needs two rows of the same, non-zero length');
  let referenceTotal = 0;
  let currentTotal = 0;
  for (let j = 0; j < k; j++) {
    referenceTotal += reference[j];
    currentTotal += current[j];
  }
  const total = referenceTotal + currentTotal;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  let statistic = 0;
  for (let j = 0; j < k; j++) {
    const column = reference[j] + current[j];
    if (column === 0 || referenceTotal === 0 || currentTotal === 0) throw new Error('chi2_contingency: a row or a column of the table is all zeros');
    // expected = row total · column total / grand total, as scipy's expected_freq forms it
    for (const [observed, rowTotal] of [
      [reference[j], referenceTotal],
      [current[j], currentTotal],
    ]) {
      const expected = (rowTotal * column) / total;
      // Yates: each count moved half a unit towards its expected value (no further than it)
      const adjusted = dof === 1 ? observed + Math.min(0.5, Math.abs(expected - observed)) * Math.sign(expected - observed) : observed;
      statistic += ((adjusted - expected) * (adjusted - expected)) / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
