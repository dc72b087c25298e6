// The 3-D view for files: the surface z = log10(f − f*) over the plot box with the paths on it,
// projected orthographically (azimuth, elevation) and drawn back to front (painter's algorithm)
// as SVG polygons, so resvg renders it like any other plot. The web demo draws the same surface
// with three.js from the same heights (surfaceHeight).
import type { TestFunction } from '../functions/types.js';
import { el, esc, svgDocument } from '../plot/svg.js';
import { type Grid, logGap } from './grid.js';
import { MINIMUM_COLOR, landscapeColor, optimizerColor } from '../plot/style.js';
import { legendLayer, type LandscapePlotOptions } from './contour.js';

/** Height in [0, 1] of a log-gap value on the grid's colour range. */
export function normHeight(grid: Grid, v: number): number {
  if (!Number.isFinite(v)) return 1;
  const t = (v - grid.lo) / (grid.hi - grid.lo);
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** Height in [0, 1] of the surface at (x, y). */
export function surfaceHeight(fn: TestFunction, grid: Grid, x: number, y: number): number {
  return normHeight(grid, logGap(fn.f([x, y]), grid.fmin));
}

export interface Camera {
  /** Degrees around the vertical axis. */
  azimuth: number;
  /** Degrees above the horizon. */
  elevation: number;
}

export const DEFAULT_CAMERA: Camera = { azimuth: -35, elevation: 32 };

/** World coordinates: x, y mapped to [−1, 1], height to [−0.45, 0.45]. */
interface Projector {
  (x: number, y: number, h: number): { u: number; v: number; depth: number };
}

function projector(grid: Grid, cam: Camera, cx: number, cy: number, scale: number): Projector {
  const th = (cam.azimuth * Math.PI) / 180;
  const ph = (cam.elevation * Math.PI) / 180;
  const [x0, x1] = grid.box.x;
  const [y0, y1] = grid.box.y;
  return (x, y, h) => {
    const X = (2 * (x - x0)) / (x1 - x0) - 1;
    const Y = (2 * (y - y0)) / (y1 - y0) - 1;
    const Z = 0.9 * h - 0.45;
    const Xr = X * Math.cos(th) - Y * Math.sin(th);
    const Yr = X * Math.sin(th) + Y * Math.cos(th);
    return { u: cx + scale * Xr, v: cy - scale * (Yr * Math.sin(ph) + Z * Math.cos(ph)), depth: Yr * Math.cos(ph) - Z * Math.sin(ph) };
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** The grid is a coarse one (≈ 40–60 cells a side): one polygon per cell. */
export interface SurfacePlotOptions extends LandscapePlotOptions {
  camera?: Camera;
}

export function surfacePlot(o: SurfacePlotOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 560;
  const g = o.grid;
  const cam = o.camera ?? DEFAULT_CAMERA;
  const P = projector(g, cam, width / 2, height / 2 + 20, Math.min(width, height) * 0.33);
  const xAt = (i: number) => g.box.x[0] + ((i + 0.5) / g.nx) * (g.box.x[1] - g.box.x[0]);
  const yAt = (j: number) => g.box.y[0] + ((j + 0.5) / g.ny) * (g.box.y[1] - g.box.y[0]);
  const H = (i: number, j: number) => normHeight(g, g.value[j * g.nx + i]);

  // One quad per square of neighbouring cell centres, farthest first.
  const quads: { depth: number; d: string; fill: string }[] = [];
  for (let j = 0; j + 1 < g.ny; j++) {
    for (let i = 0; i + 1 < g.nx; i++) {
      const corners = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ].map(([a, b]) => ({ h: H(a, b), p: P(xAt(a), yAt(b), H(a, b)) }));
      // A height field seen from above sorts exactly by the depth of its cells' footprints.
      const depth = P((xAt(i) + xAt(i + 1)) / 2, (yAt(j) + yAt(j + 1)) / 2, 0).depth;
      const h = corners.reduce((s, c) => s + c.h, 0) / 4;
      quads.push({ depth, fill: landscapeColor(h), d: corners.map((c) => `${r1(c.p.u)},${r1(c.p.v)}`).join(' ') });
    }
  }
  // Skirts: a wall from each boundary edge of the mesh down to the base, so the surface meets
  // the box's floor along a straight line (the bare mesh's lower edge followed every cell's height
  // and came out saw-toothed). Sorted with the cells: the walls at the back are painted over.
  const wall = (a: [number, number], c: [number, number]) => {
    const top = [a, c].map(([i, j]) => P(xAt(i), yAt(j), H(i, j)));
    const foot = [c, a].map(([i, j]) => P(xAt(i), yAt(j), 0));
    const depth = P((xAt(a[0]) + xAt(c[0])) / 2, (yAt(a[1]) + yAt(c[1])) / 2, 0).depth;
    const h = (H(a[0], a[1]) + H(c[0], c[1])) / 4;
    quads.push({ depth, fill: landscapeColor(h), d: [...top, ...foot].map((q) => `${r1(q.u)},${r1(q.v)}`).join(' ') });
  };
  for (let i = 0; i + 1 < g.nx; i++) (wall([i, 0], [i + 1, 0]), wall([i, g.ny - 1], [i + 1, g.ny - 1]));
  for (let j = 0; j + 1 < g.ny; j++) (wall([0, j], [0, j + 1]), wall([g.nx - 1, j], [g.nx - 1, j + 1]));
  quads.sort((a, b) => b.depth - a.depth);
  let surface = '';
  for (const q of quads) surface += `<polygon points="${q.d}" fill="${q.fill}" stroke="rgba(0,0,0,0.12)" stroke-width="0.4"/>`;

  // The base of the box and its labels.
  const [x0, x1] = g.box.x;
  const [y0, y1] = g.box.y;
  const base = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ].map(([x, y]) => P(x, y, 0));
  const axes =
    el('polygon', { class: 'base', points: base.map((p) => `${r1(p.u)},${r1(p.v)}`).join(' '), fill: 'none', stroke: '#666', 'stroke-dasharray': '4 3' }) +
    el('text', { x: r1((base[0].u + base[1].u) / 2), y: r1((base[0].v + base[1].v) / 2 + 18), 'text-anchor': 'middle' }, esc(`x ∈ [${x0}, ${x1}]`)) +
    el('text', { x: r1((base[1].u + base[2].u) / 2 + 10), y: r1((base[1].v + base[2].v) / 2 + 16), 'text-anchor': 'start' }, esc(`y ∈ [${y0}, ${y1}]`));
  const zAxisFoot = base.reduce((a, b) => (b.depth > a.depth ? b : a));
  const corner = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ][base.indexOf(zAxisFoot)];
  const zTop = P(corner[0], corner[1], 1);
  const zAxis =
    el('line', { x1: r1(zAxisFoot.u), y1: r1(zAxisFoot.v), x2: r1(zTop.u), y2: r1(zTop.v), stroke: '#666' }) +
    el('text', { x: r1(zTop.u), y: r1(zTop.v - 8), 'text-anchor': 'middle' }, esc(`log₁₀(f − f*) ${g.lo.toFixed(1)} … ${g.hi.toFixed(1)}`));

  // Paths on the surface (lifted a hair so they are not buried in it), then the minima.
  let paths = '';
  const inBox = (p: number[]) => p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
  for (const run of o.runs) {
    // Only the stretches inside the box, each its own subpath: a path that leaves and comes back
    // is not joined by a chord across the surface; a diverged run ends at its last finite point.
    let d = '';
    let pen = 'M';
    const pts: { u: number; v: number }[] = [];
    for (const p of run.x) {
      if (!p.every(Number.isFinite)) break;
      if (!inBox(p)) {
        pen = 'M';
        continue;
      }
      const q = P(p[0], p[1], Math.min(1, surfaceHeight(o.fn, g, p[0], p[1]) + 0.01));
      d += `${pen}${r1(q.u)},${r1(q.v)}`;
      pen = 'L';
      pts.push(q);
    }
    if (pts.length === 0) continue;
    const color = optimizerColor(run.name);
    const head = pts[pts.length - 1];
    paths += el(
      'g',
      { class: 'run', 'data-name': run.name, 'data-label': run.label },
      el('path', { d, fill: 'none', stroke: 'white', 'stroke-width': 4, 'stroke-opacity': 0.7 }) +
        el('path', { class: 'path', d, fill: 'none', stroke: color, 'stroke-width': 2 }) +
        el('circle', { class: 'start', cx: r1(pts[0].u), cy: r1(pts[0].v), r: 4, fill: 'white', stroke: '#222' }) +
        el('circle', { class: 'head', cx: r1(head.u), cy: r1(head.v), r: 4.5, fill: color, stroke: 'white' }),
    );
  }
  let minima = '';
  for (const [x, y] of o.fn.minimisers(2)) {
    if (!inBox([x, y])) continue;
    const p = P(x, y, surfaceHeight(o.fn, g, x, y));
    minima += el('circle', { class: 'minimum', 'data-x': x, 'data-y': y, cx: r1(p.u), cy: r1(p.v), r: 6, fill: MINIMUM_COLOR, stroke: '#333' }, el('title', {}, esc(`global minimum (${x}, ${y})`)));
  }
  const body =
    el('text', { x: width / 2, y: 22, 'text-anchor': 'middle', 'font-size': 14, class: 'title' }, esc(o.title)) +
    el('g', { class: 'axes' }, axes) +
    el('g', { class: 'surface' }, surface) +
    el('g', { class: 'axes' }, zAxis) +
    el('g', { class: 'paths' }, paths) +
    el('g', { class: 'minima' }, minima) +
    legendLayer(o.runs, 16, 46, g.box);
  return svgDocument(width, height, body);
}
