// The contour view: filled log-spaced contours of f − f* (d3-contour), axes, the global minima
// and each optimizer's path. Built from layers so the web demo can keep the landscape and redraw
// only the paths while a race plays. Plain SVG strings: Node files, resvg and innerHTML alike.
import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { TestFunction } from '../functions/types.js';
import { el, esc, svgDocument } from '../plot/svg.js';
import { type Grid, type PlotBox, logLevels } from './grid.js';
import type { RaceRun } from './race.js';
import { MINIMUM_COLOR, landscapeColor, optimizerColor } from '../plot/style.js';
import { drawnPath, inBox } from './reach.js';

/** Where the plot area sits in the SVG (pixels) and which box of (x, y) it shows. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  box: PlotBox;
}

export interface FrameScales {
  px(x: number): number;
  py(y: number): number;
  /** Pixel → (x, y): where a click on the plot lands. */
  invert(px: number, py: number): [number, number];
}

export function frameScales(f: Frame): FrameScales {
  const sx = scaleLinear().domain(f.box.x).range([f.left, f.left + f.width]);
  // y grows upwards, as in the maths.
  const sy = scaleLinear().domain(f.box.y).range([f.top + f.height, f.top]);
  return { px: sx, py: sy, invert: (a, b) => [sx.invert(a), sy.invert(b)] };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Filled contour bands at log-spaced levels, lowest first. */
export function contourLayer(grid: Grid, frame: Frame, count = 16): string {
  const levels = logLevels(grid, count);
  // NaN cells (overflow) count as the highest level rather than holes.
  const values = Array.from(grid.value, (v) => (Number.isFinite(v) ? v : grid.hi));
  const gen = contours().size([grid.nx, grid.ny]).thresholds(levels);
  const cw = frame.width / grid.nx;
  const ch = frame.height / grid.ny;
  const X = (gx: number) => r1(frame.left + gx * cw);
  const Y = (gy: number) => r1(frame.top + frame.height - gy * ch);
  const color = (v: number) => landscapeColor((v - grid.lo) / (grid.hi - grid.lo));
  let out = el('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: color(grid.lo - 1) });
  for (const band of gen(values)) {
    let d = '';
    for (const polygon of band.coordinates) for (const ring of polygon) d += `M${ring.map(([a, b]) => `${X(a)},${Y(b)}`).join('L')}Z`;
    if (!d) continue;
    out += el('path', { class: 'contour', 'data-level': Number(band.value.toPrecision(4)), d, fill: color(band.value), stroke: 'rgba(0,0,0,0.18)', 'stroke-width': 0.6 });
  }
  return el('g', { class: 'contours' }, out);
}

/** Axes with ticks and labels around the frame. */
export function axesLayer(frame: Frame, xLabel = 'x', yLabel = 'y'): string {
  const s = frameScales(frame);
  const sx = scaleLinear().domain(frame.box.x);
  const sy = scaleLinear().domain(frame.box.y);
  const bottom = frame.top + frame.height;
  const xs = sx.ticks(7).map((t) =>
    el('line', { x1: r1(s.px(t)), x2: r1(s.px(t)), y1: bottom, y2: bottom + 5, stroke: '#333' }) +
    el('text', { x: r1(s.px(t)), y: bottom + 18, 'text-anchor': 'middle' }, esc(sx.tickFormat(7)(t))),
  );
  const ys = sy.ticks(7).map((t) =>
    el('line', { x1: frame.left - 5, x2: frame.left, y1: r1(s.py(t)), y2: r1(s.py(t)), stroke: '#333' }) +
    el('text', { x: frame.left - 8, y: r1(s.py(t)) + 4, 'text-anchor': 'end' }, esc(sy.tickFormat(7)(t))),
  );
  return (
    el('g', { class: 'axis x' }, el('line', { x1: frame.left, x2: frame.left + frame.width, y1: bottom, y2: bottom, stroke: '#333' }) + xs.join('') +
      el('text', { x: frame.left + frame.width / 2, y: bottom + 36, 'text-anchor': 'middle' }, esc(xLabel))) +
    el('g', { class: 'axis y' }, el('line', { x1: frame.left, x2: frame.left, y1: frame.top, y2: bottom, stroke: '#333' }) + ys.join('') +
      el('text', { x: frame.left - 40, y: frame.top + frame.height / 2, 'text-anchor': 'middle', transform: `rotate(-90 ${frame.left - 40} ${frame.top + frame.height / 2})` }, esc(yLabel)))
  );
}

/** A star on each global minimiser inside the box. */
export function minimaLayer(fn: TestFunction, frame: Frame): string {
  const s = frameScales(frame);
  const stars = fn
    .minimisers(2)
    .filter(([x, y]) => x >= frame.box.x[0] && x <= frame.box.x[1] && y >= frame.box.y[0] && y <= frame.box.y[1])
    .map(([x, y]) => {
      const cx = s.px(x);
      const cy = s.py(y);
      const pts: string[] = [];
      for (let k = 0; k < 10; k++) {
        const r = k % 2 === 0 ? 8 : 3.4;
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        pts.push(`${r1(cx + r * Math.cos(a))},${r1(cy + r * Math.sin(a))}`);
      }
      return el('polygon', { class: 'minimum', 'data-x': x, 'data-y': y, points: pts.join(' '), fill: MINIMUM_COLOR, stroke: '#333', 'stroke-width': 1 }, el('title', {}, esc(`global minimum (${x}, ${y}), f* = ${fn.fmin(2)}`)));
    });
  return el('g', { class: 'minima' }, stars.join(''));
}

/** An ✕ (a run that diverged or left the plot stops here), in the run's colour. */
export function stopMark(cx: number, cy: number, color: string, title: string): string {
  const r = 5;
  const d = `M${r1(cx - r)},${r1(cy - r)}L${r1(cx + r)},${r1(cy + r)}M${r1(cx - r)},${r1(cy + r)}L${r1(cx + r)},${r1(cy - r)}`;
  return el('g', { class: 'stop' }, el('path', { d, stroke: 'white', 'stroke-width': 5, 'stroke-linecap': 'round' }) + el('path', { d, stroke: color, 'stroke-width': 2.5, 'stroke-linecap': 'round' }) + el('title', {}, esc(title)));
}

/** An arrowhead on the box's edge pointing the way the path left it (a run that ended outside the
 *  plot, within reach), in the run's colour. (dx, dy): the direction in pixels. */
export function exitMark(cx: number, cy: number, dx: number, dy: number, color: string, title: string): string {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // Tip on the edge, base 14 px back inside the plot.
  const bx = cx - 14 * ux;
  const by = cy - 14 * uy;
  const pts = [[cx, cy], [bx - 7 * uy, by + 7 * ux], [bx + 7 * uy, by - 7 * ux]].map(([a, b]) => `${r1(a)},${r1(b)}`).join(' ');
  return el('g', { class: 'exit' }, el('polygon', { points: pts, fill: color, stroke: 'white', 'stroke-width': 1.5 }) + el('title', {}, esc(title)));
}

/** "(-7.12, 0.934)": a point as the legend and titles show it. */
export function formatPoint(p: readonly number[]): string {
  return `(${p.map((v) => String(Number(v.toPrecision(3)))).join(', ')})`;
}

/** Each run's path up to step `upTo` (all of it by default), a dot at its start and its head; a
 *  run that diverged or ran off is drawn up to where it leaves the view and marked there (✕); one
 *  that ended outside the box gets an arrowhead where it last left it. */
export function pathsLayer(runs: readonly RaceRun[], frame: Frame, upTo = Infinity): string {
  const s = frameScales(frame);
  const gen = line<number[]>()
    .defined((p) => p.every(Number.isFinite))
    .x((p) => r1(s.px(p[0])))
    .y((p) => r1(s.py(p[1])));
  let out = '';
  for (const run of runs) {
    const drawn = drawnPath(run.x, run.diverged, frame.box, upTo);
    const pts = drawn.points;
    const color = optimizerColor(run.name);
    const d = gen(pts) ?? '';
    const head = drawn.reason ? undefined : pts[pts.length - 1];
    const why = drawn.reason === 'diverged' ? `diverged at step ${run.divergedAt}` : 'left the plot';
    let mark = '';
    if (drawn.mark && drawn.reason === 'outside') {
      const m = drawn.mark;
      const f = drawn.final!;
      mark = exitMark(s.px(m[0]), s.py(m[1]), s.px(f[0]) - s.px(m[0]), s.py(f[1]) - s.py(m[1]), color, `${run.label}: left the plot here, ended at ${formatPoint(f)}`);
    } else if (drawn.mark) mark = stopMark(s.px(drawn.mark[0]), s.py(drawn.mark[1]), color, `${run.label}: ${why}`);
    out += el(
      'g',
      { class: 'run', 'data-name': run.name, 'data-label': run.label, 'data-stopped': drawn.reason },
      el('path', { d, fill: 'none', stroke: 'white', 'stroke-width': 4, 'stroke-opacity': 0.7, 'stroke-linejoin': 'round' }) +
        el('path', { class: 'path', d, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round' }) +
        el('circle', { class: 'start', cx: r1(s.px(run.start[0])), cy: r1(s.py(run.start[1])), r: 4, fill: 'white', stroke: '#222' }) +
        (head ? el('circle', { class: 'head', cx: r1(s.px(head[0])), cy: r1(s.py(head[1])), r: 4.5, fill: color, stroke: 'white', 'stroke-width': 1.5 }) : '') +
        mark,
    );
  }
  return el('g', { class: 'paths' }, out);
}

/** One line per optimizer; given the plot's box, a single-start run that ended outside it says
 *  where ("ends outside at (−7.12, 0.934) ▸"), since the plot cannot show that point. */
export function legendLayer(runs: readonly RaceRun[], x: number, y: number, box?: PlotBox): string {
  const seen = new Set<string>();
  let out = '';
  let k = 0;
  for (const r of runs) {
    const label = r.label.replace(/ #\d+$/, '');
    if (seen.has(label)) continue;
    seen.add(label);
    const ly = y + k++ * 18;
    const last = r.x[r.x.length - 1];
    const outside = box && label === r.label && !r.diverged && last && last.every(Number.isFinite) && !inBox(last, box);
    out += el('line', { x1: x, x2: x + 24, y1: ly, y2: ly, stroke: optimizerColor(r.name), 'stroke-width': 3 });
    out += el('text', { x: x + 30, y: ly + 4, class: 'legend' }, esc(outside ? `${label}: ends outside at ${formatPoint(last)} ▸` : label));
  }
  return el('g', { class: 'legend' }, out);
}

/** Clips its content to the frame (paths that leave the box stop at its edge). */
export function clipped(id: string, frame: Frame, content: string): string {
  return (
    el('clipPath', { id }, el('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height })) +
    el('g', { 'clip-path': `url(#${id})` }, content)
  );
}

/** What a landscape figure draws: this contour plot, and the 3-D surface (src/viz/surface.ts). */
export interface LandscapePlotOptions {
  fn: TestFunction;
  grid: Grid;
  runs: readonly RaceRun[];
  title: string;
  width?: number;
  height?: number;
}

export interface ContourPlotOptions extends LandscapePlotOptions {
  /** Prefix for element ids, unique per document when several plots are combined. */
  idPrefix?: string;
}

/** The whole contour plot as an SVG document. */
export function contourPlot(o: ContourPlotOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 560;
  const m = { top: 36, right: 20, bottom: 50, left: 60 };
  // Keep the box's aspect ratio when the box is square-ish, so circles look round.
  const frame: Frame = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom, box: o.grid.box };
  const id = `${o.idPrefix ?? 'contour'}-clip`;
  const body =
    el('text', { x: width / 2, y: 22, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(o.title)) +
    clipped(id, frame, contourLayer(o.grid, frame) + pathsLayer(o.runs, frame)) +
    minimaLayer(o.fn, frame) +
    axesLayer(frame) +
    el('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: 'none', stroke: '#333' }) +
    legendLayer(o.runs, frame.left + 10, frame.top + 14, frame.box);
  return svgDocument(width, height, body);
}
