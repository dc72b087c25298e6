// `o1 viz --dims N` and `--fn-module` (issue 24 item 5): the race runs in all n coordinates (its
// final points match `o1 run`'s), the plot shows the plane of x1, x2 through the minimiser (or,
// for a module that names none, the first start), and bad combinations are one clear error.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { getFunction } from '../src/functions/index.js';
import { planeView } from '../src/viz/slice.js';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) } as never);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'o1-viz-slice-'));
const bowl = join(dir, 'bowl.mjs');
writeFileSync(bowl, `export const domain = [[-3, 3], [-2, 2], [-1, 1]];
export function f(x) { return (x[0] - 1) ** 2 + 4 * (x[1] + 0.5) ** 2 + x[2] ** 2; }
export function grad(x) { return [2 * (x[0] - 1), 8 * (x[1] + 0.5), 2 * x[2]]; }
`);

describe('planeView', () => {
  it('is f on the plane of x1, x2 through the anchor, with the minimisers on that plane', () => {
    const rosen = getFunction('rosenbrock')!;
    const v = planeView(rosen, 4, [1, 1, 1, 1]);
    expect(v.fn.f([1, 1])).toBe(0);
    expect(v.fn.f([0.5, 2])).toBe(rosen.f([0.5, 2, 1, 1]));
    expect(v.fn.minimisers(2)).toEqual([[1, 1]]);
    expect(v.fn.fmin(2)).toBe(0);
    expect(planeView(rosen, 4, [1, 1, 0, 1]).fn.minimisers(2)).toEqual([]); // the minimum is off this plane
  });
});

describe('o1 viz --dims / --fn-module', () => {
  it('races rosenbrock in 5-D: the same final points as o1 run, the plot titled with the plane', async () => {
    const out = join(dir, 'r5.svg');
    const r = await cli(['viz', '--fn', 'rosenbrock', '--dims', '5', '--opt', 'o1,adam:lr=0.01', '--start', '-1,1.5,0.5,-0.5,1', '--steps', '30', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.dims).toBe(5);
    expect(j.runs[0].finalX).toHaveLength(5);
    const run = await cli(['run', '--fn', 'rosenbrock', '--dims', '5', '--opt', 'o1', '--start', '-1,1.5,0.5,-0.5,1', '--steps', '30', '--json']);
    expect(run.code, run.err).toBe(0);
    const rx = JSON.parse(run.out).x;
    expect(rx[rx.length - 1]).toEqual(j.runs[0].finalX);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/rosenbrock-5d: contours .* x3\.\.x5 at the minimum/);
    expect(svg).toMatch(/class="minimum"/); // (1, 1) is on the plane through the minimiser
  });

  it('plots a user module in 3-D; without fmin its baselines are not tuned, and it says so', async () => {
    const out = join(dir, 'b.svg');
    const r = await cli(['viz', '--fn-module', bowl, '--start', '-2,1,0.5', '--steps', '40', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/has no fmin, so baselines race at their default lr/);
    const j = JSON.parse(r.out);
    expect(j.function).toBe('bowl');
    expect(j.tuned).toEqual({});
    expect(readFileSync(out, 'utf8')).toMatch(/x3 at the start; f\* = lowest f reached/);
  });

  it('refuses what it cannot plot, in one line, exit 2', async () => {
    for (const [args, msg] of [
      [['--fn', 'rosenbrock', '--dims', '1'], /viz plots two coordinates/],
      [['--fn', 'beale', '--dims', '3'], /'beale' is 2-D only/],
      [['--fn-module', bowl, '--dims', '2'], /domain has 3 intervals/],
      [['--fn', 'rosenbrock', '--dims', '3', '--start', '1,2'], /--start: got 2 coordinates/],
    ] as [string[], RegExp][]) {
      const r = await cli(['viz', ...args, '--out', join(dir, 'x.svg')]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
