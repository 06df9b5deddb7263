// Successive halving's iterations in words, for the summary and the HTML report.
import type { Artifact } from '../artifact/artifact.ts';

type Halving = NonNullable<Artifact['selection']['halving']>;

const arrow = (counts: number[]) => {
  const [first, ...rest] = counts;
  return [`${first} candidate${first === 1 ? '' : 's'}`, ...rest].join(' → ');
};

/** The whole tournament (every family's candidates at once): HalvingGridSearchCV's n_candidates_ and n_resources_, from the family that went furthest. */
export function tournament(halving: Halving) {
  const longest = halving.reduce((a, b) => (b.nResources.length > a.nResources.length ? b : a));
  return { longest, nResources: longest.nResources, nCandidates: longest.nResources.map((_, i) => halving.reduce((sum, entry) => sum + (entry.nCandidates[i] ?? 0), 0)) };
}

export function tournamentLine(halving: Halving): string {
  const { longest, nCandidates } = tournament(halving);
  return `Successive halving of ${halving.length === 1 ? "one family" : `all ${halving.length} families together`}: ${arrow(nCandidates)} on ${longest.nResources.join(' → ')} rows (of ${longest.maxResources} training rows, factor ${longest.factor}; each fold's rows subsampled in that proportion)`;
}

/** How far one family's candidates got: how many of them each iteration had, on how many rows. */
export function halvingLine(halving: Halving[number]): string {
  return `Successive halving of ${halving.family}: ${arrow(halving.nCandidates)} on ${halving.nResources.join(' → ')} rows (of ${halving.maxResources} training rows, factor ${halving.factor}; each fold's rows subsampled in that proportion)`;
}
