// The landscape of a 2-D function, sampled for plotting: the plot box, a grid of log10(f − f*)
// at cell centres, and log-spaced contour levels. Pure math (no DOM, no Node), shared by the
// CLI's SVG plots and the web demo.
import type { TestFunction } from '../functions/types.js';
// Gaps below GAP_FLOOR are drawn as "at the minimum" (the floor training and the bench use).
import { GAP_FLOOR } from '../functions/gap.js';

export interface PlotBox {
  x: [number, number];
  y: [number, number];
}

export interface Grid {
  box: PlotBox;
  nx: number;
  ny: number;
  /** log10(max(f − f*, floor)) at cell centres, row-major (value[j * nx + i], j along y). */
  value: Float64Array;
  /** The f* the gaps are measured from. */
  fmin: number;
  /** Range of `value` used for levels and colours (robust: a low percentile to the max). */
  lo: number;
  hi: number;
}

/** The function's domain, widened (10 % margin) to hold every point in `extra` (start points). */
export function plotBox(fn: TestFunction, extra: readonly (readonly number[])[] = []): PlotBox {
  const d = fn.domain(2);
  const box: PlotBox = { x: [d.lo[0], d.hi[0]], y: [d.lo[1], d.hi[1]] };
  for (const p of extra) {
    for (const [k, axis] of [[0, box.x], [1, box.y]] as const) {
      const v = p[k];
      if (!Number.isFinite(v)) continue;
      const pad = 0.1 * (axis[1] - axis[0]);
      if (v < axis[0]) axis[0] = v - pad;
      if (v > axis[1]) axis[1] = v + pad;
    }
  }
  return box;
}

export function logGap(f: number, fmin: number): number {
  return Math.log10(Math.max(f - fmin, GAP_FLOOR));
}

/** Samples log10(f − f*) on an nx × ny grid of cell centres. Values below `lowPercentile` of the
 *  grid's values sit at the bottom of the colour (and height) range. */
export function sampleGrid(fn: TestFunction, box: PlotBox, nx: number, ny = nx, lowPercentile = 0.01, fminGiven?: number): Grid {
  // A user function may know its minimum only as an estimate (the bench's): take it when given.
  const fmin = fminGiven ?? fn.fmin(2);
  const value = new Float64Array(nx * ny);
  const p = [0, 0];
  for (let j = 0; j < ny; j++) {
    p[1] = box.y[0] + ((j + 0.5) / ny) * (box.y[1] - box.y[0]);
    for (let i = 0; i < nx; i++) {
      p[0] = box.x[0] + ((i + 0.5) / nx) * (box.x[1] - box.x[0]);
      const f = fn.f(p);
      value[j * nx + i] = Number.isFinite(f) ? logGap(f, fmin) : NaN;
    }
  }
  const finite = Array.from(value).filter(Number.isFinite).sort((a, b) => a - b);
  // A grid point that lands on the minimum exactly would drag the levels down to the floor:
  // a low percentile (1st by default) keeps them on the visible landscape.
  let lo = finite.length ? finite[Math.floor(lowPercentile * (finite.length - 1))] : 0;
  let hi = finite.length ? finite[finite.length - 1] : 1;
  if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1];
  return { box, nx, ny, value, fmin, lo, hi };
}

/** `count` contour levels evenly spaced in log10(f − f*) — log-spaced in f − f*. */
export function logLevels(grid: Grid, count = 16): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(grid.lo + ((k + 0.5) / count) * (grid.hi - grid.lo));
  return out;
}
