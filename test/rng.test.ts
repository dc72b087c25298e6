// The seeded RNG: reproducible, restorable from its state, and well spread from the first draw
// for every seed (small seeds included).
import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../src/rng.js';

describe('Rng', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  it('the first draw of small seeds is not stuck near 0 or 1', () => {
    const first = Array.from({ length: 100 }, (_, s) => new Rng(s).uniform());
    const mean = first.reduce((x, y) => x + y, 0) / first.length;
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.65);
    expect(first.filter((u) => u > 0.99).length).toBeLessThan(5);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const r = new Rng(3);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });

  it('a restored state continues the same stream (checkpoints)', () => {
    const r = new Rng(11);
    r.normal();
    const saved = JSON.parse(JSON.stringify(r.getState()));
    const next = [r.normal(), r.uniform(), r.normal()];
    const q = Rng.fromState(saved);
    expect([q.normal(), q.uniform(), q.normal()]).toEqual(next);
  });

  it('deriveSeed separates named sub-streams', () => {
    expect(deriveSeed(1, 'starts', 0)).toBe(deriveSeed(1, 'starts', 0));
    expect(deriveSeed(1, 'starts', 0)).not.toBe(deriveSeed(1, 'starts', 1));
    expect(deriveSeed(1, 'starts', 0)).not.toBe(deriveSeed(2, 'starts', 0));
  });
});
