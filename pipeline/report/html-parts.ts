// The pieces every section of the training report is made of: the page's style, tables,
// figures and number formats. The sections themselves are html.ts's (common to every
// task) and each task's report module (tasks/*/report.ts).
import type { Artifact } from '../artifact/artifact.ts';
import type { Target } from '../tasks/task.ts';
import { escapeXml as esc } from './svg.ts';

export interface RunFacts {
  id: string;
  startedAt: string;
  durationSeconds: number;
  command: string;
  status: 'succeeded' | 'accepted' | 'refused';
  /** Why the gate refused the model. */
  reason?: string;
}

export interface ReportInput {
  artifact: Artifact;
  /** The test part's targets and the model's outputs for them (probabilities, or predictions); null when every row trained (--test-size 0). */
  evaluation: { y: Target; outputs: Float64Array } | null;
  run: RunFacts;
}

export const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:980px;padding:12px 16px}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:1.6em}h3{font-size:1em}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.wrap{overflow-x:auto}.chart{width:100%;height:auto;max-width:720px;display:block;margin:.4em 0}
.grid{display:flex;flex-wrap:wrap;gap:8px 24px}.grid>figure{flex:1 1 420px;margin:0}figcaption{font-size:.85em;color:#555}
.badge{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff;font-size:.85em}.ok{background:#2ca02c}.refused{background:#d62728}
.note{color:#555;font-size:.9em}code{font-size:.9em}
@media print{body{max-width:none}section,figure{break-inside:avoid}.chart{max-width:16cm}}
`;

export const fixed = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '—' : value.toFixed(digits));
export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
export const meanStdText = (entry: { mean: number; std: number } | null | undefined) => (entry ? `${entry.mean.toFixed(4)} ± ${entry.std.toFixed(4)}` : '—');

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[], numeric: readonly boolean[] = []): string {
  const cell = (value: string | number, j: number) => `<td${numeric[j] ? ' class="n"' : ''}>${esc(String(value))}</td>`;
  return `<div class="wrap"><table><thead><tr>${header.map((name) => `<th>${esc(name)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table></div>`;
}

export const figure = (chart: string, caption: string) => `<figure>${chart}<figcaption>${esc(caption)}</figcaption></figure>`;

export function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key.replace(/^(classifier|regressor)__/, '')}=${value === null ? 'None' : String(value)}`)
    .join(' ');
}

/** Coefficient columns drawn at most (the strongest ones), so a wide table keeps the page small. */
export const MAX_COEFFICIENT_COLUMNS = 40;

/** What a task's report module draws: the target's part of the data section, the held-out section, the coefficients of a linear model. */
export interface TaskReport {
  /** The target's row in the columns table ([column, role, missing, how]) and its figure. */
  target(input: ReportInput): { row: (string | number)[]; figure: string; summary: string };
  /** The test part's metrics and plots (or cross-validation's alone). */
  heldOut(input: ReportInput): string;
  /** The coefficients of a linear model; '' for other kinds. */
  coefficients(input: ReportInput): string;
}

const SCORING_NAMES: Record<string, string> = {
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced accuracy',
  f1_macro: 'F1 (macro)',
  roc_auc_ovr: 'ROC-AUC (one-vs-rest)',
  neg_log_loss: 'negative log-loss',
  neg_brier_score: 'negative Brier score',
  r2: 'R²',
  neg_root_mean_squared_error: 'negative RMSE',
  neg_mean_squared_error: 'negative MSE',
  neg_mean_absolute_error: 'negative MAE',
  neg_median_absolute_error: 'negative median absolute error',
  max_error: 'negative max error',
};

/** A scoring as a reader says it: "accuracy", "R²", "negative RMSE". */
export const scoringName = (scoring: string) => SCORING_NAMES[scoring] ?? scoring;
