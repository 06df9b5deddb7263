// What the pipeline does with each input column, in one phrase, as the training summary
// and the report both say it.
import type { InputSpec } from '../artifact/model-parts.ts';
import { dateFeatureNames, formatIsoDate } from '../data/dates.ts';

export function columnTreatment(input: InputSpec, scaler: string): string {
  const time = input.time === true;
  const fill = input.impute && (input.type === 'categorical' ? JSON.stringify(input.impute.category) : input.type === 'date' ? formatIsoDate(input.impute.value!, time) : String(input.impute.value));
  const impute = input.impute ? `${input.impute.strategy.replace('_', ' ')} imputer (${fill}), ` : '';
  if (input.type === 'numeric') return `${impute}${scaler} scaler; training range ${input.min} … ${input.max}`;
  if (input.type === 'date') return `${impute}${time ? 'date-times' : 'dates'} → ${dateFeatureNames(time).join(', ')}, ${scaler} scaler; training range ${formatIsoDate(input.min!, time)} … ${formatIsoDate(input.max!, time)}`;
  const count = input.categories!.length;
  return `${impute}one-hot: ${count} categor${count === 1 ? 'y' : 'ies'}${input.infrequent ? ` + ${input.infrequent.length} rare ones in one column` : ''}, unknown → all zeros`;
}
