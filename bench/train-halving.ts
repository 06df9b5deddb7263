// The successive-halving cases of `npm run bench:train`: on one table, our default
// (--search halving), our --search full, scikit-learn's HalvingGridSearchCV over the same
// grid (every family in one tournament) and the notebook's exhaustive loop of
// GridSearchCVs; an exhaustive side that has not ended within EXHAUSTIVE_LIMIT_SECONDS is
// stopped and reported so.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { tournament } from '../pipeline/report/halving.ts';
import { formatTable } from '../scripts/text-table.ts';
import { PEER_DIR } from './peer.ts';
import type { Run } from './tree-run.ts';

export const EXHAUSTIVE_LIMIT_SECONDS = 15 * 60;

interface Files {
  csv: string;
  split: string;
  grid: string;
  columns: string;
  artifact: string;
  peerOut: string;
}
type Measure = (command: string, args: string[], limitSeconds?: number) => Promise<Run>;

interface SideResult extends Run {
  cvScore: number | null;
  testAccuracy: number | null;
  best: Record<string, unknown> | null;
  /** Halving only: candidates and rows of each iteration. */
  nCandidates?: number[];
  nResources?: number[];
}

const ourSide = (run: Run, artifact: Artifact | null): SideResult => ({
  ...run,
  cvScore: artifact?.metrics.cvMean ?? null,
  testAccuracy: artifact?.metrics.test && 'accuracy' in artifact.metrics.test ? artifact.metrics.test.accuracy : null,
  best: artifact ? { family: artifact.selection.family, ...artifact.selection.params } : null,
});

function peerSide(run: Run, outFile: string): SideResult {
  if (run.stoppedAfterSeconds !== undefined) return { ...run, cvScore: null, testAccuracy: null, best: null };
  const result = JSON.parse(readFileSync(outFile, 'utf8')) as { cvMean: number; testAccuracy: number | null; bestParams: Record<string, unknown>; nCandidates?: number[]; nResources?: number[] };
  return { ...run, cvScore: result.cvMean, testAccuracy: result.testAccuracy, best: result.bestParams, nCandidates: result.nCandidates, nResources: result.nResources };
}

/** The four runs of one table, one after the other. */
export async function halvingCase(measure: Measure, readArtifact: (file: string) => Artifact, files: Files, ourArgs: string[], jobs: number, python: string | null, log: (message: string) => void) {
  const train = (search: string, limit?: number) => measure('npm', ['run', '--silent', 'train', '--', '--data', files.csv, '--out', files.artifact, '--jobs', String(jobs), '--search', search, ...ourArgs], limit);
  const peer = (halving: boolean, limit?: number) => measure(python!, [join(PEER_DIR, 'grid_search.py'), files.csv, files.split, files.grid, String(jobs), files.peerOut, files.columns, ...(halving ? ['--halving'] : [])], limit);
  log('  ours, --search halving (the default)');
  const halvingRun = await train('halving');
  const halvingArtifact = readArtifact(files.artifact);
  // A table small enough for the full search has no tournament.
  const { halving } = halvingArtifact.selection;
  const { nResources, nCandidates } = halving ? tournament(halving) : { nResources: [], nCandidates: [] };
  const oursHalving = { ...ourSide(halvingRun, halvingArtifact), nResources, nCandidates };
  log(`  ours, --search full (stopped after ${EXHAUSTIVE_LIMIT_SECONDS / 60} min)`);
  const fullRun = await train('full', EXHAUSTIVE_LIMIT_SECONDS);
  const oursFull = ourSide(fullRun, fullRun.stoppedAfterSeconds === undefined ? readArtifact(files.artifact) : null);
  if (!python) return { oursHalving, oursFull, sklearnHalving: null, sklearnLoop: null };
  log('  scikit-learn, HalvingGridSearchCV over every family');
  const sklearnHalving = peerSide(await peer(true), files.peerOut);
  log(`  scikit-learn, the notebook's loop of GridSearchCVs (stopped after ${EXHAUSTIVE_LIMIT_SECONDS / 60} min)`);
  const sklearnLoop = peerSide(await peer(false, EXHAUSTIVE_LIMIT_SECONDS), files.peerOut);
  return { oursHalving, oursFull, sklearnHalving, sklearnLoop };
}

export type HalvingRow = Awaited<ReturnType<typeof halvingCase>> & { data: string; rows: number; features: number; classes: number };

const fixed = (value: number | null | undefined, digits: number) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const SIDES = { oursHalving: 'ours halving', oursFull: 'ours full', sklearnHalving: 'sklearn halving', sklearnLoop: 'sklearn loop' } as const;

/** One line per table and search, plain values only: the table below and the benchmark record. */
export function halvingLines(rows: HalvingRow[]) {
  return rows.flatMap((row) =>
    (Object.keys(SIDES) as (keyof typeof SIDES)[]).flatMap((side) => {
      const result = row[side];
      if (result === null) return [];
      return [{
        data: row.data,
        rows: row.rows,
        features: row.features,
        search: SIDES[side],
        wallSeconds: result.stoppedAfterSeconds === undefined ? result.wallSeconds : null,
        stoppedAfterSeconds: result.stoppedAfterSeconds ?? null,
        cpuSeconds: result.userSeconds === null ? null : result.userSeconds + (result.systemSeconds ?? 0),
        peakRssMb: result.peakRssMb,
        iterations: result.nCandidates && result.nResources ? result.nCandidates.map((n, i) => `${n}@${result.nResources![i]}`).join(' ') : null,
        chosen: (result.best?.family as string | undefined) ?? null,
        best: result.best ? JSON.stringify(result.best) : null,
        cv: result.cvScore,
        testAccuracy: result.testAccuracy,
      }];
    }),
  );
}

export function formatHalvingTable(rows: HalvingRow[]): string {
  return formatTable(
    ['data', 'rows × features', 'search', 'wall s', 'CPU s', 'MB', 'iterations (candidates@rows)', 'chosen', 'CV', 'test accuracy'],
    halvingLines(rows).map((line) => [
      line.data,
      `${line.rows} × ${line.features}`,
      line.search,
      line.stoppedAfterSeconds !== null ? `stopped at ${line.stoppedAfterSeconds}` : fixed(line.wallSeconds, 1),
      fixed(line.cpuSeconds, 1),
      fixed(line.peakRssMb, 0),
      line.iterations ?? '—',
      line.chosen ?? '—',
      fixed(line.cv, 4),
      fixed(line.testAccuracy, 4),
    ]),
  );
}
