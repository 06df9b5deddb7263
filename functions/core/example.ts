// The example record GET / and the OpenAPI document show: each feature's mean, latest
// date, or imputed (else first) category.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { formatIsoDate } from '../../pipeline/data/dates.ts';
import type { RawValue } from '../../pipeline/preprocess/encode.ts';

export function exampleRecord(model: Pick<ServingModel, 'inputs'>): Record<string, RawValue> {
  const example: Record<string, RawValue> = {};
  for (const input of model.inputs) {
    example[input.name] =
      input.type === 'numeric' ? Number(input.mean!.toPrecision(3)) : input.type === 'date' ? formatIsoDate(input.max!, input.time === true) : (input.impute?.category ?? input.categories![0] ?? input.infrequent![0]);
  }
  return example;
}
