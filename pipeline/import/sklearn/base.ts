// What every fitted estimator carries (class, path, version, parameters, feature names).
import type { PyObject } from '../py-values.ts';
import { Attrs } from './attrs.ts';
import { paramsOf } from './repr.ts';
import type { Estimator } from './types.ts';
import { checkVersion, type SklearnVersion } from './version.ts';

export interface Reading {
  a: Attrs;
  version: SklearnVersion;
  base: {
    className: string;
    path: string;
    sklearnVersion: string;
    params: ReturnType<typeof paramsOf>;
    featureNamesIn: string[] | null;
    nFeaturesIn: number | null;
  };
}

export function reading(obj: PyObject, path: string): Reading {
  const a = new Attrs(obj, path);
  const version = checkVersion(a.get('_sklearn_version'), obj.cls.name, path);
  return {
    a,
    version,
    base: { className: obj.cls.name, path, sklearnVersion: version.text, params: paramsOf(obj), featureNamesIn: a.featureNames(), nFeaturesIn: a.nFeatures() },
  };
}

/** Reads a nested estimator (set by read-estimator.ts, which every reader's module would otherwise import in a cycle). */
export type ReadNested = (value: import('../py-values.ts').PyValue, path: string) => Estimator;
