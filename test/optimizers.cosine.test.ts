// The warmup + cosine schedule of adamw-cosine and momentum-cosine (src/optimizers/cosine.ts): its
// shape step by step, and its horizon (total_steps, or the run's length when it is 0). The rules
// under it are replayed against torch's AdamW / SGD under LambdaLR in optimizers.official.test.ts.
import { describe, expect, it } from 'vitest';
import { cosineMultiplier } from '../src/optimizers/cosine.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { baselineParams } from '../src/engine/kernelParams.js';
import { getFunction } from '../src/functions/index.js';
import { minimize } from '../src/run/minimize.js';
import { objectiveFromFunction } from '../src/run/objective.js';

describe('warmup + cosine to 0 over total_steps', () => {
  it('warms up linearly over ⌊fraction·T⌋ steps, peaks at 1, decays to 0 at T and stays there', () => {
    const lam = (k: number) => cosineMultiplier({ warmup_fraction: 0.05 }, 200, k);
    expect([0, 1, 9].map(lam)).toEqual([0.1, 0.2, 1]); // W = 10 steps: (k+1)/10
    expect(lam(10)).toBe(1);
    expect(lam(105)).toBeCloseTo(0.5, 15); // halfway through the 190 decay steps (10 + 95)
    for (let k = 11; k < 200; k++) expect(lam(k)).toBeLessThan(lam(k - 1));
    expect(lam(199)).toBeGreaterThan(0);
    expect(lam(199)).toBeLessThan(1e-3);
    expect([200, 250].map(lam)).toEqual([0, 0]);
  });

  it('without warmup it starts at the peak; with fraction 1 it only warms up', () => {
    expect(cosineMultiplier({ warmup_fraction: 0 }, 50, 0)).toBe(1);
    const all = (k: number) => cosineMultiplier({ warmup_fraction: 1 }, 4, k);
    expect([0, 1, 2, 3, 4].map(all)).toEqual([0.25, 0.5, 0.75, 1, 0]);
  });

  it('the defaults: AlgoPerf’s 5 % warmup, the horizon 0 = the run’s own length', () => {
    for (const name of ['adamw-cosine', 'momentum-cosine']) {
      const h = resolveHyper(getOptimizer(name)!, {});
      expect([h.warmup_fraction, h.total_steps]).toEqual([0.05, 0]);
    }
    expect(() => resolveHyper(getOptimizer('adamw-cosine')!, { total_steps: -1 })).toThrow(/total_steps/);
    expect(() => resolveHyper(getOptimizer('adamw-cosine')!, { total_steps: 10.5 })).toThrow(/whole number/);
    expect(() => resolveHyper(getOptimizer('momentum-cosine')!, { warmup_fraction: 1.5 })).toThrow(/warmup_fraction/);
  });

  it('momentum-cosine at step k is momentum at lr·λ(k): one step from the same state agrees', () => {
    const h = resolveHyper(getOptimizer('momentum-cosine')!, { lr: 0.1, total_steps: 20 });
    const s = getOptimizer('momentum-cosine')!.create(h);
    const st = s.init(1, 1000); // total_steps wins over the run's length
    const x = Float64Array.of(1);
    for (let k = 0; k < 25; k++) {
      const before = x[0];
      const buf = (st.buf as Float64Array)[0];
      s.step(x, Float64Array.of(2 * x[0]), st);
      const b = k === 0 ? 2 * before : 0.9 * buf + 2 * before;
      expect(x[0]).toBe(before + -(0.1 * cosineMultiplier(h, 20, k)) * b);
      expect(s.lastLr!(st)![0]).toBe(0.1 * cosineMultiplier(h, 20, k)); // the lr column / trace
    }
  });

  it('total_steps = 0 takes the run’s length from init (minimize, the engines’ tables) and refuses a run without one', () => {
    const fn = getFunction('rosenbrock')!;
    for (const name of ['adamw-cosine', 'momentum-cosine']) {
      const spec = getOptimizer(name)!;
      const run = (given: Record<string, number>, steps: number) =>
        minimize(objectiveFromFunction(fn), spec.create(resolveHyper(spec, { lr: 1e-3, ...given })), [-1.5, 2], steps).x;
      expect(run({}, 80)).toEqual(run({ total_steps: 80 }, 80));
      expect(run({}, 80)).not.toEqual(run({ total_steps: 200 }, 80));
      // the kernels' per-step table: the same λ for the same horizon
      expect(baselineParams(spec, { lr: 1e-3 }, 80).table).toEqual(baselineParams(spec, { lr: 1e-3, total_steps: 80 }, 80).table);
      // a caller that cannot say the run's length (the step API steps one at a time) must give total_steps
      expect(() => spec.create(resolveHyper(spec, {})).init(2)).toThrow(/total_steps = 0 means "the run's length".*give total_steps/);
      expect(() => spec.create(resolveHyper(spec, { total_steps: 50 })).init(2)).not.toThrow();
    }
  });
});
