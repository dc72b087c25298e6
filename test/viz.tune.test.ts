// `o1 viz` races tuned baselines by default (issue 24 item 5): a baseline without a given lr runs
// at the lr the benchmark's per-function rule picks on the function (src/bench/tuneOne.ts), its
// label says "(tuned)"; a given lr stands; --no-tune races the defaults.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { getEngine } from '../src/engine/index.js';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer } from '../src/optimizers/index.js';
import { gapOf } from '../src/bench/stats.js';
import { lrGrid, tuneCell } from '../src/bench/tuning.js';
import { tuneLrOnFunction } from '../src/bench/tuneOne.js';

async function viz(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['viz', ...args], { out: (s) => void (out += s), err: (s) => void (err += s) } as never);
  return { code, out, err };
}

describe('o1 viz --tune', () => {
  it('tunes the baselines whose lr is not given, keeps a given lr, and --no-tune keeps the defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-viz-tune-'));
    const args = ['--fn', 'booth', '--opt', 'o1,adam,momentum:lr=0.01', '--start', '2,3', '--steps', '40', '--tune-starts', '4', '--json'];
    const tuned = await viz([...args, '--out', join(dir, 'a.svg')]);
    expect(tuned.code, tuned.err).toBe(0);
    const j = JSON.parse(tuned.out);
    const labels = j.runs.map((r: { label: string }) => r.label);
    expect(labels[0]).toMatch(/^o1/);
    expect(labels[1]).toMatch(/^adam lr=[\d.e-]+ \(tuned\)$/);
    expect(labels[2]).toBe('momentum lr=0.01');
    expect(Object.keys(j.tuned)).toEqual([labels[1]]);
    expect(j.tuned[labels[1]].lr).not.toBe(0.001);
    const plain = await viz([...args, '--no-tune', '--out', join(dir, 'b.svg')]);
    const pj = JSON.parse(plain.out);
    expect(pj.runs[1].label).toBe('adam lr=0.001');
    expect(pj.tuned).toEqual({});
  });

  it('picks the grid lr with the fewest diverged tuning runs, then the best mean log gap', async () => {
    const engine = await getEngine('wasm');
    const fn = getFunction('rosenbrock')!;
    const spec = getOptimizer('momentum')!;
    const hyper = Object.fromEntries(spec.hyper.map((h) => [h.name, h.default]));
    const starts = Float64Array.of(-1.5, 2, 0.5, -0.5, 1.8, 1.9, -2, -2);
    const t = tuneLrOnFunction(engine, fn, 2, spec, hyper, starts, 100);
    expect(t.grid.length).toBeGreaterThanOrEqual(lrGrid().length);
    const cell = (lr: number) => {
      const res = engine.runBatch({ fn, n: 2, optimizer: { kind: 'baseline', spec, hyper: { ...hyper, lr } }, starts, steps: 100 });
      return tuneCell(Array.from(res.finalF, (f, r) => (res.divergedAt[r] >= 0 ? Infinity : gapOf(f, 0))));
    };
    const best = cell(t.lr);
    for (const lr of t.grid) {
      const c = cell(lr);
      const worse = c.diverged > best.diverged || (c.diverged === best.diverged && (c.score * (c.runs - c.diverged) >= best.score * (best.runs - best.diverged) || c.diverged === c.runs));
      expect(worse || lr === t.lr, `lr ${lr} beats the chosen ${t.lr}`).toBe(true);
    }
  });
});
