// `o1 viz`'s figures from a race: the contour (or, with 3-D, the projected surface), the loss
// chart and o1's lr chart, alone or side by side in one SVG.
import type { TestFunction } from '../functions/types.js';
import { sampleGrid, plotBox } from './grid.js';
import type { RaceRun } from './race.js';
import { contourPlot } from './contour.js';
import { surfacePlot, type Camera } from './surface.js';
import { lossChart, lrChart } from './charts.js';
import { svgDocument } from '../plot/svg.js';

export type ViewName = 'all' | 'contour' | 'surface' | 'loss' | 'lr';
export const VIEWS: readonly ViewName[] = ['all', 'contour', 'surface', 'loss', 'lr'];

export interface FigureOptions {
  fn: TestFunction;
  runs: readonly RaceRun[];
  /** The landscape panel: contour (default) or the projected 3-D surface. */
  threeD?: boolean;
  view?: ViewName;
  camera?: Camera;
  /** e.g. "rosenbrock, 200 steps". */
  subtitle?: string;
}

/** Places a standalone SVG document inside another at (x, y) (a nested <svg>). */
export function embed(doc: string, x: number, y: number): string {
  return doc.trim().replace(/^<svg /, `<svg x="${x}" y="${y}" `);
}

export function figure(o: FigureOptions): string {
  const view = o.view ?? 'all';
  const starts = o.runs.map((r) => r.start);
  const box = plotBox(o.fn, starts);
  const sub = o.subtitle ? ` — ${o.subtitle}` : '';
  const landscape = (w: number, h: number) =>
    o.threeD || view === 'surface'
      ? surfacePlot({ fn: o.fn, grid: sampleGrid(o.fn, box, 56, 56, 0.05), runs: o.runs, title: `${o.fn.name}: surface log₁₀(f − f*) with paths${sub}`, width: w, height: h, camera: o.camera })
      : contourPlot({ fn: o.fn, grid: sampleGrid(o.fn, box, 160), runs: o.runs, title: `${o.fn.name}: contours of f − f* (log-spaced) with paths${sub}`, width: w, height: h });
  const fmin = o.fn.fmin(2);
  const loss = (w: number, h: number) => lossChart(o.runs, fmin, `${o.fn.name}: loss per iteration`, { width: w, height: h, box });
  const lr = (w: number, h: number) => lrChart(o.runs, `o1's learning rate per step`, { width: w, height: h });
  switch (view) {
    case 'contour':
    case 'surface':
      return landscape(640, 600);
    case 'loss':
      return loss(720, 420);
    case 'lr':
      return lr(720, 420);
    case 'all': {
      const body = embed(landscape(640, 620), 0, 0) + embed(loss(640, 310), 640, 0) + embed(lr(640, 310), 640, 310);
      return svgDocument(1280, 620, body);
    }
  }
}
