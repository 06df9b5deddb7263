// Which family's best model the search keeps: the best CV score; a tie goes to the
// smaller model, then to the family listed first in the grid. Measured times are no
// tie-break: they differ from run to run, and the choice must not.

export interface FamilyStanding {
  cvMean: number | null;
  /** Bytes of the serialized model. */
  modelBytes: number;
}

/** Indexes of `families` (in grid order), best first. */
export function rankFamilies(families: readonly FamilyStanding[]): number[] {
  return [...families.keys()].sort((a, b) => (families[b].cvMean ?? 0) - (families[a].cvMean ?? 0) || families[a].modelBytes - families[b].modelBytes || a - b);
}
