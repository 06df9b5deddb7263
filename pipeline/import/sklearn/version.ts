// Which scikit-learn saved an estimator (_sklearn_version, which BaseEstimator.__getstate__
// adds): the import reads 1.0 to 1.6, whose attributes it knows.
import type { PyValue } from '../py-values.ts';
import { fail } from './attrs.ts';

export const OLDEST = { major: 1, minor: 0 };
export const NEWEST = { major: 1, minor: 6 };

export interface SklearnVersion {
  text: string;
  major: number;
  minor: number;
}

export function checkVersion(value: PyValue | undefined, className: string, path: string): SklearnVersion {
  if (typeof value !== 'string') {
    fail(path, `${className} carries no scikit-learn version (_sklearn_version): it was not saved by scikit-learn 1.0 to 1.6, which the kit reads`);
  }
  const match = /^(\d+)\.(\d+)/.exec(value);
  const version = match ? { text: value, major: Number(match[1]), minor: Number(match[2]) } : null;
  const inRange = version !== null && version.major === 1 && version.minor >= OLDEST.minor && version.minor <= NEWEST.minor;
  if (!version || !inRange) {
    fail(path, `${className} was saved by scikit-learn ${value}; the kit reads models of scikit-learn ${OLDEST.major}.${OLDEST.minor} to ${NEWEST.major}.${NEWEST.minor}`);
  }
  return version;
}

/** From 1.4 on, a classification tree's node values are class fractions, not counts. */
export function treeValuesAreFractions(version: SklearnVersion): boolean {
  return version.major > 1 || version.minor >= 4;
}
