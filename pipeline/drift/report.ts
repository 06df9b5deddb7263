// The drift report: one self-contained HTML page (inline CSS and SVG, no script, no
// request), with the verdict, one row per feature, and per feature the reference's
// shares beside the current ones: training-quantile bins for numbers, categories (the
// rare ones, and the ones training never saw) for categories, the model's predictions.
import { pairedBars } from '../report/plots.ts';
import { escapeXml as esc } from '../report/svg.ts';
import type { FeatureCounts } from './accumulate.ts';
import type { DriftCheck } from './check.ts';
import type { FeatureProfile, ReferenceProfile } from './profile.ts';

export interface DriftReportInput {
  check: DriftCheck;
  profile: ReferenceProfile;
  counts: FeatureCounts[];
  modelVersion: string;
  dataFile: string;
  rows: number;
  checkedAt: string;
}

const CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:980px;padding:12px 16px}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto}.chart{width:100%;height:auto;max-width:720px;display:block;margin:.4em 0}figcaption{font-size:.85em;color:#555}
.badge{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff}.ok{background:#2ca02c}.drift{background:#d62728}`;

const number = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '—' : Math.abs(value) < 1e-4 && value !== 0 ? value.toExponential(2) : value.toFixed(digits));
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Reference and current shares per bin (numbers) or category, for the paired bars. */
function shares(profile: FeatureProfile, counts: FeatureCounts): { label: string; reference: number; current: number }[] {
  const current = counts.counts;
  const currentTotal = counts.rows - counts.missing || 1;
  if (profile.kind === 'numeric') {
    const { edges, counts: reference } = profile.bins;
    const referenceTotal = profile.count - profile.missing || 1;
    const format = (value: number) => String(Number(value.toPrecision(4)));
    const items = [{ label: `< ${format(edges[0])}`, reference: 0, current: current[0] / currentTotal }];
    edges.forEach((edge, i) => items.push({ label: i === 0 ? `= ${format(edge)}` : `${format(edges[i - 1])} – ${format(edge)}`, reference: reference[i] / referenceTotal, current: current[i + 1] / currentTotal }));
    items.push({ label: `> ${format(edges[edges.length - 1])}`, reference: 0, current: current[edges.length + 1] / currentTotal });
    return items.filter((item, i) => item.reference > 0 || item.current > 0 || (i > 0 && i < items.length - 1));
  }
  const referenceTotal = profile.count - profile.missing || 1;
  const items = profile.categories.map((category, k) => ({ label: category, reference: profile.counts[k] / referenceTotal, current: current[k] / currentTotal }));
  if (profile.rare) items.push({ label: '(rare categories)', reference: profile.rare.count / referenceTotal, current: current[profile.categories.length] / currentTotal });
  items.push({ label: '(not seen in training)', reference: 0, current: current[profile.categories.length + 1] / currentTotal });
  return items.filter((item) => item.reference > 0 || item.current > 0);
}

export function renderDriftReport(input: DriftReportInput): string {
  const { check } = input;
  const verdict = check.fails ? '<span class="badge drift">drift found</span>' : '<span class="badge ok">no drift found</span>';
  const rows = check.features
    .map(
      (f) =>
        `<tr><td>${esc(f.role === 'prediction' ? '(predictions)' : f.name)}</td><td>${f.test === 'ks' ? 'Kolmogorov–Smirnov' : 'χ²'}</td><td class="n">${number(f.statistic)}</td><td class="n">${number(f.pValue)}</td>` +
        `<td class="n">${number(f.distances.wasserstein)}</td><td class="n">${number(f.distances.jensenShannon)}</td><td class="n">${number(f.distances.psi)}</td>` +
        `<td class="n">${percent(f.reference.missingShare)} → ${percent(f.current.missingShare)}</td><td>${f.drifted ? '<b>drifted</b>' : f.distanceDrifted ? 'by distance only' : 'no'}</td></tr>`,
    )
    .join('');
  const figures = input.profile.features
    .map((profile, j) => {
      const label = profile.role === 'prediction' ? 'predictions' : profile.name;
      const chart = pairedBars(shares(profile, input.counts[j]), { label: `${label}: reference and current shares`, names: ['training part', 'current rows'] });
      return `<figure>${chart}<figcaption>${esc(label)}: shares of the rows ${profile.kind === 'numeric' ? 'in each training-quantile bin' : 'in each category'}, in the training part and in the current rows.</figcaption></figure>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift report: ${esc(input.dataFile)} against model ${esc(input.modelVersion)}</title><style>${CSS}</style></head>
<body><h1>Drift report: ${esc(input.dataFile)}</h1>
<p>${verdict} ${input.rows} current rows against the training part of model <code>${esc(input.modelVersion)}</code>, checked ${esc(input.checkedAt)}.
Each test at p &lt; ${number(check.threshold, 6)} (corrected for the ${check.features.filter((f) => f.pValue !== null).length} tests); by Evidently's distances, ${check.datasetDrift.drifted} of ${check.datasetDrift.compared} features drift (${percent(check.datasetDrift.share)}${check.datasetDrift.drift ? ': the data set drifts by its share rule' : ''}).</p>
<section><h2>Features</h2><div class="wrap"><table><thead><tr><th>feature</th><th>test</th><th>statistic</th><th>p-value</th><th>Wasserstein (norm.)</th><th>Jensen–Shannon</th><th>PSI</th><th>missing</th><th>drifted</th></tr></thead><tbody>${rows}</tbody></table></div></section>
<section><h2>Distributions</h2>
${figures}
</section>
</body></html>
`;
}
