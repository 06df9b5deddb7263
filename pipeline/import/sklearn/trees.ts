// DecisionTreeClassifier and RandomForestClassifier: sklearn.tree._tree.Tree's pickled
// state, nodes (7 fields; 8 with missing_go_to_left from 1.3) and values (class counts;
// class fractions from 1.4).
import { NdArray, recordFieldNumbers } from '../numpy-array.ts';
import { PyObject, type PyValue } from '../py-values.ts';
import { Attrs, describe, fail, int32, joinPath, toNumber } from './attrs.ts';
import { reading } from './base.ts';
import type { DecisionTreeModel, RandomForestModel, TreeStructure } from './types.ts';
import { treeValuesAreFractions, type SklearnVersion } from './version.ts';

const FIELDS = ['left_child', 'right_child', 'feature', 'threshold', 'impurity', 'n_node_samples', 'weighted_n_node_samples'];

function field(nodes: NdArray, name: string): Float64Array {
  return recordFieldNumbers(nodes, name);
}

function asInt32(values: Float64Array, path: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== (v | 0)) fail(path, `node entry ${v} does not fit in 32 bits`);
    out[i] = v;
  }
  return out;
}

export function readTree(value: PyValue | undefined, path: string, version: SklearnVersion): TreeStructure {
  if (!(value instanceof PyObject) || value.cls.qualified !== 'sklearn.tree._tree.Tree') return fail(path, `expected a fitted tree, found ${describe(value)}`);
  const [nFeatures, nClassesArray, nOutputs] = value.args;
  if (toNumber(nOutputs) !== 1) fail(path, 'trees with several outputs are not supported');
  const nClasses = int32(nClassesArray, joinPath(path, 'n_classes'))[0];
  const a = new Attrs(value, path);
  const nodes = a.need('nodes');
  if (!(nodes instanceof NdArray) || !nodes.dtype.fields) fail(a.at('nodes'), `expected a record array, found ${describe(nodes)}`);
  const nodeCount = a.int('node_count');
  if (nodes.size !== nodeCount) fail(a.at('nodes'), `${nodes.size} nodes, node_count says ${nodeCount}`);
  const names = nodes.dtype.fields.map((f) => f.name);
  for (const name of FIELDS) if (!names.includes(name)) fail(a.at('nodes'), `no field '${name}' (fields: ${names.join(', ')})`);
  const values = a.need('values');
  if (!(values instanceof NdArray) || values.shape.length !== 3 || values.shape[0] !== nodeCount || values.shape[1] !== 1 || values.shape[2] !== nClasses) {
    fail(a.at('values'), `expected shape (${nodeCount}, 1, ${nClasses}), found ${values instanceof NdArray ? `(${values.shape.join(', ')})` : describe(values)}`);
  }
  const at = a.at('nodes');
  const tree: TreeStructure = {
    nodeCount,
    nFeatures: toNumber(nFeatures) ?? fail(path, 'no feature count'),
    nClasses,
    maxDepth: a.int('max_depth'),
    left: asInt32(field(nodes, 'left_child'), at),
    right: asInt32(field(nodes, 'right_child'), at),
    feature: asInt32(field(nodes, 'feature'), at),
    threshold: field(nodes, 'threshold'),
    impurity: field(nodes, 'impurity'),
    nNodeSamples: field(nodes, 'n_node_samples'),
    weightedNNodeSamples: field(nodes, 'weighted_n_node_samples'),
    missingGoToLeft: names.includes('missing_go_to_left') ? Uint8Array.from(field(nodes, 'missing_go_to_left')) : null,
    value: a.float64('values'),
    valueKind: treeValuesAreFractions(version) ? 'fractions' : 'counts',
  };
  for (let i = 0; i < nodeCount; i++) {
    const leaf = tree.left[i] === -1;
    if (leaf ? tree.right[i] !== -1 : tree.left[i] <= i || tree.right[i] <= i || tree.left[i] >= nodeCount || tree.right[i] >= nodeCount) fail(at, `node ${i} has children outside the tree`);
    if (!leaf && (tree.feature[i] < 0 || tree.feature[i] >= tree.nFeatures)) fail(at, `node ${i} splits on feature ${tree.feature[i]} of ${tree.nFeatures}`);
  }
  return tree;
}

export function readDecisionTree(obj: PyObject, path: string): DecisionTreeModel {
  const { a, base, version } = reading(obj, path);
  const classes = a.labels('classes_');
  const tree = readTree(a.need('tree_'), a.at('tree_'), version);
  if (tree.nClasses !== classes.length) fail(a.at('tree_'), `${tree.nClasses} classes, classes_ has ${classes.length}`);
  return { kind: 'decision_tree', ...base, tree, classes };
}

export function readRandomForest(obj: PyObject, path: string): RandomForestModel {
  const { a, base } = reading(obj, path);
  const classes = a.labels('classes_');
  const estimators = a.need('estimators_');
  if (!Array.isArray(estimators) || estimators.length === 0) fail(a.at('estimators_'), 'expected a list of fitted trees');
  const trees = estimators.map((estimator, i) => {
    const treePath = a.at(`estimators_[${i}]`);
    if (!(estimator instanceof PyObject) || estimator.cls.name !== 'DecisionTreeClassifier') fail(treePath, `expected a DecisionTreeClassifier, found ${describe(estimator)}`);
    const sub = reading(estimator, treePath);
    const tree = readTree(sub.a.need('tree_'), sub.a.at('tree_'), sub.version);
    if (tree.nClasses !== classes.length) fail(sub.a.at('tree_'), `${tree.nClasses} classes, the forest has ${classes.length}`);
    return tree;
  });
  return { kind: 'random_forest', ...base, trees, classes };
}
