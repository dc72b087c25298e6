// A 100,000-step run's loss curve (`o1 viz --steps 100000`): the chart's extent is taken without
// spreading the values into Math.min/max arguments, which overflows the stack at this size.
import { describe, expect, it } from 'vitest';
import { lineChart } from '../src/plot/lineChart.js';

describe('lineChart on long series', () => {
  it('plots 300,000 points (three 100,000-step runs) with the right log-y extent', () => {
    const T = 100_000;
    const x = Array.from({ length: T }, (_, t) => t);
    const series = [1, 2, 3].map((k) => ({ name: `run ${k}`, x, y: x.map((t) => k * 10 ** (-t / 20_000)) }));
    const svg = lineChart(series, { title: 'loss', xLabel: 'step', yLabel: 'f', logY: true });
    expect(svg).toContain('data-name="run 3"');
    // y spans 1e-5 … 3: ticks at every decade in between.
    for (const tick of ['1e-5', '1e-3', '1e0']) expect(svg).toContain(`>${tick}<`);
  });
});
