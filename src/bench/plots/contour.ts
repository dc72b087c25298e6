// Example trajectories on a contour plot of a 2-D function: filled contours of
// log10(f − f* + 1e-12) (so the levels are log-spaced in f − f*), computed with d3-contour on a
// grid over the view box, one path per run per optimizer, starts as open circles, global
// minimisers as crosses. Paths leaving the view are clipped.
import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import type { Box, TestFunction } from '../../functions/types.js';
import { PALETTE, el, esc, svgDocument } from '../../plot/svg.js';

export interface PathSet {
  name: string;
  /** paths[r][t] = [x, y]. */
  paths: number[][][];
}

export interface ContourOptions {
  title: string;
  /** The view box (default: plotBox(fn, sets)). */
  view?: Box;
  fmin?: number;
  /** Grid resolution per axis. */
  resolution?: number;
  /** Number of contour levels. */
  levels?: number;
  size?: number;
}

/** Where to look: the function's domain, widened to take in the trajectories, but by at most
 *  half the domain's span on each side (points further out are clipped). */
export function plotBox(fn: TestFunction, sets: readonly PathSet[] = []): Box {
  const d = fn.domain(2);
  const lo = [...d.lo];
  const hi = [...d.hi];
  for (let i = 0; i < 2; i++) {
    const span = d.hi[i] - d.lo[i];
    for (const s of sets) for (const path of s.paths) for (const pt of path) {
      lo[i] = Math.max(Math.min(lo[i], pt[i]), d.lo[i] - span / 2);
      hi[i] = Math.min(Math.max(hi[i], pt[i]), d.hi[i] + span / 2);
    }
  }
  return { lo, hi };
}

export function contourPlot(fn: TestFunction, sets: PathSet[], o: ContourOptions): string {
  const view = o.view ?? plotBox(fn, sets);
  const fmin = o.fmin ?? fn.fmin(2);
  const res = o.resolution ?? 120;
  const plotSize = o.size ?? 420;
  const m = { top: 36, right: 190, bottom: 40, left: 52 };
  const width = m.left + plotSize + m.right;
  const height = m.top + plotSize + m.bottom;
  const [x0, y0] = view.lo;
  const [x1, y1] = view.hi;
  const sx = scaleLinear().domain([x0, x1]).range([m.left, m.left + plotSize]);
  const sy = scaleLinear().domain([y0, y1]).range([m.top + plotSize, m.top]);
  // Grid of log10 gaps, row-major with x fastest (d3-contour's layout), cell centres.
  const values = new Array<number>(res * res);
  const p = [0, 0];
  for (let j = 0; j < res; j++) {
    p[1] = y0 + ((j + 0.5) / res) * (y1 - y0);
    for (let i = 0; i < res; i++) {
      p[0] = x0 + ((i + 0.5) / res) * (x1 - x0);
      const f = fn.f(p);
      values[j * res + i] = Number.isFinite(f) ? Math.log10(Math.max(f - fmin, 0) + 1e-12) : 12;
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const nLevels = o.levels ?? 14;
  const thresholds: number[] = [];
  for (let k = 0; k < nLevels; k++) thresholds.push(lo + ((k + 0.5) / nLevels) * (hi - lo));
  const shade = scaleLinear<string>().domain([lo, hi]).range(['#fdfdfd', '#7a8fa8']);
  const gx = (gxv: number) => m.left + (gxv / res) * plotSize;
  const gy = (gyv: number) => m.top + plotSize - (gyv / res) * plotSize;
  let layers = '';
  for (const c of contours().size([res, res]).thresholds(thresholds)(values)) {
    let d = '';
    for (const poly of c.coordinates) for (const ring of poly) {
      d += ring.map((pt, k) => `${k ? 'L' : 'M'}${gx(pt[0]).toFixed(1)},${gy(pt[1]).toFixed(1)}`).join('') + 'Z';
    }
    if (d) layers += el('path', { class: 'contour', d, fill: shade(c.value), stroke: '#8896a8', 'stroke-width': 0.4, 'data-level': c.value.toFixed(2) });
  }
  let body = el('text', { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(o.title));
  const clipId = `clip-${fn.name.replace(/[^\w-]/g, '')}`;
  body += el('defs', {}, el('clipPath', { id: clipId }, el('rect', { x: m.left, y: m.top, width: plotSize, height: plotSize })));
  body += el('g', { class: 'contours', 'clip-path': `url(#${clipId})` }, layers);
  // Axes.
  body += el('rect', { x: m.left, y: m.top, width: plotSize, height: plotSize, fill: 'none', stroke: '#333' });
  body += sx.ticks(6).map((t) => el('text', { x: sx(t), y: m.top + plotSize + 16, 'text-anchor': 'middle' }, esc(String(t)))).join('');
  body += sy.ticks(6).map((t) => el('text', { x: m.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, esc(String(t)))).join('');
  // Minimisers.
  let marks = '';
  for (const [a, b] of fn.id >= 0 ? fn.minimisers(2) : []) {
    marks += el('path', { class: 'minimiser', d: `M${sx(a) - 5},${sy(b) - 5}L${sx(a) + 5},${sy(b) + 5}M${sx(a) - 5},${sy(b) + 5}L${sx(a) + 5},${sy(b) - 5}`, stroke: '#000', 'stroke-width': 1.5 });
  }
  // Trajectories.
  let paths = '';
  sets.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    for (const path of s.paths) {
      if (path.length === 0) continue;
      const d = path.map((pt, t) => `${t ? 'L' : 'M'}${sx(pt[0]).toFixed(1)},${sy(pt[1]).toFixed(1)}`).join('');
      paths += el('path', { class: 'trajectory', 'data-name': s.name, d, fill: 'none', stroke: color, 'stroke-width': 1.6, 'stroke-opacity': 0.9 });
      const [a, b] = path[0];
      paths += el('circle', { class: 'start', cx: sx(a).toFixed(1), cy: sy(b).toFixed(1), r: 3.5, fill: 'white', stroke: color, 'stroke-width': 1.5 });
      const [ea, eb] = path[path.length - 1];
      paths += el('circle', { class: 'end', cx: sx(ea).toFixed(1), cy: sy(eb).toFixed(1), r: 2.5, fill: color });
    }
    const ly = m.top + 10 + k * 18;
    body += el('line', { x1: m.left + plotSize + 14, x2: m.left + plotSize + 38, y1: ly, y2: ly, stroke: color, 'stroke-width': 2 });
    body += el('text', { x: m.left + plotSize + 44, y: ly + 4, class: 'legend' }, esc(s.name));
  });
  body += el('g', { 'clip-path': `url(#${clipId})` }, marks + paths);
  return svgDocument(width, height, body);
}
