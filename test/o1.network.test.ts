import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../src/rng.js';
import {
  DEFAULT_INIT_LOG_LR,
  forward,
  forwardAt,
  initParams,
  mutate,
  paramCount,
  scratchSize,
  type Activation,
  type NetworkConfig,
} from '../src/o1/network.js';

// Independent, obvious forward pass over nested arrays (W @ x + b per layer).
function naiveForward(cfg: NetworkConfig, params: ArrayLike<number>, input: number[]): number[] {
  let x = input;
  let p = 0;
  for (let l = 0; l + 1 < cfg.layers.length; l++) {
    const nIn = cfg.layers[l];
    const nOut = cfg.layers[l + 1];
    const Wm: number[][] = [];
    for (let r = 0; r < nOut; r++) Wm.push(Array.from({ length: nIn }, (_, c) => params[p + r * nIn + c]));
    p += nIn * nOut;
    const b = Array.from({ length: nOut }, (_, r) => params[p + r]);
    p += nOut;
    const act = cfg.activations[l];
    x = Wm.map((row, r) => {
      const z = row.reduce((s, w, c) => s + w * x[c], 0) + b[r];
      return act === 'tanh' ? Math.tanh(z) : act === 'relu' ? Math.max(0, z) : z;
    });
  }
  return x;
}

const DEFAULT: NetworkConfig = { layers: [6, 8, 1], activations: ['tanh', 'identity'] };

describe('network layout', () => {
  it('paramCount([6, 8, 1]) = 65, and Σ (in·out + out) in general', () => {
    expect(paramCount(DEFAULT)).toBe(65);
    expect(paramCount({ layers: [2, 2, 1] })).toBe(9);
    expect(paramCount({ layers: [3, 1] })).toBe(4);
    expect(paramCount({ layers: [4, 5, 3, 1] })).toBe(4 * 5 + 5 + 5 * 3 + 3 + 3 + 1);
    expect(scratchSize(DEFAULT)).toBe(16);
  });
});

describe('forward', () => {
  it('matches a hand-computed tiny network [2, 2, 1] (tanh → identity)', () => {
    const cfg: NetworkConfig = { layers: [2, 2, 1], activations: ['tanh', 'identity'] };
    // W1 = [[1, 2], [-1, 0.5]], b1 = [0.1, -0.2], W2 = [[3, -1]], b2 = [0.5]
    const params = Float64Array.from([1, 2, -1, 0.5, 0.1, -0.2, 3, -1, 0.5]);
    const x = [0.3, -0.4];
    const h0 = Math.tanh(1 * 0.3 + 2 * -0.4 + 0.1); // tanh(-0.4)
    const h1 = Math.tanh(-1 * 0.3 + 0.5 * -0.4 - 0.2); // tanh(-0.7)
    const want = 3 * h0 - 1 * h1 + 0.5;
    expect(forward(cfg, params, Float64Array.from(x), new Float64Array(scratchSize(cfg)))).toBeCloseTo(want, 15);
    expect(want).toBeCloseTo(3 * Math.tanh(-0.4) - Math.tanh(-0.7) + 0.5, 15);
  });

  it('relu and identity hidden layers', () => {
    const cfg: NetworkConfig = { layers: [2, 2, 1], activations: ['relu', 'identity'] };
    const params = Float64Array.from([1, 2, -1, 0.5, 0.1, -0.2, 3, -1, 0.5]);
    // h = relu([-0.4, -0.7]) = [0, 0] → out = b2
    expect(forward(cfg, params, [0.3, -0.4], new Float64Array(4))).toBe(0.5);
    // h = relu([1.1, -1.2]) = [1.1, 0] → 3.3 + 0.5
    expect(forward(cfg, params, [1, 0], new Float64Array(4))).toBeCloseTo(3.8, 15);
    const lin: NetworkConfig = { layers: [2, 2, 1], activations: ['identity', 'identity'] };
    expect(forward(lin, params, [1, 0], new Float64Array(4))).toBeCloseTo(3 * 1.1 - 1 * -1.2 + 0.5, 15);
  });

  it('agrees with a naive implementation for random shapes and parameters', () => {
    const act = fc.constantFrom<Activation>('tanh', 'relu', 'identity');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }).chain((sizes) => {
          const layers = [...sizes, 1];
          return fc.record({
            layers: fc.constant(layers),
            activations: fc.array(act, { minLength: layers.length - 1, maxLength: layers.length - 1 }),
            params: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: paramCount({ layers }), maxLength: paramCount({ layers }) }),
            input: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: layers[0], maxLength: layers[0] }),
          });
        }),
        ({ layers, activations, params, input }) => {
          const cfg = { layers, activations };
          const got = forward(cfg, Float64Array.from(params), Float64Array.from(input), new Float64Array(scratchSize(cfg)));
          const want = naiveForward(cfg, params, input)[0];
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forwardAt reads the input at an offset; the scratch can be reused', () => {
    const rng = new Rng(3);
    const p = initParams(DEFAULT, rng);
    const input = [0.1, -0.2, 0.3, 0.05, -0.15, 0.4];
    const buf = Float64Array.from([9, 9, 9, ...input]);
    const scratch = new Float64Array(scratchSize(DEFAULT));
    const a = forwardAt(DEFAULT, p, buf, 3, scratch);
    const b = forward(DEFAULT, p, Float64Array.from(input), scratch);
    expect(a).toBe(b);
    expect(a).toBeCloseTo(naiveForward(DEFAULT, p, input)[0], 13);
  });
});

describe('initParams', () => {
  it('is deterministic for a seed, and differs across seeds', () => {
    const a = initParams(DEFAULT, new Rng(42));
    const b = initParams(DEFAULT, new Rng(42));
    const c = initParams(DEFAULT, new Rng(43));
    expect(a.length).toBe(65);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('biases are 0 except the output bias = initLogLr (default ln 1e-3)', () => {
    const p = initParams(DEFAULT, new Rng(1));
    expect(Array.from(p.subarray(48, 56))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(p[64]).toBe(DEFAULT_INIT_LOG_LR);
    expect(DEFAULT_INIT_LOG_LR).toBeCloseTo(Math.log(1e-3), 15);
    expect(initParams(DEFAULT, new Rng(1), -2)[64]).toBe(-2);
    // weights are drawn: none of them is exactly 0
    expect(Array.from(p.subarray(0, 48)).every((v) => v !== 0)).toBe(true);
  });

  it('weights ~ N(0, 1/in)', () => {
    const cfg: NetworkConfig = { layers: [400, 300, 1], activations: ['tanh', 'identity'] };
    const p = initParams(cfg, new Rng(7));
    const w = p.subarray(0, 400 * 300);
    let s = 0;
    let s2 = 0;
    for (const v of w) {
      s += v;
      s2 += v * v;
    }
    const mean = s / w.length;
    const variance = s2 / w.length - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(variance * 400).toBeGreaterThan(0.97);
    expect(variance * 400).toBeLessThan(1.03);
  });
});

describe('mutate', () => {
  it('σ = 0 is the identity (bit for bit, -0 kept) and returns a new array', () => {
    const p = Float64Array.from([1.5, -0, 0, 5e-324, -1e300, 0.1]);
    const q = mutate(p, 0, new Rng(1));
    expect(q).not.toBe(p);
    q.forEach((v, i) => expect(Object.is(v, p[i])).toBe(true));
  });

  it('θ′ = θ + σ·ε with ε the seeded normals, and θ is left untouched', () => {
    const p = initParams(DEFAULT, new Rng(5));
    const before = Array.from(p);
    const q = mutate(p, 0.1, new Rng(9));
    expect(Array.from(p)).toEqual(before);
    const eps = new Rng(9);
    q.forEach((v, i) => expect(v).toBe(p[i] + 0.1 * eps.normal()));
    expect(Array.from(mutate(p, 0.1, new Rng(9)))).toEqual(Array.from(q));
  });
});
