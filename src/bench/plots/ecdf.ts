// ECDF plot (COCO's runtime distribution): per optimizer, the fraction of (run, target) pairs
// of a suite reached by step t. o1 is drawn first; a step-shaped line through the given points.
import { lineChart } from '../../plot/lineChart.js';
import { contenderStyle } from '../../plot/style.js';

export interface EcdfCurve {
  name: string;
  /** y[t] for t = 0..T. */
  y: number[];
}

export function ecdfPlot(curves: EcdfCurve[], title: string): string {
  // Each optimizer in its colour of every plot (plot/style.ts: distinct for the default
  // contenders); an untuned entry ("adam:lr=0.001") dashed in its rule's colour.
  const series = curves.map((c) => ({ name: c.name, x: c.y.map((_, t) => t), y: c.y, ...contenderStyle(c.name) }));
  return lineChart(series, { title, xLabel: 'steps', yLabel: 'fraction of (run, target) pairs reached', width: 760, height: 440 });
}
