import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeFeatures,
  computeFeaturesAt,
  softmaxAbs,
  softmaxAbsScaleFree,
  varianceOverAbsSum,
  varianceScaleFree,
  type FeatureSet,
} from '../src/o1/features.js';

const W = 5;
const feats = (set: FeatureSet, g: number[]): number[] => {
  const out = new Float64Array(g.length + 1);
  computeFeatures(set, Float64Array.from(g), out);
  return Array.from(out);
};
const expectClose = (got: number[], want: number[], tol = 1e-12) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]), `index ${i}: ${v} vs ${want[i]}`).toBeLessThanOrEqual(tol));
};

// g = [1, -2, 0, 3, -1] (oldest → newest), values computed by hand / independently:
//   a = [1, 2, 0, 3, 1], var(g) = 2.96, Σa = 7, mean(g²) = 3, mean(a) = 1.4.
const G = [1, -2, 0, 3, -1];

describe('features: hand-computed values', () => {
  it('v1: softmax_abs and var/Σ|g|', () => {
    // s_k = sign(g_k) e^{a_k−3} / Σ_j e^{a_j−3}
    const Z = 2 * Math.exp(-2) + Math.exp(-1) + Math.exp(-3) + 1;
    const want = [Math.exp(-2) / Z, -Math.exp(-1) / Z, 0, 1 / Z, -Math.exp(-2) / Z, 2.96 / 7];
    expectClose(feats('v1', G), want);
    expectClose(feats('v1', G), [0.08015892392545444, -0.2178945462953938, 0, 0.5922987857150971, -0.08015892392545444, 0.4228571428571429]);
  });

  it('v2: softmax of |g|/mean|g| and var/mean(g²)', () => {
    expectClose(feats('v2', G), [0.11487647326586911, -0.2346612816768956, 0, 0.4793489524247428, -0.11487647326586911, 0.9866666666666667]);
  });

  it('a constant window: equal softmax weights, zero variance', () => {
    expectClose(feats('v2', [3, 3, 3, 3, 3]), [0.2, 0.2, 0.2, 0.2, 0.2, 0]);
    expectClose(feats('v1', [-3, -3, -3, -3, -3]), [-0.2, -0.2, -0.2, -0.2, -0.2, 0]);
  });

  it('the single-feature helpers agree with computeFeatures (and write at the offset)', () => {
    const g = Float64Array.from(G);
    const out = new Float64Array(W + 3).fill(7);
    softmaxAbs(g, out, 2);
    expect(out[0]).toBe(7);
    expect(out[1]).toBe(7);
    expectClose(Array.from(out.subarray(2, 2 + W)), feats('v1', G).slice(0, W), 0);
    softmaxAbsScaleFree(g, out, 1);
    expectClose(Array.from(out.subarray(1, 1 + W)), feats('v2', G).slice(0, W), 0);
    expect(varianceOverAbsSum(g)).toBe(feats('v1', G)[W]);
    expect(varianceScaleFree(g)).toBe(feats('v2', G)[W]);
  });

  it('computeFeaturesAt reads a slice and writes at an offset', () => {
    const buf = Float64Array.from([9, 9, ...G, 9]);
    const out = new Float64Array(W + 1 + 4);
    computeFeaturesAt('v2', buf, 2, W, out, 4);
    expect(Array.from(out.subarray(4))).toEqual(feats('v2', G));
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('rejects an output that is too short', () => {
    expect(() => computeFeatures('v1', new Float64Array(5), new Float64Array(5))).toThrow(RangeError);
  });
});

describe('features: zeros, order, scale', () => {
  it('a window of zeros (or -0) gives all-zero features, in both sets', () => {
    for (const set of ['v1', 'v2'] as const) {
      for (const z of [0, -0]) {
        const f = feats(set, [z, z, z, z, z]);
        f.forEach((v) => expect(Object.is(v, 0)).toBe(true));
      }
      expect(varianceOverAbsSum(new Float64Array(5))).toBe(0);
      expect(varianceScaleFree(new Float64Array(5))).toBe(0);
    }
  });

  it('window order matters: reversing the window reverses the softmax features', () => {
    for (const set of ['v1', 'v2'] as const) {
      const f = feats(set, G);
      const r = feats(set, [...G].reverse());
      expectClose(r.slice(0, W), f.slice(0, W).reverse(), 0);
      expect(r[W]).toBeCloseTo(f[W], 14);
      expect(r.slice(0, W)).not.toEqual(f.slice(0, W));
    }
  });

  it('v2 is scale-invariant: c·g gives the same features for c in [1e-6, 1e6]', () => {
    const entry = fc.oneof(
      fc.constant(0),
      fc.tuple(fc.boolean(), fc.double({ min: -100, max: 100, noNaN: true })).map(([neg, e]) => (neg ? -1 : 1) * 10 ** e),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (g, c) => {
        const a = feats('v2', g);
        const b = feats('v2', g.map((v) => c * v));
        a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-12));
      }),
      { numRuns: 500 },
    );
  });

  it('v2 features are bounded: |s_k| ≤ 1, Σ|s_k| ≤ 1, variance in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }), (g) => {
        const f = feats('v2', g);
        const n = g.length;
        let s = 0;
        for (let k = 0; k < n; k++) {
          expect(Math.abs(f[k])).toBeLessThanOrEqual(1);
          s += Math.abs(f[k]);
        }
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        expect(f[n]).toBeGreaterThanOrEqual(0);
        expect(f[n]).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('any finite window, however large or small, gives finite features', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }), fc.constantFrom('v1', 'v2'), (g, set) => {
        feats(set as FeatureSet, g).forEach((v) => expect(Number.isFinite(v)).toBe(true));
      }),
      { numRuns: 1000 },
    );
  });

  it('is stable at 1e300 and 1e-300 (squares would overflow / underflow)', () => {
    const base2 = feats('v2', G);
    const base1 = feats('v1', G);
    for (const c of [1e300, 1e-300, 1e-310, Number.MAX_VALUE / 4]) {
      const g = G.map((v) => v * c);
      const f2 = feats('v2', g);
      expectClose(f2, base2, 1e-9);
      const f1 = feats('v1', g);
      f1.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      // v1's variance feature has the gradient's scale (degree-1 homogeneous).
      expect(Math.abs(f1[W] / c - base1[W]) / base1[W]).toBeLessThan(1e-6);
    }
    // v1 softmax at 1e300: all mass on the largest |g| (the 3), with its sign.
    expectClose(feats('v1', G.map((v) => v * 1e300)).slice(0, W), [0, 0, 0, 1, 0], 0);
    // v1 softmax at 1e-300: exp(≈0) everywhere, so sign/W (the zero entry keeps 0, W = 5).
    expectClose(feats('v1', G.map((v) => v * 1e-300)).slice(0, W), [0.2, -0.2, 0, 0.2, -0.2], 1e-12);
    // the smallest subnormal and the largest double
    for (const set of ['v1', 'v2'] as const) {
      feats(set, [5e-324, -5e-324, 0, 5e-324, 1e-323]).forEach((v) => expect(Number.isFinite(v)).toBe(true));
      feats(set, [Number.MAX_VALUE, -Number.MAX_VALUE, 1, Number.MAX_VALUE, 0]).forEach((v) => expect(Number.isFinite(v)).toBe(true));
    }
  });

  it('a NaN gradient gives NaN features (never a silently smaller window)', () => {
    expect(feats('v2', [1, NaN, 2, 3, 4]).some(Number.isNaN)).toBe(true);
  });
});
