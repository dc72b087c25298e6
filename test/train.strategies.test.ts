// Strategies behind ask/tell, on toy fitness landscapes with known answers, and the fitness
// shaping helpers.
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { STRATEGIES, getStrategy } from '../src/train/strategies/index.js';
import type { StrategyOptions } from '../src/train/strategies/types.js';
import { centredUtilities } from '../src/train/strategies/openaiEs.js';
import { aggregate, logGapRatio, runScores, WORST_SCORE } from '../src/train/fitness.js';
import { GAP_FLOOR } from '../src/functions/gap.js';

const opts: StrategyOptions = { population: 16, sigma: 0.5, mirrored: true, elitism: true, adaptSigma: true, selection: 'best' };
const sphere = (x: number[]) => x.reduce((s, v) => s + (v - 1) ** 2, 0);

function optimise(name: string, o: StrategyOptions, generations: number, d = 8, seed = 3) {
  const s = getStrategy(name)!;
  let state = s.init(new Array(d).fill(-2), o);
  for (let g = 0; g < generations; g++) {
    const cands = s.ask(state, new Rng(seed * 1000 + g));
    state = s.tell(state, cands, cands.map(sphere));
  }
  return { best: sphere(s.best(state)), state, s };
}

describe('evolution strategies (ask/tell)', () => {
  it('every strategy improves a shifted sphere by orders of magnitude', () => {
    const start = sphere(new Array(8).fill(-2));
    for (const s of STRATEGIES) {
      const { best } = optimise(s.name, opts, 150);
      expect(best, s.name).toBeLessThan(start * 1e-3);
    }
  });

  it('CMA-ES converges to high precision on an ill-conditioned quadratic', () => {
    const s = getStrategy('cmaes')!;
    const f = (x: number[]) => x.reduce((acc, v, i) => acc + 10 ** (i / 2) * v * v, 0);
    let state = s.init([1, 1, 1, 1, 1], { ...opts, population: 10, sigma: 0.5 });
    for (let g = 0; g < 400; g++) {
      const c = s.ask(state, new Rng(g));
      state = s.tell(state, c, c.map(f));
    }
    expect(f(s.best(state))).toBeLessThan(1e-10);
  });

  it('the same rng seeds give the same candidates and states (reproducible)', () => {
    for (const s of STRATEGIES) {
      const a = optimise(s.name, opts, 5);
      const b = optimise(s.name, opts, 5);
      expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
    }
  });

  it('a state survives a JSON round trip and continues identically (checkpoints)', () => {
    for (const s of STRATEGIES) {
      let st = s.init([0.5, -0.5, 2], opts);
      for (let g = 0; g < 3; g++) {
        const c = s.ask(st, new Rng(g));
        st = s.tell(st, c, c.map(sphere));
      }
      const copy = JSON.parse(JSON.stringify(st));
      const c1 = s.ask(st, new Rng(99));
      const c2 = s.ask(copy, new Rng(99));
      expect(c2).toEqual(c1);
      expect(JSON.stringify(s.tell(copy, c2, c2.map(sphere)))).toBe(JSON.stringify(s.tell(st, c1, c1.map(sphere))));
    }
  });

  it('notebook: with elitism the parent is re-scored and kept when no child beats it', () => {
    const s = getStrategy('notebook')!;
    const st = s.init([1, 1], { ...opts, population: 4 });
    const c = s.ask(st, new Rng(1));
    expect(c).toHaveLength(5);
    expect(c[4]).toEqual([1, 1]);
    const next = s.tell(st, c, [5, 6, 7, 8, 0]);
    expect(s.best(next)).toEqual([1, 1]);
    expect(s.sigma(next)).toBeLessThan(opts.sigma); // 0 successes → σ shrinks (1/5th rule)
  });

  it('notebook without elitism takes the best child even when worse (the notebook scheme)', () => {
    const s = getStrategy('notebook')!;
    const o = { ...opts, population: 4, elitism: false, adaptSigma: false };
    const st = s.init([1, 1], o);
    const c = s.ask(st, new Rng(1));
    expect(c).toHaveLength(4);
    expect(s.best(s.tell(st, c, [5, 2, 7, 8]))).toEqual(c[1]);
  });

  it('mirrored sampling gives pairs θ ± σε', () => {
    const s = getStrategy('notebook')!;
    const st = s.init([0, 0, 0], { ...opts, population: 4, elitism: false, adaptSigma: false });
    const c = s.ask(st, new Rng(7));
    for (let i = 0; i < 3; i++) expect(c[1][i]).toBeCloseTo(-c[0][i], 15);
  });

  it('centred utilities: ranks mapped to [−0.5, 0.5], best gets +0.5', () => {
    expect(centredUtilities([3, 1, 2])).toEqual([-0.5, 0.5, 0]);
  });
});

describe('fitness', () => {
  it('log gap ratio: relative to the start, floored and capped', () => {
    expect(logGapRatio(1e-3, 1, 0)).toBeCloseTo(-3, 12);
    expect(logGapRatio(0, 1, 0)).toBeCloseTo(Math.log10(GAP_FLOOR), 12);
    expect(logGapRatio(1e9, 1, 0)).toBe(WORST_SCORE);
    expect(logGapRatio(NaN, 1, 0)).toBe(WORST_SCORE);
    // Scale-free: the same relative progress scores the same on a 1e6-times larger function.
    expect(logGapRatio(5e3, 5e6, 0)).toBeCloseTo(logGapRatio(5e-3, 5, 0), 12);
  });

  it('diverged runs get the worst score; anytime averages over the trajectory', () => {
    const N = 2;
    const steps = 2;
    const loss = Float64Array.from([1, 1, 0.1, 1, 0.01, Infinity]); // loss[t·N + r]
    const final = runScores('final', N, steps, 0, Float64Array.from([1, 1]), Float64Array.from([0.01, Infinity]), Int32Array.from([-1, 2]), loss);
    expect([...final]).toEqual([-2, WORST_SCORE]);
    const any = runScores('anytime', N, steps, 0, Float64Array.from([1, 1]), Float64Array.from([0.01, Infinity]), Int32Array.from([-1, 2]), loss);
    expect(any[0]).toBeCloseTo((-1 + -2) / 2, 12);
  });

  it('rank aggregation ignores each function’s scale and shares ties', () => {
    const scores = [
      [1, -100],
      [2, -50],
      [2, -200],
    ];
    expect(aggregate('mean', scores)).toEqual([-49.5, -24, -99]);
    expect(aggregate('rank', scores)).toEqual([(1 + 2) / 2, (2.5 + 3) / 2, (2.5 + 1) / 2]);
  });
});
