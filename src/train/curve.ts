// The training curve as CSV, JSON and an SVG plot.
import { lineChart } from '../plot/lineChart.js';
import type { GenerationRecord } from './train.js';
import type { CurveBaselines } from './baselines.js';

export function curveCsv(history: GenerationRecord[], problems: string[]): string {
  const head = ['generation', 'best', 'median', 'validation', ...problems.map((f) => `validation_${f}`), 'sigma'];
  const rows = history.map((r) => [r.generation, r.best, r.median, r.validation, ...r.validationPerFunction, r.sigma].join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** What the curve's lines are (the text output prints it too): the candidates are scored on
 *  training tasks drawn afresh each generation, so their best is the luckiest of a population that
 *  narrows as σ shrinks — it can rise while the answer improves; the answer (the strategy's current
 *  network, before the generation's update) is scored on the same fixed validation tasks throughout. */
export const CURVE_LEGEND =
  "candidates' best and median: this generation's fresh training tasks (the best is the luckiest of a population that narrows as σ shrinks, so it can rise while the answer improves); answer: the network the generation started from, on the fixed validation tasks — the comparable line; lower is better";

export function curveSvg(history: GenerationRecord[], baselines: CurveBaselines | undefined, title: string): string {
  const gens = history.map((r) => r.generation);
  const series = [
    { name: 'best candidate (fresh tasks)', x: gens, y: history.map((r) => r.best) },
    { name: 'median candidate (fresh tasks)', x: gens, y: history.map((r) => r.median) },
    { name: 'answer (fixed validation tasks)', x: gens, y: history.map((r) => r.validation) },
  ];
  if (baselines && gens.length) {
    const span = [gens[0], gens[gens.length - 1]];
    series.push({ name: 'random start net', x: span, y: [baselines.initial, baselines.initial], dashed: true } as (typeof series)[number]);
    series.push({ name: `momentum lr=${baselines.momentum.lr}`, x: span, y: [baselines.momentum.score, baselines.momentum.score], dashed: true } as (typeof series)[number]);
  }
  return lineChart(series, { title, xLabel: 'generation', yLabel: 'fitness: mean log10(gap_T / gap_0)  (lower is better)' });
}
