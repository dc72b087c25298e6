// The training curve as CSV, JSON and an SVG plot.
import { lineChart } from '../plot/lineChart.js';
import type { GenerationRecord } from './train.js';
import type { CurveBaselines } from './baselines.js';

export function curveCsv(history: GenerationRecord[], problems: string[]): string {
  const head = ['generation', 'best', 'median', 'validation', ...problems.map((f) => `validation_${f}`), 'sigma'];
  const rows = history.map((r) => [r.generation, r.best, r.median, r.validation, ...r.validationPerFunction, r.sigma].join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}

export function curveSvg(history: GenerationRecord[], baselines: CurveBaselines | undefined, title: string): string {
  const gens = history.map((r) => r.generation);
  const series = [
    { name: 'best candidate', x: gens, y: history.map((r) => r.best) },
    { name: 'median candidate', x: gens, y: history.map((r) => r.median) },
    { name: 'answer at the start (validation)', x: gens, y: history.map((r) => r.validation) },
  ];
  if (baselines && gens.length) {
    const span = [gens[0], gens[gens.length - 1]];
    series.push({ name: 'random start net', x: span, y: [baselines.initial, baselines.initial], dashed: true } as (typeof series)[number]);
    series.push({ name: `momentum lr=${baselines.momentum.lr}`, x: span, y: [baselines.momentum.score, baselines.momentum.score], dashed: true } as (typeof series)[number]);
  }
  return lineChart(series, { title, xLabel: 'generation', yLabel: 'fitness: mean log10(gap_T / gap_0)  (lower is better)' });
}
