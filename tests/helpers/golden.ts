// The "golden" sequences the scipy fixture scripts describe instead of storing large
// samples: frac((i + offset) · 0.6180339887498949), optionally squared, scaled, shifted and
// floored to a grid — the same IEEE operations in Python and here, so the same values.
export interface GoldenSpec {
  n: number;
  offset?: number;
  square?: boolean;
  scale?: number;
  shift?: number;
  grid?: number;
}

export function golden(spec: GoldenSpec): Float64Array {
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    let u = ((i + (spec.offset ?? 0)) * 0.6180339887498949) % 1;
    if (spec.square) u = u * u;
    let v = u * (spec.scale ?? 1) + (spec.shift ?? 0);
    if (spec.grid !== undefined) v = Math.floor(v * spec.grid) / spec.grid;
    out[i] = v;
  }
  return out;
}

/** A fixture's sample: listed values (null = missing, NaN here) or a golden spec. */
export function sampleOf(side: readonly (number | null)[] | GoldenSpec): Float64Array {
  return Array.isArray(side) ? Float64Array.from(side as (number | null)[], (v) => (v === null ? Number.NaN : v)) : golden(side as GoldenSpec);
}
