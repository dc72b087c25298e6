// The step-size methods (SGD-HD, Adam-HD, DoG) against hand-traced steps and their defining
// behaviour.
import { describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { getFunction } from '../src/functions/index.js';
import { objectiveFromFunction } from '../src/run/objective.js';
import { minimize } from '../src/run/minimize.js';

const make = (name: string, h: Record<string, number> = {}) => {
  const spec = getOptimizer(name)!;
  return spec.create(resolveHyper(spec, h));
};

describe('SGD-HD', () => {
  it('moves α by β·g_t·g_{t−1} (two hand-traced steps)', () => {
    const s = make('sgd-hd', { lr: 0.1, hypergrad_lr: 0.01 });
    const st = s.init(2);
    const x = Float64Array.from([1, 2]);
    s.step(x, Float64Array.from([1, -1]), st); // α stays 0.1 at the first step
    expect([...x]).toEqual([0.9, 2.1]);
    s.step(x, Float64Array.from([2, 1]), st); // dot = 2·1 + 1·(−1) = 1 → α = 0.1 + 0.01
    expect(x[0]).toBeCloseTo(0.9 - 0.11 * 2, 15);
    expect(x[1]).toBeCloseTo(2.1 - 0.11 * 1, 15);
    expect([...s.lastLr!(st)!]).toEqual([0.11, 0.11]);
  });

  it('grows a too-small lr on a smooth bowl', () => {
    const t = minimize(objectiveFromFunction(getFunction('sphere')!), make('sgd-hd', { lr: 1e-4, hypergrad_lr: 0.01 }), [3, -4], 100);
    expect(t.lr![99][0]).toBeGreaterThan(1e-3);
    expect(t.finalLoss).toBeLessThan(1e-3 * t.loss[0]);
  });
});

describe('Adam-HD', () => {
  it('with β = 0 it is Adam exactly', () => {
    const obj = objectiveFromFunction(getFunction('rosenbrock')!);
    const a = minimize(obj, make('adam-hd', { lr: 0.01, hypergrad_lr: 0 }), [-1.5, 2], 100);
    const b = minimize(obj, make('adam', { lr: 0.01 }), [-1.5, 2], 100);
    for (let t = 0; t <= 100; t++) for (let i = 0; i < 2; i++) expect(a.x[t][i]).toBeCloseTo(b.x[t][i], 12);
  });

  it('moves α by β·g_t·(m̂/(√v̂+ε)) of the previous step', () => {
    const s = make('adam-hd', { lr: 0.1, hypergrad_lr: 0.5, eps: 0 });
    const st = s.init(1);
    const x = Float64Array.from([0]);
    s.step(x, Float64Array.from([2]), st); // m̂/√v̂ = sign(g) = 1 at the first step
    expect(x[0]).toBeCloseTo(-0.1, 15);
    s.step(x, Float64Array.from([-1]), st); // α = 0.1 + 0.5·(−1)·1 = −0.4
    expect(s.lastLr!(st)![0]).toBeCloseTo(-0.4, 15);
  });
});

describe('DoG', () => {
  it('first step moves r_ε/‖g‖ along −g; later η = max distance / √Σ‖g‖² (eps = 0: the formula alone)', () => {
    const s = make('dog', { eps: 0 });
    const st = s.init(2);
    const x = Float64Array.from([3, 4]); // ‖x₀‖ = 5 → r_ε = 6e-6
    s.step(x, Float64Array.from([6, 8]), st); // ‖g‖ = 10 → η = 6e-7
    expect(x[0]).toBeCloseTo(3 - 6e-7 * 6, 18);
    expect(s.lastLr!(st)![0]).toBeCloseTo(6e-7, 20);
    s.step(x, Float64Array.from([0, 10]), st);
    const moved = 6e-7 * 10; // ‖x₁ − x₀‖
    // ‖x₁ − x₀‖ is recomputed from rounded coordinates, so compare relatively (1e-9).
    const want = Math.max(6e-6, moved) / Math.sqrt(100 + 100);
    expect(Math.abs(s.lastLr!(st)![0] - want)).toBeLessThan(1e-9 * want);
  });

  it("the package's eps is added to Σ‖g‖² once, at the first step; init_eta replaces the first step size", () => {
    const s = make('dog');
    const st = s.init(2);
    const x = Float64Array.from([3, 4]);
    s.step(x, Float64Array.from([6, 8]), st);
    expect(s.lastLr!(st)![0]).toBe((1e-6 * (1 + 5)) / Math.sqrt(100 + 1e-8));
    s.step(x, Float64Array.from([0, 10]), st);
    expect(st.gradSq).toBe(100 + 1e-8 + 100);
    const e = make('dog', { init_eta: 0.01 });
    const se = e.init(2);
    const y = Float64Array.from([3, 4]);
    e.step(y, Float64Array.from([6, 8]), se);
    expect([...y]).toEqual([3 - 0.01 * 6, 4 - 0.01 * 8]);
    // init_eta sets r̄ to 0 (the package sets reps_rel = 0): the next η is ‖x₁ − x₀‖/√G
    e.step(y, Float64Array.from([0, 10]), se);
    expect(e.lastLr!(se)![0]).toBeCloseTo(Math.hypot(0.06, 0.08) / Math.sqrt(200 + 1e-8), 15);
  });

  it('weight_decay is L2 added to the gradient, inside Σ‖g‖² too', () => {
    const s = make('dog', { weight_decay: 0.5, eps: 0 });
    const st = s.init(1);
    const x = Float64Array.of(2);
    s.step(x, Float64Array.of(1), st); // g = 1 + 0.5·2 = 2, r̄ = 1e-6·3, η = r̄/2
    expect(st.gradSq).toBe(4);
    expect(x[0]).toBe(2 - ((1e-6 * 3) / 2) * 2);
  });

  it('needs no tuning to make progress on a bowl at very different scales', () => {
    for (const scale of [1e-3, 1, 1e3]) {
      const obj = { name: 's', n: 2, f: (x: ArrayLike<number>) => scale * (x[0] ** 2 + x[1] ** 2), valueAndGrad: (x: ArrayLike<number>, g: { [i: number]: number }) => ((g[0] = 2 * scale * x[0]), (g[1] = 2 * scale * x[1]), scale * (x[0] ** 2 + x[1] ** 2)) };
      const t = minimize(obj, make('dog'), [3, -4], 200);
      expect(t.finalLoss).toBeLessThan(1e-2 * t.loss[0]);
    }
  });
});
