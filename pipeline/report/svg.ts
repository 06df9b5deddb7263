// The report's charts as static inline SVG, drawn from the kit's own numbers: no
// script, no font file, no network. Every chart scales to its container (viewBox).
import { largest, smallest } from '../data/extremes.ts';

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export const round = (value: number) => Math.round(value * 10) / 10;

export function svg(width: number, height: number, label: string, body: string): string {
  return `<svg class="chart" style="max-width:${Math.round(width * 1.2)}px" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeXml(label)}</title>${body}</svg>`;
}

export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${round(x)}" y="${round(y)}" ${attributes}>${escapeXml(content)}</text>`;
}

export interface Interval {
  label: string;
  value: number;
  /** Half-width of the error bar (a standard deviation). */
  error?: number;
  highlight?: boolean;
}

/** One row per item: a dot at its value with an error bar, on a shared axis; highlighted items in colour. */
export function dotPlot(items: readonly Interval[], options: { label: string; min?: number; max?: number; format: (value: number) => string }): string {
  // Wide enough for the longest label at 11 px (~6.2 px a character, 7 in bold): a label is never cut at the left edge.
  const labelWidth = Math.max(120, Math.ceil(12 + 7 * largest(items.map((item) => item.label.length), 0)));
  const plotWidth = 330;
  const rowHeight = 18;
  const top = 10;
  const height = top + items.length * rowHeight + 34;
  const low = options.min ?? smallest(items.map((item) => item.value - (item.error ?? 0)));
  const high = options.max ?? largest(items.map((item) => item.value + (item.error ?? 0)));
  const span = high - low || 1;
  const x = (value: number) => labelWidth + ((Math.min(high, Math.max(low, value)) - low) / span) * plotWidth;
  let body = '';
  items.forEach((item, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    const colour = item.highlight ? '#d62728' : '#1f77b4';
    if (item.highlight) body += `<rect x="0" y="${round(y - rowHeight / 2)}" width="${labelWidth + plotWidth + 70}" height="${rowHeight}" fill="#fdecea"/>`;
    body += text(labelWidth - 8, y + 4, item.label, `text-anchor="end" font-size="11"${item.highlight ? ' font-weight="bold"' : ''}`);
    if (item.error) body += `<line x1="${round(x(item.value - item.error))}" x2="${round(x(item.value + item.error))}" y1="${round(y)}" y2="${round(y)}" stroke="${colour}" stroke-width="1.5"/>`;
    body += `<circle cx="${round(x(item.value))}" cy="${round(y)}" r="4" fill="${colour}"/>`;
    body += text(labelWidth + plotWidth + 8, y + 4, options.format(item.value), 'font-size="11"');
  });
  const axisY = top + items.length * rowHeight + 6;
  body += `<line x1="${labelWidth}" x2="${labelWidth + plotWidth}" y1="${axisY}" y2="${axisY}" stroke="#555"/>`;
  for (let t = 0; t <= 4; t++) {
    const value = low + (span * t) / 4;
    body += `<line x1="${round(x(value))}" x2="${round(x(value))}" y1="${axisY}" y2="${axisY + 4}" stroke="#555"/>` + text(x(value), axisY + 16, options.format(value), 'text-anchor="middle" font-size="10"');
  }
  return svg(labelWidth + plotWidth + 70, height, options.label, body);
}

/** Horizontal bars from 0, labelled with their values. */
export function barChart(items: readonly { label: string; value: number; note?: string }[], options: { label: string }): string {
  const labelWidth = 160;
  const plotWidth = 360;
  const rowHeight = 22;
  const high = largest(items.map((item) => item.value), 1);
  let body = '';
  items.forEach((item, i) => {
    const y = 6 + i * rowHeight;
    body += text(labelWidth - 8, y + 14, item.label, 'text-anchor="end" font-size="12"');
    body += `<rect x="${labelWidth}" y="${y + 3}" width="${round((item.value / high) * plotWidth)}" height="${rowHeight - 6}" fill="${PALETTE[i % PALETTE.length]}"/>`;
    body += text(labelWidth + (item.value / high) * plotWidth + 6, y + 14, item.note ?? String(item.value), 'font-size="11"');
  });
  return svg(labelWidth + plotWidth + 120, items.length * rowHeight + 12, options.label, body);
}

/**
 * A grid of coloured cells with their values: sequential (white → blue, for counts) or
 * diverging around 0 (red ← white → blue, for coefficients).
 */
export function heatMap(rowLabels: readonly string[], columnLabels: readonly string[], values: readonly (readonly number[])[], options: { label: string; diverging?: boolean; format: (value: number) => string; rowTitle?: string; columnTitle?: string }): string {
  const cell = columnLabels.length > 12 ? 30 : 56;
  const left = 150;
  const top = Math.min(140, 14 + 6 * largest(columnLabels.map((name) => name.length), 0));
  const flat = values.flat();
  const extent = largest(options.diverging ? flat.map(Math.abs) : flat, 1e-12);
  const colour = (value: number) => {
    const t = Math.min(1, Math.abs(value) / extent);
    const [r, g, b] = options.diverging && value < 0 ? [214, 39, 40] : [31, 119, 180];
    const mix = (channel: number) => Math.round(255 + (channel - 255) * t);
    return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
  };
  let body = '';
  columnLabels.forEach((name, j) => {
    const x = left + j * cell + cell / 2;
    body += text(x, top - 6, name, `font-size="10" transform="rotate(-45 ${round(x)} ${round(top - 6)})"`);
  });
  rowLabels.forEach((name, i) => {
    const y = top + i * cell;
    body += text(left - 8, y + cell / 2 + 4, name, 'text-anchor="end" font-size="11"');
    values[i].forEach((value, j) => {
      const fill = colour(value);
      const dark = Math.abs(value) / extent > 0.6;
      body += `<rect x="${left + j * cell}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`;
      if (cell >= 40) body += text(left + j * cell + cell / 2, y + cell / 2 + 4, options.format(value), `text-anchor="middle" font-size="11" fill="${dark ? '#fff' : '#222'}"`);
    });
  });
  const width = left + columnLabels.length * cell + 20;
  const height = top + rowLabels.length * cell + 28;
  if (options.rowTitle) body += text(8, height - 8, `rows: ${options.rowTitle}; columns: ${options.columnTitle ?? ''}`, 'font-size="10" fill="#555"');
  return svg(width, height, options.label, body);
}

export interface Series {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** Draw each point as a dot, as a reliability diagram does. */
  markers?: boolean;
}

/** Lines on a square [0, 1] × [0, 1] plot with a dashed diagonal (chance for ROC, perfect calibration), and a legend. */
export function unitLineChart(series: readonly Series[], options: { label: string; xLabel: string; yLabel: string }): string {
  const size = 300;
  const left = 46;
  const top = 12;
  const x = (value: number) => left + value * size;
  const y = (value: number) => top + (1 - value) * size;
  let body = `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#555"/>`;
  body += `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 4"/>`;
  for (let t = 0; t <= 4; t++) {
    const value = t / 4;
    body += text(x(value), top + size + 14, value.toFixed(2), 'text-anchor="middle" font-size="10"') + text(left - 6, y(value) + 3, value.toFixed(2), 'text-anchor="end" font-size="10"');
  }
  body += text(left + size / 2, top + size + 30, options.xLabel, 'text-anchor="middle" font-size="11"');
  body += text(12, top + size / 2, options.yLabel, `text-anchor="middle" font-size="11" transform="rotate(-90 12 ${top + size / 2})"`);
  series.forEach((line, k) => {
    const colour = PALETTE[k % PALETTE.length];
    const points = line.x.map((value, i) => `${round(x(value))},${round(y(line.y[i]))}`).join(' ');
    body += `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`;
    if (line.markers) line.x.forEach((value, i) => (body += `<circle cx="${round(x(value))}" cy="${round(y(line.y[i]))}" r="3" fill="${colour}"/>`));
    body += `<rect x="${left + size + 16}" y="${top + 8 + k * 18}" width="12" height="12" fill="${colour}"/>` + text(left + size + 34, top + 18 + k * 18, line.name, 'font-size="11"');
  });
  // As tall as the plot or the legend, whichever is taller: every series keeps its entry.
  const legendWidth = Math.max(200, Math.ceil(40 + 6.2 * largest(series.map((line) => line.name.length), 0)));
  return svg(left + size + legendWidth, Math.max(top + size + 40, top + 26 + series.length * 18), options.label, body);
}
