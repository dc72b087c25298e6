// o1's multiplicative lr rule (docs/O1.md): lr₋₁ = initStep / max|g₀|, then lr ← lr·exp(o).
// With the scale-free v2 features this makes the whole run invariant to the scale of f.
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { defaultO1Config } from '../src/o1/config.js';
import { createO1Stepper, randomO1Model } from '../src/o1/o1.js';
import { getFunction } from '../src/functions/index.js';
import { minimize } from '../src/run/minimize.js';
import type { Objective } from '../src/run/objective.js';

function multiplicativeModel(seed: number) {
  const cfg = defaultO1Config();
  cfg.lrMode = 'multiplicative';
  cfg.logLrMin = -2;
  cfg.logLrMax = 0.5;
  cfg.initStep = 0.05;
  return randomO1Model(new Rng(seed), cfg, 0);
}

const scaled = (name: string, c: number): Objective => {
  const fn = getFunction(name)!;
  return {
    name: `${c}·${name}`,
    n: 2,
    f: (x) => c * fn.f(x),
    valueAndGrad: (x, g) => {
      const f = fn.grad(x, g);
      g[0] *= c;
      g[1] *= c;
      return c * f;
    },
  };
};

describe('o1, multiplicative lr rule', () => {
  it('the first step moves the largest-gradient coordinate by initStep·exp(o)', () => {
    const model = multiplicativeModel(1);
    const s = createO1Stepper(model);
    const st = s.init(2);
    const x = Float64Array.from([0, 0]);
    s.step(x, Float64Array.from([4, -1]), st);
    const lr = s.lastLr(st);
    // lr = (0.05 / 4)·exp(o_i); the move of coordinate 0 is lr·g = 0.05·exp(o_0).
    const o0 = Math.log(lr[0] / (0.05 / 4));
    expect(o0).toBeGreaterThanOrEqual(-2);
    expect(o0).toBeLessThanOrEqual(0.5);
    expect(Math.abs(x[0])).toBeCloseTo(0.05 * Math.exp(o0), 15);
  });

  it('a run is invariant to multiplying f by c > 0: bit for bit for powers of two', () => {
    // Scaling by 2^k is exact in floating point and every step of the rule commutes with it,
    // so the trajectories must be identical, whatever the function's chaos amplifies.
    for (const name of ['rosenbrock', 'himmelblau', 'rastrigin']) {
      const model = multiplicativeModel(3);
      const base = minimize(scaled(name, 1), createO1Stepper(model), [0.3, -0.7], 200);
      for (const c of [2 ** -20, 2 ** 10]) {
        const other = minimize(scaled(name, c), createO1Stepper(model), [0.3, -0.7], 200);
        expect(other.x).toEqual(base.x);
      }
    }
  });

  it('and to rounding for any c over a short horizon', () => {
    const model = multiplicativeModel(3);
    const base = minimize(scaled('rosenbrock', 1), createO1Stepper(model), [0.3, -0.7], 20);
    const other = minimize(scaled('rosenbrock', 1e3 / 3), createO1Stepper(model), [0.3, -0.7], 20);
    for (let t = 0; t < base.x.length; t++)
      for (let i = 0; i < 2; i++) expect(Math.abs(other.x[t][i] - base.x[t][i])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(base.x[t][i])));
  });

  it('the absolute rule is not scale invariant (the contrast the multiplicative rule fixes)', () => {
    const model = randomO1Model(new Rng(3));
    const a = minimize(scaled('himmelblau', 1), createO1Stepper(model), [0.3, -0.7], 50);
    const b = minimize(scaled('himmelblau', 1e3), createO1Stepper(model), [0.3, -0.7], 50);
    const differs = a.diverged !== b.diverged || a.x.length !== b.x.length || Math.abs(a.x[a.x.length - 1][0] - b.x[b.x.length - 1][0]) > 1e-3;
    expect(differs).toBe(true);
  });

  it('a zero first gradient falls back to lr₋₁ = initStep', () => {
    const s = createO1Stepper(multiplicativeModel(2));
    const st = s.init(1);
    const x = Float64Array.from([1]);
    s.step(x, Float64Array.from([0]), st);
    const o = Math.log(s.lastLr(st)[0] / 0.05);
    expect(o).toBeGreaterThanOrEqual(-2 - 1e-12);
    expect(o).toBeLessThanOrEqual(0.5 + 1e-12);
  });
});
