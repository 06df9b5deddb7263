// Charts of numbers on real axes, for the regression report and the drift report: a
// scatter plot (predicted against actual, residuals against predicted) and histograms
// (one, or a reference and a current one overlaid). Same rules as svg.ts: static SVG,
// the kit's own numbers, scaled to the container.
import { largest, smallest } from '../data/extremes.ts';
import { PALETTE, round, svg, text } from './svg.ts';

const WIDTH = 360;
const HEIGHT = 260;
const LEFT = 56;
const TOP = 12;
const BOTTOM = 44;
/** Points drawn at most: a 40 000-row test part keeps the page small (an even sample of the rows). */
export const MAX_POINTS = 2000;

function niceTicks(low: number, high: number): number[] {
  const span = high - low || 1;
  const step = 10 ** Math.floor(Math.log10(span / 4));
  const unit = [1, 2, 5, 10].map((m) => m * step).find((candidate) => span / candidate <= 5) ?? 10 * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / unit) * unit; t <= high + 1e-12 * span; t += unit) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const format = (value: number) => (Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(1) : String(Number(value.toPrecision(4))));

function axes(x: (value: number) => number, y: (value: number) => number, xRange: [number, number], yRange: [number, number], xLabel: string, yLabel: string): string {
  let body = `<rect x="${LEFT}" y="${TOP}" width="${WIDTH}" height="${HEIGHT}" fill="none" stroke="#555"/>`;
  for (const tick of niceTicks(...xRange)) body += `<line x1="${round(x(tick))}" x2="${round(x(tick))}" y1="${TOP + HEIGHT}" y2="${TOP + HEIGHT + 4}" stroke="#555"/>` + text(x(tick), TOP + HEIGHT + 15, format(tick), 'text-anchor="middle" font-size="10"');
  for (const tick of niceTicks(...yRange)) body += `<line x1="${LEFT - 4}" x2="${LEFT}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#555"/>` + text(LEFT - 6, y(tick) + 3, format(tick), 'text-anchor="end" font-size="10"');
  body += text(LEFT + WIDTH / 2, TOP + HEIGHT + 32, xLabel, 'text-anchor="middle" font-size="11"');
  body += text(12, TOP + HEIGHT / 2, yLabel, `text-anchor="middle" font-size="11" transform="rotate(-90 12 ${TOP + HEIGHT / 2})"`);
  return body;
}

function scale(range: [number, number], from: number, length: number, flip: boolean): (value: number) => number {
  const [low, high] = range;
  const span = high - low || 1;
  return (value) => from + ((flip ? high - value : value - low) / span) * length;
}

function range(values: ArrayLike<number>, extra: number[] = []): [number, number] {
  const low = Math.min(smallest(values), ...extra);
  const high = Math.max(largest(values), ...extra);
  const pad = (high - low || Math.abs(high) || 1) * 0.04;
  return [low - pad, high + pad];
}

/** Points (x, y) with, optionally, the diagonal y = x (predicted against actual) or the line y = 0 (residuals). */
export function scatterPlot(xs: ArrayLike<number>, ys: ArrayLike<number>, options: { label: string; xLabel: string; yLabel: string; line?: 'diagonal' | 'zero' }): string {
  const n = xs.length;
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const xRange = options.line === 'diagonal' ? range(xs, [smallest(ys), largest(ys)]) : range(xs);
  const yRange = options.line === 'diagonal' ? xRange : range(ys, options.line === 'zero' ? [0] : []);
  const x = scale(xRange, LEFT, WIDTH, false);
  const y = scale(yRange, TOP, HEIGHT, true);
  let body = axes(x, y, xRange, yRange, options.xLabel, options.yLabel);
  if (options.line === 'diagonal') body += `<line x1="${round(x(xRange[0]))}" y1="${round(y(xRange[0]))}" x2="${round(x(xRange[1]))}" y2="${round(y(xRange[1]))}" stroke="#999" stroke-dasharray="4 4"/>`;
  if (options.line === 'zero') body += `<line x1="${LEFT}" x2="${LEFT + WIDTH}" y1="${round(y(0))}" y2="${round(y(0))}" stroke="#999" stroke-dasharray="4 4"/>`;
  for (let i = 0; i < n; i += step) body += `<circle cx="${round(x(xs[i]))}" cy="${round(y(ys[i]))}" r="2.2" fill="${PALETTE[0]}" fill-opacity="0.55"/>`;
  return svg(LEFT + WIDTH + 16, TOP + HEIGHT + BOTTOM, options.label, body);
}

export interface HistogramSeries {
  name: string;
  /** Shares of the rows in each bin (they sum to 1 over the bins). */
  shares: ArrayLike<number>;
}

/**
 * Bars on shared bin edges: one series, or two overlaid (a reference and a current one,
 * the second as an outline) with a legend.
 */
export function histogram(edges: ArrayLike<number>, series: readonly HistogramSeries[], options: { label: string; xLabel: string }): string {
  const xRange: [number, number] = [edges[0], edges[edges.length - 1]];
  const top = largest(series.flatMap((entry) => Array.from(entry.shares)), 1e-12);
  const yRange: [number, number] = [0, top * 1.05];
  const x = scale(xRange, LEFT, WIDTH, false);
  const y = scale(yRange, TOP, HEIGHT, true);
  let body = axes(x, y, xRange, yRange, options.xLabel, 'share of rows');
  series.forEach((entry, s) => {
    for (let b = 0; b + 1 < edges.length; b++) {
      const share = entry.shares[b];
      if (!(share > 0)) continue;
      const left = x(edges[b]);
      const width = Math.max(0.5, x(edges[b + 1]) - left);
      const style = s === 0 ? `fill="${PALETTE[0]}" fill-opacity="0.55"` : `fill="none" stroke="${PALETTE[1]}" stroke-width="1.5"`;
      body += `<rect x="${round(left)}" y="${round(y(share))}" width="${round(width)}" height="${round(TOP + HEIGHT - y(share))}" ${style}/>`;
    }
    if (series.length > 1) body += `<rect x="${LEFT + WIDTH - 120}" y="${TOP + 8 + s * 16}" width="10" height="10" ${s === 0 ? `fill="${PALETTE[0]}" fill-opacity="0.55"` : `fill="none" stroke="${PALETTE[1]}"`}/>` + text(LEFT + WIDTH - 104, TOP + 17 + s * 16, entry.name, 'font-size="10"');
  });
  return svg(LEFT + WIDTH + 16, TOP + HEIGHT + BOTTOM, options.label, body);
}

/** Equal-width bins over the values' range (Sturges' count, as numpy's "sturges"), as shares. */
export function binShares(values: ArrayLike<number>): { edges: number[]; shares: number[] } {
  const n = values.length;
  const low = smallest(values);
  const high = largest(values);
  const bins = Math.max(1, Math.ceil(Math.log2(Math.max(n, 1)) + 1));
  const width = (high - low) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, b) => low + b * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((values[i] - low) / width))]++;
  return { edges, shares: counts.map((count) => count / Math.max(n, 1)) };
}

/** Two shares per item, side by side (a reference in blue, a current one in red): a category's or a bin's rows, before and now. */
export function pairedBars(items: readonly { label: string; reference: number; current: number }[], options: { label: string; names: [string, string] }): string {
  const labelWidth = Math.max(80, Math.ceil(10 + 6.4 * largest(items.map((item) => item.label.length), 0)));
  const plotWidth = 300;
  const rowHeight = 22;
  const top = 22;
  const high = largest(items.flatMap((item) => [item.reference, item.current]), 1e-12);
  let body = `<rect x="${labelWidth}" y="4" width="10" height="10" fill="${PALETTE[0]}"/>` + text(labelWidth + 14, 13, options.names[0], 'font-size="10"');
  body += `<rect x="${labelWidth + 110}" y="4" width="10" height="10" fill="${PALETTE[1]}"/>` + text(labelWidth + 124, 13, options.names[1], 'font-size="10"');
  items.forEach((item, i) => {
    const y = top + i * rowHeight;
    body += text(labelWidth - 6, y + 14, item.label, 'text-anchor="end" font-size="11"');
    body += `<rect x="${labelWidth}" y="${y + 2}" width="${round((item.reference / high) * plotWidth)}" height="8" fill="${PALETTE[0]}"/>`;
    body += `<rect x="${labelWidth}" y="${y + 11}" width="${round((item.current / high) * plotWidth)}" height="8" fill="${PALETTE[1]}"/>`;
    body += text(labelWidth + plotWidth + 6, y + 14, `${(item.reference * 100).toFixed(1)}% → ${(item.current * 100).toFixed(1)}%`, 'font-size="10"');
  });
  return svg(labelWidth + plotWidth + 110, top + items.length * rowHeight + 6, options.label, body);
}
