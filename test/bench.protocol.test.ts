// The protocol (src/bench/protocol.ts) on a synthetic suite whose tuning gaps are a known function
// of the lr: grid extension, the hard bounds, the divergence-aware choice, the evaluation lrs.
import { describe, expect, it } from 'vitest';
import { runProtocol, type ProtocolProblem, type RunRequest } from '../src/bench/protocol.js';
import { HARD_LR_HI, HARD_LR_LO } from '../src/bench/tuning.js';

interface Toy extends ProtocolProblem {
  /** Final gaps of the 4 tuning runs at an lr. */
  gaps: (lr: number) => number[];
}

async function run(problems: Toy[], grid: number[], baselines = ['sgd']) {
  const calls: RunRequest<Toy>[][] = [];
  const r = await runProtocol<Toy, number[]>({
    problems,
    group: () => 'g',
    baselines,
    grid,
    run: async (reqs) => {
      calls.push([...reqs]);
      return reqs.map((q) => (q.contestant.kind === 'o1' ? [0, 0, 0, 0] : q.problem.gaps(q.contestant.lr)));
    },
    tuningGaps: (_p, g) => g,
  });
  return { r, calls };
}

describe('runProtocol', () => {
  it('extends the grid at its spacing until the choice is interior', async () => {
    // Best at lr = 1 (gap grows with |log10 lr|): from a grid 1e-4 … 1e-2 the grid must grow up.
    const bowl: Toy = { key: 'bowl', gaps: (lr) => Array(4).fill(10 ** Math.abs(Math.log10(lr))) };
    const { r, calls } = await run([bowl], [1e-4, 1e-3, 1e-2]);
    const sel = r.selection.sgd;
    expect(sel.grid.g).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
    expect(sel.suiteLr.g).toBe(1);
    expect(sel.perFunctionLr.bowl).toBe(1);
    expect(sel.bound).toEqual({ suite: {}, perFunction: {} });
    // One tuning round per new lr (1 initial + 3), then the evaluation.
    expect(calls).toHaveLength(5);
    expect(r.lrOf('sgd', bowl, 'suite')).toBe(1);
  });

  it('stops at the hard bounds and flags the choice', async () => {
    const down: Toy = { key: 'down', gaps: (lr) => Array(4).fill(lr) }; // smaller is always better
    const up: Toy = { key: 'up', gaps: (lr) => Array(4).fill(1 / lr) }; // larger is always better
    const lo = (await run([down], [1e-6, 1e-5])).r.selection.sgd;
    expect(lo.grid.g[0]).toBe(HARD_LR_LO);
    expect(lo.suiteLr.g).toBe(HARD_LR_LO);
    expect(lo.bound).toEqual({ suite: { g: 'low' }, perFunction: { down: 'low' } });
    const hi = (await run([up], [1, 10])).r.selection.sgd;
    expect(hi.grid.g[hi.grid.g.length - 1]).toBe(HARD_LR_HI);
    expect(hi.bound).toEqual({ suite: { g: 'high' }, perFunction: { up: 'high' } });
    // Two problems pulling apart: each per-function choice sits on a bound, the suite's is interior.
    const both = (await run([down, up], [0.1, 1, 10])).r.selection.sgd;
    expect(both.grid.g[0]).toBe(HARD_LR_LO);
    expect(both.grid.g[both.grid.g.length - 1]).toBe(HARD_LR_HI);
    expect(both.bound.perFunction).toEqual({ down: 'low', up: 'high' });
    expect(both.bound.suite).toEqual({});
  });

  it('never picks an lr that diverges on a tuning run when another does not, however good its mean', async () => {
    // lr ≥ 1: one run of four diverges, the others reach 1e-12; lr < 1: no divergence, gap 1.
    const risky: Toy = { key: 'risky', gaps: (lr) => (lr >= 1 ? [0, 0, 0, Infinity] : [1, 1, 1, 1]) };
    const { r } = await run([risky], [0.01, 0.1, 1, 10]);
    expect(r.selection.sgd.perFunctionLr.risky).toBeLessThan(1);
    expect(r.selection.sgd.diverged.risky[r.selection.sgd.grid.g.indexOf(r.selection.sgd.perFunctionLr.risky)]).toBe(0);
  });

  it('leaves an untuned entry at its lr, with no grid', async () => {
    const bowl: Toy = { key: 'bowl', gaps: () => [1, 1, 1, 1] };
    const { r, calls } = await run([bowl], [0.1, 1], ['adam:lr=0.001']);
    expect(r.selection['adam:lr=0.001']).toEqual({ grid: {}, scores: {}, diverged: {}, suiteLr: { g: 0.001 }, perFunctionLr: { bowl: 0.001 }, bound: { suite: {}, perFunction: {} } });
    expect(calls[0].filter((q) => q.purpose === 'tune')).toHaveLength(0);
  });
});
