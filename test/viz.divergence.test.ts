// Plots survive divergence: a run that diverges or runs off to 1e80 is drawn up to where it
// leaves the view and marked there; no coordinate in the SVG is huge, the loss axis is not
// stretched, and resvg renders the contour panel (it used to come out blank).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { drawnPath, exitPoint, reachLength } from '../src/viz/reach.js';
import { lineChart } from '../src/plot/lineChart.js';
import { curveSvg } from '../src/train/curve.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const box = { x: [-1, 1] as [number, number], y: [-1, 1] as [number, number] };

describe('what a plot draws of a run', () => {
  it('the reachable prefix, the crossing of the reach, and a mark on the view', () => {
    const x = [[0, 0], [0.5, 0], [2, 0], [1e80, 0], [NaN, NaN]];
    expect(reachLength(x, box)).toBe(3); // reach = the box widened by its span: [-3, 3]²
    const d = drawnPath(x, true, box);
    expect(d.points).toEqual([[0, 0], [0.5, 0], [2, 0], [3, 0]]);
    expect(d.mark).toEqual([1, 0]); // where the path leaves the view
    expect(d.reason).toBe('diverged');
    expect(exitPoint([0, 0], [4, 2], box)).toEqual([1, 0.5]);
    // A finished run is not marked; a run shown only up to a step before its end is not either.
    expect(drawnPath([[0, 0], [0.2, 0.1]], false, box)).toEqual({ points: [[0, 0], [0.2, 0.1]] });
    expect(drawnPath(x, true, box, 1).mark).toBeUndefined();
    // Overshoots that come back are kept whole.
    expect(drawnPath([[0, 0], [2.5, 0], [0, 0]], false, box).points).toHaveLength(3);
  });

  it('a run that ends outside the box (within reach) is marked where it last left it, with its end', () => {
    // In, out, back in, out again: the mark is the last crossing, not the first.
    const d = drawnPath([[0, 0], [2, 0], [0, 0.5], [0, 2.5]], false, box);
    expect(d.points).toHaveLength(4); // all drawn (the frame clips the end)
    expect(d.reason).toBe('outside');
    expect(d.mark).toEqual([0, 1]);
    expect(d.final).toEqual([0, 2.5]);
  });

  it('a marked series ends in an ✕; long legend labels widen the margin instead of being clipped', () => {
    const svg = lineChart([{ name: 'a', x: [0, 1, 2], y: [1, 2, 3], mark: true }], { title: 't', xLabel: 'x', yLabel: 'y' });
    expect(svg).toMatch(/class="stop"/);
    const curve = curveSvg(
      [{ generation: 0, best: -1, median: -0.5, validation: -0.8, validationPerFunction: [], sigma: 0.1 }, { generation: 1, best: -1.2, median: -0.6, validation: -0.9, validationPerFunction: [], sigma: 0.1 }],
      { initial: -0.2, momentum: { lr: 0.001, score: -0.7 } } as Parameters<typeof curveSvg>[1],
      'curve',
    );
    const width = Number(/width="(\d+)"/.exec(curve)![1]);
    for (const m of curve.matchAll(/<text x="([\d.]+)"[^>]*class="legend">([^<]*)</g)) {
      // 12 px sans-serif averages under 6.8 px a character.
      expect(Number(m[1]) + 6.8 * m[2].length, m[2]).toBeLessThanOrEqual(width);
    }
  });
});

// SGD at lr 1.05 on the sphere flips and grows by 1.1 a step: from (4, 4), five steps end at
// (−6.44, −6.44), outside the plotted [−5.12, 5.12]² but within reach, so the path is drawn and clipped.
describe('o1 viz of a run that ends outside the plot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-out-'));
  const out = join(dir, 'x.svg');
  const r = spawnSync(process.execPath, [bin, 'viz', '--fn', 'sphere', '--opt', 'sgd:lr=1.05', '--start', '4,4', '--steps', '5', '--no-tune', '--view', 'contour', '--out', out, '--json'], { encoding: 'utf8' });

  it('marks the crossing with an arrowhead on the edge and says the final point in the legend', () => {
    expect(r.status, r.stderr).toBe(0);
    const [run] = JSON.parse(r.stdout).runs;
    expect(run.diverged).toBe(false);
    expect(Math.abs(run.finalX[0])).toBeGreaterThan(5);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/data-stopped="outside"/);
    expect(svg).toMatch(/class="exit"/);
    expect(svg).toMatch(/ends outside at \(-6\.44, -6\.44\)/);
  });
});

// --no-tune: momentum at its default lr is what diverges here (tuned, it would not).
describe('o1 viz --fn beale --starts 4 --no-tune (momentum diverges to ~1e80)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-div-'));
  const out = join(dir, 'x.svg');
  const r = spawnSync(process.execPath, [bin, 'viz', '--fn', 'beale', '--starts', '4', '--no-tune', '--out', out, '--json'], { encoding: 'utf8' });

  it('reports the diverged runs and writes an SVG with small coordinates and stop marks', () => {
    expect(r.status, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout).runs;
    expect(runs.filter((x: { diverged: boolean }) => x.diverged).length).toBeGreaterThan(0);
    const svg = readFileSync(out, 'utf8');
    const numbers = [...svg.matchAll(/[MLC ,](-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/g)].map((m) => Math.abs(Number(m[1])));
    expect(Math.max(...numbers)).toBeLessThan(1e5);
    expect((svg.match(/data-stopped="diverged"/g) ?? []).length).toBeGreaterThanOrEqual(runs.filter((x: { diverged: boolean }) => x.diverged).length);
    expect(svg).toMatch(/class="stop"/);
    // The loss axis stays on the landscape's scale (it reached 1e100 before).
    const ticks = [...svg.matchAll(/>1e(-?\d+)</g)].map((m) => Number(m[1]));
    expect(Math.max(...ticks)).toBeLessThan(12);
  });

  it('resvg renders the contour panel (not blank)', () => {
    const svg = readFileSync(out, 'utf8');
    const img = new Resvg(svg, { fitTo: { mode: 'original' }, background: 'white' }).render();
    const { width, pixels } = img;
    // The contour panel's plot area: x 60…620, y 36…570 of the 1280 × 620 figure.
    const colours = new Set<number>();
    for (let yy = 60; yy < 560; yy += 7)
      for (let xx = 70; xx < 610; xx += 7) {
        const i = 4 * (yy * width + xx);
        colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      }
    expect(colours.size).toBeGreaterThan(8); // filled contour bands, not a white panel
  });
});
