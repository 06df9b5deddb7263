// The regression half of `npm run bench:train`: each table's figures from our artifact and
// scikit-learn's GridSearchCVs (bench/peer/grid_search.py), family by family and setting by
// setting, and the tables printed from them.
import type { Artifact } from '../pipeline/artifact/artifact.ts';
import { formatTable } from '../scripts/text-table.ts';

type Params = Record<string, unknown>;
interface Candidate {
  params: Params;
  cvMean: number | null;
  foldScores: (number | null)[];
}
/** One family's search on scikit-learn's side, as grid_search.py writes it. */
export interface PeerFamily {
  family: string;
  cvMean: number;
  bestParams: Params;
  seconds: number;
  candidates: Candidate[];
}
interface Side {
  wallSeconds: number;
  userSeconds: number | null;
  systemSeconds: number | null;
  peakRssMb: number;
  runSeconds: number[];
}

/** A setting as a key both sides spell alike (the grid's keys and values, sorted). */
const settingKey = (params: Params) => JSON.stringify(Object.keys(params).sort().map((key) => [key, params[key]]));
const settingText = (params: Params) =>
  Object.keys(params)
    .sort()
    .map((key) => `${key.replace(/^regressor__/, '')}=${String(params[key])}`)
    .join(' ');

/** The CV R² difference the benchmark aims to stay within. */
export const SETTING_TOLERANCE = 0.02;

export interface FamilyComparison {
  family: string;
  cvOurs: number | null;
  cvSklearn: number | null;
  difference: number | null;
  bestOurs: string;
  bestSklearn: string;
  /** The setting whose CV R² differs most between the sides, with both sides' fold scores. */
  worst: { setting: string; difference: number; foldsOurs: (number | null)[]; foldsSklearn: (number | null)[] } | null;
  /** Settings scored on both sides, and those whose CV R² differs by more than SETTING_TOLERANCE. */
  settingsCompared: number;
  settingsApart: string[];
  sklearnSeconds: number | null;
}

export function compareRegression(artifact: Artifact, ours: Side, peer?: Side & { families: PeerFamily[] }) {
  const families: FamilyComparison[] = artifact.selection.families.map((entry) => {
    const theirs = peer?.families.find((family) => family.family === entry.family);
    let worst: FamilyComparison['worst'] = null;
    let settingsCompared = 0;
    const settingsApart: string[] = [];
    if (theirs) {
      const peerByKey = new Map(theirs.candidates.map((candidate) => [settingKey(candidate.params), candidate]));
      for (const candidate of artifact.selection.results.filter((result) => result.family === entry.family)) {
        const match = peerByKey.get(settingKey(candidate.params));
        if (!match || candidate.cvMean === null || match.cvMean === null) continue;
        const difference = candidate.cvMean - match.cvMean;
        settingsCompared++;
        if (Math.abs(difference) > SETTING_TOLERANCE) settingsApart.push(settingText(candidate.params));
        if (!worst || Math.abs(difference) > Math.abs(worst.difference)) worst = { setting: settingText(candidate.params), difference, foldsOurs: candidate.foldScores, foldsSklearn: match.foldScores };
      }
    }
    return {
      family: entry.family,
      cvOurs: entry.cvMean,
      cvSklearn: theirs?.cvMean ?? null,
      difference: entry.cvMean === null || !theirs ? null : entry.cvMean - theirs.cvMean,
      bestOurs: settingText(entry.params),
      bestSklearn: theirs ? settingText(theirs.bestParams) : '—',
      worst,
      settingsCompared,
      settingsApart,
      sklearnSeconds: theirs?.seconds ?? null,
    };
  });
  // The notebook's choice on scikit-learn's side: the best CV score, the first family listed winning a tie.
  const peerBest = peer?.families.reduce((best, family) => (family.cvMean > best.cvMean ? family : best));
  return {
    chosenOurs: artifact.selection.family,
    chosenSklearn: peerBest?.family ?? null,
    cvOurs: artifact.metrics.cvMean,
    cvSklearn: peerBest?.cvMean ?? null,
    difference: artifact.metrics.cvMean === null || !peerBest ? null : artifact.metrics.cvMean - peerBest.cvMean,
    oursSeconds: ours.wallSeconds,
    sklearnSeconds: peer?.wallSeconds ?? null,
    oursOverSklearn: peer ? ours.wallSeconds / peer.wallSeconds : null,
    oursUserSeconds: ours.userSeconds,
    sklearnUserSeconds: peer?.userSeconds ?? null,
    oursSystemSeconds: ours.systemSeconds,
    sklearnSystemSeconds: peer?.systemSeconds ?? null,
    oursPeakRssMb: ours.peakRssMb,
    sklearnPeakRssMb: peer?.peakRssMb ?? null,
    oursRunSeconds: ours.runSeconds,
    sklearnRunSeconds: peer?.runSeconds ?? null,
    families,
  };
}

type Row = ReturnType<typeof compareRegression> & { data: string; rows: number; features: number };

const fixed = (value: number | null | undefined, digits: number) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const signed = (value: number | null | undefined) => (typeof value === 'number' ? `${value >= 0 ? '+' : ''}${value.toFixed(4)}` : '—');
const folds = (scores: (number | null)[]) => scores.map((score) => fixed(score, 3)).join(' ');

export function formatRegressionTables(rows: Row[]): string {
  const summary = formatTable(
    ['data', 'rows × features', 'chosen (ours / sklearn)', 'CV R² ours', 'CV R² sklearn', 'ours − sklearn', 'ours s', 'sklearn s', 'ours / sklearn', 'ours CPU s', 'sklearn CPU s', 'ours MB', 'sklearn MB'],
    rows.map((row) => [
      row.data,
      `${row.rows} × ${row.features}`,
      `${row.chosenOurs} / ${row.chosenSklearn ?? '—'}`,
      fixed(row.cvOurs, 4),
      fixed(row.cvSklearn, 4),
      signed(row.difference),
      fixed(row.oursSeconds, 2),
      fixed(row.sklearnSeconds, 2),
      fixed(row.oursOverSklearn, 2),
      fixed(row.oursUserSeconds, 1),
      fixed(row.sklearnUserSeconds, 1),
      fixed(row.oursPeakRssMb, 0),
      fixed(row.sklearnPeakRssMb, 0),
    ]),
  );
  const perFamily = formatTable(
    ['data', 'family', 'CV R² ours', 'CV R² sklearn', 'ours − sklearn', 'best ours', 'best sklearn', `settings > ${SETTING_TOLERANCE} apart`, 'worst setting', 'its difference', 'its folds ours', 'its folds sklearn'],
    rows.flatMap((row) =>
      row.families.map((family) => [
        row.data,
        family.family,
        fixed(family.cvOurs, 4),
        fixed(family.cvSklearn, 4),
        signed(family.difference),
        family.bestOurs,
        family.bestSklearn,
        `${family.settingsApart.length} of ${family.settingsCompared}`,
        family.worst?.setting ?? '—',
        signed(family.worst?.difference),
        family.worst ? folds(family.worst.foldsOurs) : '—',
        family.worst ? folds(family.worst.foldsSklearn) : '—',
      ]),
    ),
  );
  return `${summary}\n\nEach family's best, and the setting of its grid whose CV R² differs most:\n${perFamily}`;
}
