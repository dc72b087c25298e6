// Prodigy and schedule-free AdamW (their reference packages replayed: optimizers.official.test.ts), held here against an independent
// computation of its first steps written in this file from the paper's pseudo-code (with the
// reference package's conventions where it departs from the paper, said where), plus the
// invariants the methods are built on.
import { describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { Hyper, OptState, Stepper } from '../src/optimizers/types.js';
import { getFunction } from '../src/functions/index.js';
import { minimize } from '../src/run/minimize.js';
import { objectiveFromFunction } from '../src/run/objective.js';

function stepper(name: string, given: Record<string, number> = {}): { s: Stepper; h: Hyper } {
  const spec = getOptimizer(name)!;
  const h = resolveHyper(spec, given);
  return { s: spec.create(h), h };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

/** f = ½(4x² + y²)/c, ∇f = (4x, y)/c: a small ill-conditioned bowl, scaled by 1/c. */
function bowlGrad(x: ArrayLike<number>, c = 1): Float64Array {
  return Float64Array.of((4 * x[0]) / c, x[1] / c);
}

describe('Prodigy', () => {
  it('its first steps follow the paper’s Algorithm (Adam version) step by step', () => {
    // Mishchenko & Defazio (2024), Prodigy (Adam version), with γ_k = lr:
    //   m ← β1 m + (1−β1) d g,  v ← β2 v + (1−β2) d² g²
    //   r ← √β2 r + (1−√β2) γ d² ⟨g, x0 − x⟩,  s ← √β2 s + (1−√β2) γ d² g
    //   d_new = max(d, r/‖s‖₁),  x ← x − γ d m/(√v + d_new ε)
    // (the paper writes d ε in the denominator; prodigyopt uses the updated d, followed here).
    const lr = 1;
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-8;
    const d0 = 1e-6;
    const { s } = stepper('prodigy', {});
    const state = s.init(2);
    const x = Float64Array.of(1.5, -2);
    const hand = { x: [1.5, -2], x0: [1.5, -2], m: [0, 0], v: [0, 0], s: [0, 0], r: 0, d: d0 };
    for (let k = 0; k < 6; k++) {
      const g = bowlGrad(hand.x);
      const gamma = lr;
      const b3 = Math.sqrt(b2);
      const d = hand.d;
      let dot = 0;
      for (let i = 0; i < 2; i++) {
        hand.m[i] = b1 * hand.m[i] + (1 - b1) * d * g[i];
        hand.v[i] = b2 * hand.v[i] + (1 - b2) * d * d * g[i] * g[i];
        hand.s[i] = b3 * hand.s[i] + (1 - b3) * gamma * d * d * g[i];
        dot += g[i] * (hand.x0[i] - hand.x[i]);
      }
      hand.r = b3 * hand.r + (1 - b3) * gamma * d * d * dot;
      const dNew = Math.max(d, hand.r / (Math.abs(hand.s[0]) + Math.abs(hand.s[1])));
      for (let i = 0; i < 2; i++) hand.x[i] = hand.x[i] - (gamma * d * hand.m[i]) / (Math.sqrt(hand.v[i]) + dNew * eps);
      hand.d = dNew;

      s.step(x, bowlGrad(x), state);
      for (let i = 0; i < 2; i++) expect(rel(x[i], hand.x[i]), `step ${k + 1}, x${i}`).toBeLessThan(1e-12);
      expect(rel(state.d as number, hand.d), `step ${k + 1}, d`).toBeLessThan(1e-12);
    }
    // the estimate has left d0: Prodigy's point is that d grows to the problem's distance scale
    expect(state.d as number).toBeGreaterThan(10 * d0);
  });

  it('scaling f by a power of two changes nothing (with ε = 0: every quantity scales exactly)', () => {
    const run = (c: number) => {
      const { s } = stepper('prodigy', { eps: 0 });
      const st = s.init(2);
      const x = Float64Array.of(1.5, -2);
      const path: number[] = [];
      for (let k = 0; k < 100; k++) {
        s.step(x, bowlGrad(x, c), st);
        path.push(x[0], x[1]);
      }
      return path;
    };
    expect(run(1024)).toEqual(run(1));
    expect(run(1 / 4096)).toEqual(run(1));
  });

  it('d never decreases, and reaches the distance scale whatever the scale of x', () => {
    for (const scale of [1e-3, 1, 1e3]) {
      const { s } = stepper('prodigy');
      const st = s.init(2);
      const x = Float64Array.of(1.5 * scale, -2 * scale);
      let d = st.d as number;
      for (let k = 0; k < 300; k++) {
        s.step(x, Float64Array.of((4 * x[0]) / scale ** 2, x[1] / scale ** 2), st);
        expect(st.d as number).toBeGreaterThanOrEqual(d);
        d = st.d as number;
      }
      // distance to the minimum at the start: 2.5·scale; d ends within a factor 100 of it
      expect(d / (2.5 * scale)).toBeGreaterThan(0.01);
      expect(d / (2.5 * scale)).toBeLessThan(100);
      expect(Math.hypot(x[0], x[1]) / (2.5 * scale)).toBeLessThan(0.05);
    }
  });

  it('does not move while every gradient so far is 0, then starts as from the start', () => {
    const { s } = stepper('prodigy');
    const st = s.init(1);
    const x = Float64Array.of(3);
    s.step(x, Float64Array.of(0), st);
    s.step(x, Float64Array.of(0), st);
    expect(x[0]).toBe(3);
    expect(st.k).toBe(0);
    const fresh = stepper('prodigy').s;
    const st2 = fresh.init(1);
    const y = Float64Array.of(3);
    s.step(x, Float64Array.of(2), st);
    fresh.step(y, Float64Array.of(2), st2);
    expect(x[0]).toBe(y[0]);
  });

  it('growth_rate bounds how fast d grows; bias correction and safeguard_warmup change the run', () => {
    const final = (given: Record<string, number>) => {
      const { s } = stepper('prodigy', given);
      const st = s.init(2);
      const x = Float64Array.of(1.5, -2);
      const ds: number[] = [];
      for (let k = 0; k < 50; k++) {
        s.step(x, bowlGrad(x), st);
        ds.push(st.d as number);
      }
      return { x: [...x], ds };
    };
    // prodigyopt lets d leave d0 in one jump (its `if d == d0: d = max(d, d_hat)`), then bounds it
    const slow = final({ growth_rate: 1.02 });
    const grew = slow.ds.findIndex((d) => d !== 1e-6);
    expect(grew).toBeGreaterThan(0);
    for (let k = grew + 1; k < slow.ds.length; k++) expect(slow.ds[k]).toBeLessThanOrEqual(slow.ds[k - 1] * 1.02 * (1 + 1e-15));
    expect(slow.ds.at(-1)!).toBeGreaterThan(slow.ds[grew]);
    expect(final({ use_bias_correction: 1 }).x).not.toEqual(final({}).x);
    // safeguard_warmup takes lr out of s: visible only when lr ≠ 1
    expect(final({ safeguard_warmup: 1, lr: 0.5 }).x).not.toEqual(final({ lr: 0.5 }).x);
    expect(final({ safeguard_warmup: 1 }).x).toEqual(final({}).x);
  });

  it('lr = 1 and no tuning: makes progress on Rosenbrock and Beale', () => {
    for (const [name, start] of [['rosenbrock', [-1.5, 2]], ['beale', [1, 1.5]]] as const) {
      const fn = getFunction(name)!;
      const { s } = stepper('prodigy');
      const run = minimize(objectiveFromFunction(fn), s, [...start], 500);
      expect(run.finalLoss).toBeLessThan(0.1 * fn.f(start));
    }
  });
});

describe('schedule-free AdamW', () => {
  it('the paper’s class: its first steps follow the paper’s Algorithm 1 (x, y, z kept explicitly); evalPoint is x', () => {
    // Defazio et al. (2024), Schedule-Free AdamW, with warmup T_w, r = 0, weight_lr_power = 2:
    //   y_t = (1−β1) z_t + β1 x_t;  g_t = ∇f(y_t);  v_t = β2 v + (1−β2) g_t²
    //   γ_t = γ·√(1−β2^t)·min(1, t/T_w);  z_{t+1} = z_t − γ_t g_t/(√v_t + ε) − γ_t λ y_t
    //   c_{t+1} = γ_t² / Σ_{i≤t} γ_i²;  x_{t+1} = (1 − c_{t+1}) x_t + c_{t+1} z_{t+1}
    // (γ_t grows with t here, so the package's running max of γ is γ_t itself.)
    const gamma = 0.05;
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-8;
    const lambda = 0.01;
    const warmup = 3;
    const { s } = stepper('adamw-schedulefree-paper', { lr: gamma, weight_decay: lambda, warmup_steps: warmup });
    const state: OptState = s.init(2);
    const y = Float64Array.of(1.5, -2); // what the optimizer moves: the point gradients are taken at
    const hand = { x: [1.5, -2], z: [1.5, -2], v: [0, 0], sumSq: 0 };
    for (let t = 1; t <= 8; t++) {
      const yh = [0, 1].map((i) => (1 - b1) * hand.z[i] + b1 * hand.x[i]);
      for (let i = 0; i < 2; i++) expect(rel(y[i], yh[i]), `y_${t}[${i}]`).toBeLessThan(1e-12);
      const g = bowlGrad(yh);
      const gt = gamma * Math.sqrt(1 - b2 ** t) * Math.min(1, t / warmup);
      hand.sumSq += gt * gt;
      const c = (gt * gt) / hand.sumSq;
      for (let i = 0; i < 2; i++) {
        hand.v[i] = b2 * hand.v[i] + (1 - b2) * g[i] * g[i];
        hand.z[i] = hand.z[i] - (gt * g[i]) / (Math.sqrt(hand.v[i]) + eps) - gt * lambda * yh[i];
        hand.x[i] = (1 - c) * hand.x[i] + c * hand.z[i];
      }
      s.step(y, bowlGrad(y), state);
      // the eval-mode point x, recovered from y and z as schedulefree's eval() does
      const z = state.z as Float64Array;
      const x = new Float64Array(2);
      s.evalPoint!(y, state, x);
      for (let i = 0; i < 2; i++) {
        expect(rel(z[i], hand.z[i]), `z_${t + 1}[${i}]`).toBeLessThan(1e-12);
        expect(rel(x[i], hand.x[i]), `x_${t + 1}[${i}]`).toBeLessThan(1e-11);
      }
    }
  });

  it('the current class (schedulefree ≥ 1.3): lr_t without √(1−β2^t), denominator √(v/(1−β2^t)) + ε', () => {
    // as above, with γ_t = γ·min(1, t/T_w) (weights c from γ_t², the running max being γ_t) and
    // z_{t+1} = z_t − γ_t g_t/(√(v_t/(1−β2^t)) + ε) − γ_t λ y_t
    const gamma = 0.05;
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-8;
    const lambda = 0.01;
    const warmup = 3;
    const { s } = stepper('adamw-schedulefree', { lr: gamma, weight_decay: lambda, warmup_steps: warmup });
    const state: OptState = s.init(2);
    const y = Float64Array.of(1.5, -2);
    const hand = { x: [1.5, -2], z: [1.5, -2], v: [0, 0], sumSq: 0 };
    const x = new Float64Array(2);
    for (let t = 1; t <= 8; t++) {
      const yh = [0, 1].map((i) => (1 - b1) * hand.z[i] + b1 * hand.x[i]);
      for (let i = 0; i < 2; i++) expect(rel(y[i], yh[i]), `y_${t}[${i}]`).toBeLessThan(1e-12);
      const g = bowlGrad(yh);
      const gt = gamma * Math.min(1, t / warmup);
      hand.sumSq += gt * gt;
      const c = (gt * gt) / hand.sumSq;
      for (let i = 0; i < 2; i++) {
        hand.v[i] = b2 * hand.v[i] + (1 - b2) * g[i] * g[i];
        hand.z[i] = hand.z[i] - (gt * g[i]) / (Math.sqrt(hand.v[i] / (1 - b2 ** t)) + eps) - gt * lambda * yh[i];
        hand.x[i] = (1 - c) * hand.x[i] + c * hand.z[i];
      }
      s.step(y, bowlGrad(y), state);
      s.evalPoint!(y, state, x);
      for (let i = 0; i < 2; i++) {
        expect(rel((state.z as Float64Array)[i], hand.z[i]), `z_${t + 1}[${i}]`).toBeLessThan(1e-12);
        expect(rel(x[i], hand.x[i]), `x_${t + 1}[${i}]`).toBeLessThan(1e-11);
      }
    }
  });

  it('evalPoint reads and never changes y or the state; before the first step it is y', () => {
    const { s } = stepper('adamw-schedulefree', { lr: 0.1 });
    const st = s.init(2);
    const y = Float64Array.of(1.5, -2);
    const out = new Float64Array(2);
    s.evalPoint!(y, st, out);
    expect([...out]).toEqual([1.5, -2]);
    for (let k = 0; k < 5; k++) s.step(y, bowlGrad(y), st);
    const before = { y: [...y], z: [...(st.z as Float64Array)], v: [...(st.v as Float64Array)], t: st.t };
    s.evalPoint!(y, st, out);
    expect([...y]).toEqual(before.y);
    expect([...(st.z as Float64Array)]).toEqual(before.z);
    expect([...(st.v as Float64Array)]).toEqual(before.v);
    expect(st.t).toBe(before.t);
    expect([...out]).not.toEqual(before.y);
  });

  it('with β1 = 0 y is z itself: AdamW-style steps without momentum, no averaging in y; its answer is y', () => {
    const { s } = stepper('adamw-schedulefree', { beta1: 0, lr: 0.1 });
    const st = s.init(2);
    const y = Float64Array.of(1.5, -2);
    for (let k = 0; k < 20; k++) {
      s.step(y, bowlGrad(y), st);
      expect(Array.from(y)).toEqual(Array.from(st.z as Float64Array));
    }
    // the package's eval() divides by β1 = 0 (x cannot be recovered from y and z): here the answer is y
    const out = new Float64Array(2);
    s.evalPoint!(y, st, out);
    expect([...out]).toEqual([...y]);
  });

  it('makes progress on Rosenbrock at its default lr', () => {
    const fn = getFunction('rosenbrock')!;
    const run = minimize(objectiveFromFunction(fn), stepper('adamw-schedulefree', { lr: 0.05 }).s, [-1.5, 2], 500);
    expect(run.finalLoss).toBeLessThan(0.1 * fn.f([-1.5, 2]));
  });
});

describe("prodigy's growth_rate = Infinity (prodigyopt's default float('inf')) in the text form", () => {
  it('is read from Infinity or inf for that parameter only, and printed back the same way', async () => {
    const { formatOptimizer, parseOptimizer } = await import('../src/optimizers/codec.js');
    expect(parseOptimizer('prodigy:growth_rate=Infinity').hyper.growth_rate).toBe(Infinity);
    expect(parseOptimizer('Prodigy:growth_rate=inf').hyper.growth_rate).toBe(Infinity);
    expect(parseOptimizer(formatOptimizer({ name: 'prodigy', hyper: { growth_rate: Infinity } })).hyper.growth_rate).toBe(Infinity);
    expect(() => parseOptimizer('adam:lr=Infinity')).toThrow(/'Infinity' is not a finite number/);
    expect(() => parseOptimizer('prodigy:d0=inf')).toThrow(/not a finite number/);
    expect(() => parseOptimizer('prodigy:growth_rate=infinit')).toThrow(/is not a number \(a decimal, or Infinity\)/);
  });
});
