// The race's line charts: loss (as the gap f − f*, log y) per iteration, and o1's per-coordinate
// learning rate per step. Thin adapters over src/plot/lineChart.ts.
import { lineChart, type Series } from '../plot/lineChart.js';
import { GAP_FLOOR } from '../functions/gap.js';
import type { PlotBox } from './grid.js';
import { reachLength } from './reach.js';
import type { RaceRun } from './race.js';
import { optimizerColor } from '../plot/style.js';

export interface ChartSize {
  width?: number;
  height?: number;
  /** The landscape's plot box: a run's loss is drawn as far as its path is (src/viz/reach.ts),
   *  so a run that ran off to 1e80 does not stretch the axis there. */
  box?: PlotBox;
  /** The x axis runs to this step whatever is drawn yet (the demo while it animates: fixed
   *  ticks instead of ones that change and crowd as the race grows). */
  xMax?: number;
}

function shortName(r: RaceRun): string {
  const start = /#\d+$/.exec(r.label);
  return start ? `${r.name} ${start[0]}` : r.name;
}

/** f(x_t) − f* for t = 0..upTo, floored so a solved run stays on the log axis; with a box, up to
 *  where the run's path leaves reach, ending in a mark when it diverged or ran off. */
export function gapSeries(runs: readonly RaceRun[], fmin: number, upTo = Infinity, box?: PlotBox): Series[] {
  return runs.map((r, k) => {
    const shown = Math.min(r.loss.length, upTo + 1);
    const n = box ? Math.min(shown, reachLength(r.x, box)) : shown;
    const y = r.loss.slice(0, n).map((f) => Math.max(f - fmin, GAP_FLOOR));
    const stopped = n < shown || (r.diverged && shown === r.loss.length);
    // Short names: the landscape's legend carries the hyper-parameters.
    return { name: shortName(r), x: y.map((_, t) => t), y, color: optimizerColor(r.name), dashed: k > 0 && r.startIndex > 0, ...(stopped ? { mark: true } : {}) };
  });
}

export function lossChart(runs: readonly RaceRun[], fmin: number, title: string, size: ChartSize = {}, upTo = Infinity): string {
  const series = gapSeries(runs, fmin, upTo, size.box);
  if (series.every((s) => s.x.length === 0)) series.push({ name: '', x: [0], y: [1] });
  return lineChart(series, { title, xLabel: 'iteration', yLabel: 'f(x) − f*  (log scale)', logY: true, width: size.width, height: size.height, xMax: size.xMax });
}

/** o1's lr per step, one line per coordinate (x solid, y dashed). Runs without lr are skipped. */
export function lrSeries(runs: readonly RaceRun[], upTo = Infinity): Series[] {
  const out: Series[] = [];
  for (const r of runs) {
    if (!r.lr || r.name !== 'o1') continue;
    const n = Math.min(r.lr.length, upTo);
    const dims = r.lr[0]?.length ?? 0;
    for (let i = 0; i < dims; i++) {
      const y = r.lr.slice(0, n).map((row) => row[i]);
      out.push({ name: `${shortName(r)} lr ${'xy'[i] ?? i}`, x: y.map((_, t) => t), y, color: optimizerColor(r.name), dashed: i > 0 });
    }
  }
  return out;
}

export function lrChart(runs: readonly RaceRun[], title: string, size: ChartSize = {}, upTo = Infinity): string {
  const series = lrSeries(runs, upTo);
  if (series.length === 0 || series.every((s) => s.x.length === 0)) series.push({ name: '', x: [0], y: [1e-3] });
  return lineChart(series, { title, xLabel: 'step', yLabel: 'learning rate (log scale)', logY: true, width: size.width, height: size.height, xMax: size.xMax });
}
