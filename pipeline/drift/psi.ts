// The population stability index as Evidently computes it (its stattests/psi.py with
// utils.get_binned_data):
//   PSI = Σ_i (r_i − c_i) · ln(r_i / c_i)
// over the bins (or categories) i, r_i and c_i the reference and current shares. A share
// of 0 is replaced, separately on each side, by 0.0001, or by a millionth of that side's
// smallest non-zero share when that share is itself at most 0.0001 (so the log stays
// finite and an empty bin still counts heavily). Bins empty on both sides are left out
// here: Evidently's categories never have them, and its numeric histograms would score
// them 0 only when both sides fill the same value.

function shares(counts: ArrayLike<number>, keep: Uint8Array): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) if (keep[i]) total += counts[i];
  const out: number[] = [];
  let smallest = Infinity;
  for (let i = 0; i < counts.length; i++) {
    if (!keep[i]) continue;
    const share = counts[i] / total;
    out.push(share);
    if (share > 0 && share < smallest) smallest = share;
  }
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return out.map((share) => (share === 0 ? fill : share));
}

/** PSI between two count vectors over the same bins. */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  if (reference.length !== current.length) throw new Error('PSI needs two count vectors over the same bins');
  const keep = new Uint8Array(reference.length);
  for (let i = 0; i < keep.length; i++) keep[i] = reference[i] > 0 || current[i] > 0 ? 1 : 0;
  const r = shares(reference, keep);
  const c = shares(current, keep);
  let psi = 0;
  for (let i = 0; i < r.length; i++) psi += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return psi;
}
