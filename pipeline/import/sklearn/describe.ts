// What was read, step by step, each estimator in scikit-learn's repr: a search's
// best_estimator_ (what is served), a pipeline's steps in order, a ColumnTransformer's
// groups with their columns. Lines without their indentation's leading spaces.
import { reprOf } from './repr.ts';
import type { Estimator } from './types.ts';

export interface DescribedLine {
  depth: number;
  text: string;
}

/** best_params_ (kept as JSON values) as Python prints a dict of them. */
function plain(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(plain).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${plain(k)}: ${plain(v)}`).join(', ')}}`;
  return String(value);
}

export function describeEstimator(estimator: Estimator, depth = 0, label = ''): DescribedLine[] {
  const lines: DescribedLine[] = [];
  const line = (d: number, text: string) => lines.push({ depth: d, text });
  switch (estimator.kind) {
    case 'search': {
      const score = estimator.bestScore === null ? '' : `, best_score_ ${estimator.bestScore.toFixed(4)}`;
      const params = estimator.bestParams === null ? '' : `, best_params_ ${plain(estimator.bestParams)}`;
      line(depth, `${label}${estimator.className}: serves best_estimator_${score}${params}`);
      lines.push(...describeEstimator(estimator.bestEstimator, depth + 1, 'best_estimator_: '));
      break;
    }
    case 'pipeline':
      line(depth, `${label}Pipeline of ${estimator.steps.length} steps:`);
      estimator.steps.forEach(({ name, estimator: step }, i) => {
        const at = `${i + 1}. ${name}: `;
        if (step === 'passthrough') line(depth + 1, `${at}'passthrough'`);
        else lines.push(...describeEstimator(step, depth + 1, at));
      });
      break;
    case 'column_transformer':
      line(depth, `${label}ColumnTransformer of ${estimator.groups.length} groups (remainder='${estimator.remainder}'):`);
      for (const group of estimator.groups) {
        const columns = group.columnNames ? group.columnNames.join(', ') : group.columns.map((c) => `column ${c}`).join(', ');
        const at = `${group.name} [${columns}]: `;
        if (typeof group.transformer === 'string') line(depth + 1, `${at}'${group.transformer}'`);
        else lines.push(...describeEstimator(group.transformer, depth + 1, at));
      }
      break;
    default:
      line(depth, `${label}${reprOf(estimator.className, estimator.params)}`);
  }
  return lines;
}
