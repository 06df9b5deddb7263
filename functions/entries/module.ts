// Build entry for artifacts/model.mjs: the model and the function's own prediction code
// as one ES module for Node or a browser, without HTTP. predict(record) answers what
// POST / answers for that record, predictBatch(records) that for each record, and
// describe() what GET / says of the model; a record the model cannot read throws a
// ModelInputError naming each problem.
import embedded from 'embedded-model';
import { parseServingModel } from '../../pipeline/artifact/serving-model.ts';
import type { Issue } from '../../pipeline/artifact/validation-issues.ts';
import { contract as record } from '../core/contracts/record.ts';
import { createRowReader } from '../core/contracts/rows.ts';
import { describeModel } from '../core/describe.ts';
import { createAnswerer } from '../core/predictions.ts';

const model = parseServingModel(embedded, 'the embedded model');
const rows = createRowReader(model, 1);
const answerer = createAnswerer(model);

export class ModelInputError extends Error {
  override name = 'ModelInputError';
  constructor(
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}` : message);
  }
}

export const modelVersion = model.modelVersion;

/** One record keyed by feature name, as POST / takes it; its answer, as POST / gives it. */
export function predict(input: unknown): Record<string, unknown> {
  const read = record.read({ body: input, headers: {} }, rows);
  if (!read.ok) throw new ModelInputError(read.message, read.issues);
  return JSON.parse(read.answer(answerer.predict(read.rows), answerer)) as Record<string, unknown>;
}

/** Records keyed by feature name; the answer to each, as predict(record) gives it. A bad record throws, its path starting [row]. */
export function predictBatch(inputs: readonly unknown[]): Record<string, unknown>[] {
  if (!Array.isArray(inputs)) throw new ModelInputError('predictBatch takes an array of records');
  const read = inputs.map((input, i) => {
    const one = record.read({ body: input, headers: {} }, rows);
    if (!one.ok) throw new ModelInputError(one.message, (one.issues ?? []).map((issue) => ({ ...issue, path: `[${i}]${issue.path === '(top level)' ? '' : `.${issue.path}`}` })));
    return one;
  });
  const predictions = answerer.predict(read.flatMap((one) => one.rows));
  return read.map((one, i) => JSON.parse(one.answer([predictions[i]], answerer)) as Record<string, unknown>);
}

/** What GET / says of the model (but the limits and request shapes, which are a deployment's). */
export const describe = (): Record<string, unknown> => describeModel(model, answerer.description());
