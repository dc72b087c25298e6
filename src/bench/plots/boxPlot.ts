// Box plots of log10 gap per optimizer on one function (Tukey whiskers, outliers as dots);
// diverged runs (log10 gap +∞) cannot be drawn on the axis, so each box is labelled with their
// count above the plot area. The axis spans at least MIN_SPAN decades, so a negligible spread
// (easom's runs that all end within 1e-5 of one another in log10 gap) is drawn as negligible, and
// the margins grow with the longest name, so no rotated label is cut.
import { scaleLinear } from 'd3-scale';
import { boxStats } from '../stats.js';
import { el, esc, svgDocument } from '../../plot/svg.js';
import { contenderStyle } from '../../plot/style.js';
import { labelWidth } from '../../plot/lineChart.js';

export interface BoxGroup {
  name: string;
  /** log10 gaps (+∞ for diverged runs). */
  values: number[];
}

/** The axis's least span, in log10 units: one decade. Differences well under it are not what a
 *  box plot of final gaps is for; they show as the thin boxes they are. */
export const MIN_SPAN = 1;
/** The labels' rotation (degrees, clockwise from the axis). */
const LABEL_ANGLE = 35;
const LABEL_GAP = 14;

/** Where a rotated group label reaches: it ends (text-anchor end) at (x, top) and runs down-left. */
export function labelExtent(name: string): { dx: number; dy: number } {
  const a = (LABEL_ANGLE * Math.PI) / 180;
  const w = labelWidth(name);
  return { dx: w * Math.cos(a) + 4, dy: w * Math.sin(a) + 12 * Math.cos(a) };
}

export function boxPlot(groups: BoxGroup[], title: string, yLabel = 'log10(f − f*) (floored at −12)'): string {
  const ext = groups.map((g) => labelExtent(g.name));
  const left = Math.max(64, ...ext.map((e, k) => e.dx - 31 * (2 * k + 1) + 8)); // band ≥ 62: box k's centre ≥ left + 31(2k + 1)
  const width = Math.max(420, left + 26 + groups.length * 62);
  const m = { top: 52, right: 20, bottom: Math.max(70, Math.ceil(LABEL_GAP + Math.max(0, ...ext.map((e) => e.dy)) + 6)), left };
  const height = 310 + m.bottom;
  const stats = groups.map((g) => boxStats(g.values));
  // The axis spans the boxes and whiskers (not far outliers, which would squash them); outliers
  // beyond it are drawn as triangles at the edge.
  const spans = stats.filter((b) => Number.isFinite(b.median)).flatMap((b) => [b.whiskerLo, b.whiskerHi]);
  let lo = spans.length ? spans.reduce((a, b) => Math.min(a, b)) : -1; // no spread: one argument per run
  let hi = spans.length ? spans.reduce((a, b) => Math.max(a, b)) : 1;
  if (hi - lo < MIN_SPAN) {
    const mid = (lo + hi) / 2;
    [lo, hi] = [mid - MIN_SPAN / 2, mid + MIN_SPAN / 2];
  }
  const pad = (hi - lo) * 0.08;
  const y = scaleLinear().domain([lo - pad, hi + pad]).range([height - m.bottom, m.top]).nice();
  const [yLo, yHi] = y.domain();
  const band = (width - m.left - m.right) / Math.max(1, groups.length);
  const cx = (k: number) => m.left + band * (k + 0.5);
  const bw = Math.min(36, band * 0.6);
  let body = el('text', { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(title));
  body += el('g', { class: 'axis y' }, [
    el('line', { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, stroke: '#333' }),
    ...y.ticks(6).map((t) => el('line', { x1: m.left - 5, x2: width - m.right, y1: y(t), y2: y(t), stroke: '#e3e3e3' }) + el('text', { x: m.left - 8, y: y(t) + 4, 'text-anchor': 'end' }, esc(String(t)))),
    el('text', { x: 16, y: (m.top + height - m.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 16 ${(m.top + height - m.bottom) / 2})` }, esc(yLabel)),
  ].join(''));
  groups.forEach((g, k) => {
    const s = stats[k];
    const { color, dashed } = contenderStyle(g.name);
    const x = cx(k);
    let box = '';
    if (Number.isFinite(s.median)) {
      box += el('line', { x1: x, x2: x, y1: y(s.whiskerLo), y2: y(s.q1), stroke: '#333' });
      box += el('line', { x1: x, x2: x, y1: y(s.q3), y2: y(s.whiskerHi), stroke: '#333' });
      box += el('line', { x1: x - bw / 4, x2: x + bw / 4, y1: y(s.whiskerLo), y2: y(s.whiskerLo), stroke: '#333' });
      box += el('line', { x1: x - bw / 4, x2: x + bw / 4, y1: y(s.whiskerHi), y2: y(s.whiskerHi), stroke: '#333' });
      box += el('rect', { class: 'box', x: x - bw / 2, y: y(s.q3), width: bw, height: Math.max(1, y(s.q1) - y(s.q3)), fill: color, 'fill-opacity': 0.35, stroke: color, 'stroke-dasharray': dashed ? '4 3' : undefined });
      box += el('line', { class: 'median', x1: x - bw / 2, x2: x + bw / 2, y1: y(s.median), y2: y(s.median), stroke: '#111', 'stroke-width': 2 });
      for (const v of s.outliers) {
        if (v > yHi) box += el('path', { class: 'outlier beyond', d: `M${x - 4},${m.top + 6}L${x + 4},${m.top + 6}L${x},${m.top}Z`, fill: color });
        else if (v < yLo) box += el('path', { class: 'outlier beyond', d: `M${x - 4},${height - m.bottom - 6}L${x + 4},${height - m.bottom - 6}L${x},${height - m.bottom}Z`, fill: color });
        else box += el('circle', { class: 'outlier', cx: x, cy: y(v), r: 2.5, fill: 'none', stroke: color });
      }
    }
    if (s.infinite > 0) box += el('text', { class: 'diverged', x, y: m.top - 10, 'text-anchor': 'middle', fill: '#c0392b', 'font-size': 11 }, esc(`${s.infinite} div.`));
    const ly = height - m.bottom + LABEL_GAP;
    box += el('text', { class: 'label', x, y: ly, 'text-anchor': 'end', transform: `rotate(-${LABEL_ANGLE} ${x} ${ly})` }, esc(g.name));
    body += el('g', { class: 'group', 'data-name': g.name }, box);
  });
  return svgDocument(width, height, body);
}
