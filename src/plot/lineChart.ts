// Line charts (training curves, loss vs iteration, lr per step) as SVG, with d3-scale for the
// axes' ticks and d3-shape for the paths. Log-y when asked; non-finite points break the line.
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { PALETTE, el, esc, svgDocument } from './svg.js';

export interface Series {
  name: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
  /** End the line with an ✕: the run stopped there (diverged or left the plot). */
  mark?: boolean;
}

/** Rough width of a legend label at 12 px sans-serif (no font metrics in Node or resvg's layout). */
export function labelWidth(text: string): number {
  return 6.8 * [...text].length;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  width?: number;
  height?: number;
  /** The x axis ends here at least (fixed ticks while a series grows). */
  xMax?: number;
}

// Math.min(...v) passes every value as an argument: a 100,000-step series overflows the stack.
function minOf(v: readonly number[]): number {
  let m = Infinity;
  for (const x of v) if (x < m || Number.isNaN(x)) m = x;
  return m;
}

function maxOf(v: readonly number[]): number {
  let m = -Infinity;
  for (const x of v) if (x > m || Number.isNaN(x)) m = x;
  return m;
}

export function lineChart(series: Series[], o: LineChartOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 420;
  // The legend sits right of the plot; long labels widen the margin instead of being clipped.
  const legend = Math.max(0, ...series.map((s) => labelWidth(s.name)));
  const m = { top: 36, right: Math.max(150, Math.ceil(42 + legend + 10)), bottom: 46, left: 70 };
  const ok = (v: number) => Number.isFinite(v) && (!o.logY || v > 0);
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) => s.y.filter(ok));
  const xMin = minOf(xs);
  const xMax = Math.max(maxOf(xs), o.xMax ?? -Infinity);
  let yMin = ys.length ? minOf(ys) : 0;
  let yMax = ys.length ? maxOf(ys) : 1;
  if (yMin === yMax) [yMin, yMax] = o.logY ? [yMin / 10, yMax * 10] : [yMin - 1, yMax + 1];
  const x = scaleLinear().domain([xMin, xMax === xMin ? xMin + 1 : xMax]).range([m.left, width - m.right]);
  const y = (o.logY ? scaleLog() : scaleLinear()).domain([yMin, yMax]).range([height - m.bottom, m.top]).nice();

  let body = el('text', { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(o.title));
  // Axes with ticks.
  const xTicks = x.ticks(8);
  // Log axes: powers of ten, thinned to one label per ~28 px so labels never run together (a gap
  // axis can span 1e-12 … 1e4 in a short chart).
  const decades = o.logY ? (y as ReturnType<typeof scaleLog>).ticks(6).filter((t) => Number.isInteger(Math.log10(t))) : [];
  const every = Math.max(1, Math.ceil((decades.length * 28) / Math.max(1, height - m.top - m.bottom)));
  const yTicks = o.logY ? decades.filter((t) => Math.round(Math.log10(t)) % every === 0) : y.ticks(6);
  const fmtY = o.logY ? (t: number) => `1e${Math.round(Math.log10(t))}` : y.tickFormat(6);
  body += el('g', { class: 'axis x' }, [
    el('line', { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom, stroke: '#333' }),
    ...xTicks.map((t) => el('line', { x1: x(t), x2: x(t), y1: height - m.bottom, y2: height - m.bottom + 5, stroke: '#333' }) + el('text', { x: x(t), y: height - m.bottom + 18, 'text-anchor': 'middle' }, esc(x.tickFormat(8)(t)))),
    el('text', { x: (m.left + width - m.right) / 2, y: height - 8, 'text-anchor': 'middle' }, esc(o.xLabel)),
  ].join(''));
  body += el('g', { class: 'axis y' }, [
    el('line', { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, stroke: '#333' }),
    ...yTicks.map((t) => el('line', { x1: m.left - 5, x2: width - m.right, y1: y(t), y2: y(t), stroke: '#ddd' }) + el('text', { x: m.left - 8, y: y(t) + 4, 'text-anchor': 'end' }, esc(fmtY(t)))),
    el('text', { x: 16, y: (m.top + height - m.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 16 ${(m.top + height - m.bottom) / 2})` }, esc(o.yLabel)),
  ].join(''));
  // Series and legend.
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts = s.x.map((xv, i) => [xv, s.y[i]] as [number, number]);
    const d = line<[number, number]>()
      .defined((p) => ok(p[1]))
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))(pts);
    body += el('path', { class: 'series', 'data-name': s.name, d: d ?? '', fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '6 4' : undefined });
    const last = pts.filter((p) => ok(p[1])).pop();
    if (s.mark && last) {
      const [cx, cy] = [x(last[0]), y(last[1])];
      body += el('path', { class: 'stop', 'data-name': s.name, d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}`, stroke: color, 'stroke-width': 2 });
    }
    const ly = m.top + 10 + k * 18;
    body += el('line', { x1: width - m.right + 12, x2: width - m.right + 36, y1: ly, y2: ly, stroke: color, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '6 4' : undefined });
    body += el('text', { x: width - m.right + 42, y: ly + 4, class: 'legend' }, esc(s.name));
  });
  return svgDocument(width, height, body);
}
