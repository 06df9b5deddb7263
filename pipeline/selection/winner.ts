// Which family's best model the search keeps: under successive halving, a family whose
// best reached a later iteration first (the survivors of the last one are ranked, as the
// full search ranks every family); then the best CV score; a tie goes to the
// smaller model, then to the family listed first in the grid. Measured times are no
// tie-break: they differ from run to run, and the choice must not.

export interface FamilyStanding {
  cvMean: number | null;
  /** Bytes of the serialized model. */
  modelBytes: number;
  /** Successive halving: the last iteration the family's best ran in (0 for the full search). */
  reached?: number;
}

/** Indexes of `families` (in grid order), best first. */
export function rankFamilies(families: readonly FamilyStanding[]): number[] {
  return [...families.keys()].sort((a, b) => (families[b].reached ?? 0) - (families[a].reached ?? 0) || (families[b].cvMean ?? 0) - (families[a].cvMean ?? 0) || families[a].modelBytes - families[b].modelBytes || a - b);
}
