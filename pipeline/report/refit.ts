import type { Artifact } from '../artifact/artifact.ts';
import { STEP_PREFIXES } from '../tasks/task.ts';

/**
 * How the final fit (on the whole training part) went, in one line, as the summary and
 * the report say it: iterations for the iterative solvers (per one-vs-one pair for SVC,
 * scikit-learn's n_iter_), "NOT converged" when one stopped at max_iter.
 */
export function refitSummary(artifact: Pick<Artifact, 'selection' | 'task'>): string {
  const { refit, estimatorParams } = artifact.selection;
  if (refit.iterations.length === 0) return 'Final fit: done (no iterative solver)';
  const iterations = `${refit.iterations.join('/')} iteration${refit.iterations.length === 1 && refit.iterations[0] === 1 ? '' : 's'}`;
  if (refit.converged) return `Final fit: converged in ${iterations}`;
  const limit = estimatorParams.max_iter === -1 || estimatorParams.max_iter === undefined ? "the kit's default iteration limit" : `max_iter=${estimatorParams.max_iter}`;
  return `Final fit: NOT converged: stopped at ${limit} (${iterations}); raise ${STEP_PREFIXES[artifact.task]}max_iter`;
}
