// The problem generator: transformed functions keep exact gradients and known minima, and
// transformed tasks reproduce from the seed.
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { getFunction } from '../src/functions/index.js';
import { drawTransform, transformedFunction, NO_TRANSFORM } from '../src/train/problems.js';
import { generationTasks, taskFunction } from '../src/train/tasks.js';
import { makeTrainConfig } from '../src/train/config.js';
import { trainFunctions } from '../src/train/train.js';

const ALL = { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective: false };

describe('transformed functions', () => {
  for (const [name, n] of [['rosenbrock', 2], ['himmelblau', 2], ['rastrigin', 5]] as const) {
    for (const logObjective of [false, true]) {
      it(`${name} ${n}-D${logObjective ? ', log objective' : ''}: gradient = central differences; f(x*) = f*`, () => {
        const base = getFunction(name)!;
        const rng = new Rng(4);
        const t = drawTransform(base, n, { ...ALL, logObjective }, rng);
        const h = transformedFunction(base, n, t);
        const g = new Float64Array(n);
        const box = h.domain(n);
        for (let k = 0; k < 50; k++) {
          const x = box.lo.map((lo, i) => rng.range(lo, box.hi[i]));
          const f = h.grad(x, g);
          expect(f).toBe(h.f(x));
          for (let i = 0; i < n; i++) {
            const e = 1e-6 * Math.max(1, Math.abs(x[i]));
            const xp = [...x];
            const xm = [...x];
            xp[i] += e;
            xm[i] -= e;
            const fd = (h.f(xp) - h.f(xm)) / (2 * e);
            // Central differences: error ~ e²·f''' plus rounding ~ 1e-16·|f|/e.
            expect(Math.abs(g[i] - fd)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(g[i])) + 1e-9 * Math.abs(f) / e);
          }
        }
        for (const m of h.minimisers(n)) expect(Math.abs(h.f(m) - h.fmin(n))).toBeLessThan(1e-9 * (1 + Math.abs(h.fmin(n))));
      });
    }
  }

  it('the identity transform changes nothing', () => {
    const base = getFunction('beale')!;
    const h = transformedFunction(base, 2, drawTransform(base, 2, NO_TRANSFORM, new Rng(1)));
    expect(h.f([1.2, -0.3])).toBe(base.f([1.2, -0.3]));
  });
});

describe('tasks with the problem generator', () => {
  it('are drawn from (seed, generation) and run through taskFunction', () => {
    const fns = [{ name: 'rosenbrock', n: 2 }];
    const a = generationTasks(7, 3, fns, 4, undefined, ALL);
    const b = generationTasks(7, 3, fns, 4, undefined, ALL);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generationTasks(7, 4, fns, 4, undefined, ALL))).not.toBe(JSON.stringify(a));
    const h = taskFunction(a[0]);
    expect(h.id).toBe(-1);
    // Starts are the base domain's uniform draws mapped into x-space: inside h's domain box.
    const box = h.domain(2);
    for (let r = 0; r < 4; r++) for (let i = 0; i < 2; i++) {
      expect(a[0].starts[r * 2 + i]).toBeGreaterThanOrEqual(box.lo[i] - 1e-9);
      expect(a[0].starts[r * 2 + i]).toBeLessThanOrEqual(box.hi[i] + 1e-9);
    }
  });

  it('ndDims adds the n-D versions of the n-D training functions only', () => {
    const cfg = makeTrainConfig({ functions: ['rosenbrock', 'himmelblau'], ndDims: [5, 10] }, 'test');
    expect(trainFunctions(cfg)).toEqual([
      { name: 'rosenbrock', n: 2 },
      { name: 'rosenbrock', n: 5 },
      { name: 'rosenbrock', n: 10 },
      { name: 'himmelblau', n: 2 },
    ]);
  });

  it('bad transform settings are one clear error', () => {
    expect(() => makeTrainConfig({ transform: { rotate: 'yes', scaleX: 0.5, spin: 1 } }, 'cfg')).toThrow(/"transform.rotate" must be true or false; "transform.scaleX" must be a factor ≥ 1.*unknown transform setting "spin"/);
  });
});
