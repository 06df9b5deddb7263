// Successive halving's iterations in words, for the summary and the HTML report.
import type { Artifact } from '../artifact/artifact.ts';

/** HalvingGridSearchCV's n_candidates_ and n_resources_ of one family in one line. */
export function halvingLine(halving: NonNullable<Artifact['selection']['halving']>[number]): string {
  const [first, ...rest] = halving.nCandidates;
  return `Successive halving of ${halving.family}: ${[`${first} candidate${first === 1 ? '' : 's'}`, ...rest].join(' → ')} on ${halving.nResources.join(' → ')} rows (of ${halving.maxResources} training rows, factor ${halving.factor}; each fold's rows subsampled in that proportion)`;
}
