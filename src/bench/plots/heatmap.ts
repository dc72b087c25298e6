// The win-rate matrix: rows (functions, then suite summaries), columns (baselines), each cell
// o1's win rate against that baseline, coloured on a diverging scale (0 red, 0.5 white, 1 blue)
// and printed.
import { scaleLinear } from 'd3-scale';
import { el, esc, svgDocument } from '../../plot/svg.js';

export interface HeatmapRow {
  label: string;
  values: number[];
  /** Draw a separator above this row (e.g. before suite summaries). */
  rule?: boolean;
  bold?: boolean;
}

export function winRateMatrix(rows: HeatmapRow[], columns: string[], title: string): string {
  const cellW = 62;
  const cellH = 22;
  const left = 150;
  const top = 92;
  const width = left + columns.length * cellW + 20;
  const height = top + rows.length * cellH + 40;
  const color = scaleLinear<string>().domain([0, 0.5, 1]).range(['#d73027', '#f7f7f7', '#4575b4']).clamp(true);
  let body = el('text', { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(title));
  columns.forEach((c, j) => {
    const x = left + j * cellW + cellW / 2;
    body += el('text', { class: 'col', x, y: top - 8, 'text-anchor': 'start', transform: `rotate(-40 ${x} ${top - 8})` }, esc(c));
  });
  rows.forEach((r, i) => {
    const y = top + i * cellH;
    body += el('text', { class: 'row', x: left - 8, y: y + cellH / 2 + 4, 'text-anchor': 'end', 'font-weight': r.bold ? 'bold' : undefined }, esc(r.label));
    if (r.rule) body += el('line', { x1: 10, x2: left + columns.length * cellW, y1: y, y2: y, stroke: '#333' });
    r.values.forEach((v, j) => {
      const x = left + j * cellW;
      const ok = Number.isFinite(v);
      body += el('rect', { class: 'cell', x, y, width: cellW - 1, height: cellH - 1, fill: ok ? color(v) : '#ccc', 'data-value': ok ? v.toFixed(3) : 'NaN' });
      body += el('text', { x: x + cellW / 2, y: y + cellH / 2 + 4, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': r.bold ? 'bold' : undefined }, ok ? v.toFixed(2) : '—');
    });
  });
  body += el('text', { x: left, y: height - 14, 'font-size': 11, fill: '#555' }, esc('o1 win rate (wins + ties/2) per run: > 0.5 (blue) favours o1, < 0.5 (red) the baseline'));
  return svgDocument(width, height, body);
}
