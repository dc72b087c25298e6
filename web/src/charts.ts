// The live charts: loss (f − f*, log y) and o1's lr per step up to the visible step, and the
// training fitness curve. SVG strings from src/viz and src/plot.
import { lineChart } from '../../src/plot/lineChart.js';
import { lossChart, lrChart } from '../../src/viz/charts.js';
import type { RaceRun } from '../../src/viz/race.js';
import type { PlotBox } from '../../src/viz/grid.js';
import type { GenerationRecord } from '../../src/train/train.js';

// Short enough that both charts fit beside the landscape at 1280×720 (style.css).
const SIZE = { width: 440, height: 250 };

/** The charts up to step t; the x axis always runs to `steps`, so its ticks stay put while the
 *  race plays. */
export function drawRaceCharts(lossHost: HTMLElement, lrHost: HTMLElement, runs: readonly RaceRun[], fmin: number, t: number, box?: PlotBox, steps?: number): void {
  lossHost.innerHTML = lossChart(runs, fmin, 'loss per iteration', { ...SIZE, box, xMax: steps }, t);
  lrHost.innerHTML = runs.some((r) => r.name === 'o1') ? lrChart(runs, "o1's learning rate per step", { ...SIZE, xMax: steps }, t) : '';
}

export function drawFitnessChart(host: HTMLElement, history: readonly GenerationRecord[]): void {
  const gens = history.map((r) => r.generation + 1);
  host.innerHTML = lineChart(
    [
      { name: 'best', x: gens, y: history.map((r) => r.best) },
      { name: 'median', x: gens, y: history.map((r) => r.median) },
      { name: 'validation', x: gens, y: history.map((r) => r.validation) },
    ],
    { title: 'training fitness (lower is better)', xLabel: 'generation', yLabel: 'mean log10(gap_T / gap_0)', width: 520, height: 250 },
  );
}
