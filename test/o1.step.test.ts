import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { InputError } from '../src/errors.js';
import { computeFeatures } from '../src/o1/features.js';
import { copyConfig, DEFAULT_O1_CONFIG, defaultO1Config, validateConfig, type O1Config } from '../src/o1/config.js';
import { paramCount } from '../src/o1/network.js';
import { createO1Stepper, o1Spec, randomO1Model, type O1Model, type O1State } from '../src/o1/o1.js';

// ---- An independent, deliberately plain implementation of docs/O1.md (arrays, textbook
// formulas, a list that grows and is sliced) used to check the optimized stepper. ----
function refFeatures(set: 'v1' | 'v2', win: number[]): number[] {
  const W = win.length;
  const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
  const a = win.map(Math.abs);
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const meanG = mean(win);
  const variance = mean(win.map((v) => (v - meanG) ** 2));
  let u = a;
  if (set === 'v2') {
    const ma = mean(a);
    u = a.map((v) => (ma === 0 ? 0 : v / ma));
  }
  const mx = Math.max(...u);
  const e = u.map((v) => Math.exp(v - mx));
  const Z = e.reduce((s, v) => s + v, 0);
  const soft = win.map((g, k) => (sgn(g) * e[k]) / Z);
  let last: number;
  if (set === 'v1') {
    const sa = a.reduce((s, v) => s + v, 0);
    last = sa === 0 ? 0 : variance / sa;
  } else {
    const m2 = mean(win.map((v) => v * v));
    last = m2 === 0 ? 0 : variance / m2;
  }
  return [...soft, last].slice(0, W + 1);
}

function refNet(cfg: O1Config, w: ArrayLike<number>, input: number[]): number {
  let x = input;
  let p = 0;
  for (let l = 0; l + 1 < cfg.layers.length; l++) {
    const nIn = cfg.layers[l];
    const nOut = cfg.layers[l + 1];
    const y: number[] = [];
    for (let r = 0; r < nOut; r++) {
      let z = 0;
      for (let c = 0; c < nIn; c++) z += w[p + r * nIn + c] * x[c];
      y.push(z + w[p + nIn * nOut + r]);
    }
    p += nIn * nOut + nOut;
    const act = cfg.activations[l];
    x = y.map((z) => (act === 'tanh' ? Math.tanh(z) : act === 'relu' ? Math.max(0, z) : z));
  }
  return x[0];
}

/** Runs o1 in 1-D on a gradient function; returns x, lr and features per step. */
function refRun(model: O1Model, x0: number, grad: (x: number) => number, steps: number) {
  const cfg = model.config;
  let history: number[] = [];
  let m = 0;
  let x = x0;
  const xs: number[] = [];
  const lrs: number[] = [];
  const fs: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const g = grad(x);
    history = t === 0 ? new Array(cfg.window).fill(g) : [...history, g].slice(-cfg.window);
    const f = refFeatures(cfg.features, history);
    const o = refNet(cfg, model.weights, f);
    const lr = Math.exp(Math.min(cfg.logLrMax, Math.max(cfg.logLrMin, o)));
    m = cfg.beta * m + g;
    x = x - lr * m;
    xs.push(x);
    lrs.push(lr);
    fs.push(f);
  }
  return { xs, lrs, fs };
}

const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

function constModel(outBias: number, cfg: O1Config = defaultO1Config()): O1Model {
  const w = new Float64Array(paramCount(cfg));
  w[w.length - 1] = outBias;
  return { config: cfg, weights: w };
}

describe('o1 step: window', () => {
  it('fills the whole window with g₀ at the first step, then shifts and appends', () => {
    const model = randomO1Model(new Rng(11));
    const s = createO1Stepper(model, { record: true });
    const st = s.init(1);
    const x = new Float64Array([0]);
    s.step(x, new Float64Array([3]), st);
    expect(Array.from(st.window)).toEqual([3, 3, 3, 3, 3]);
    // all recent directions agree: equal weights, zero variance
    const f0 = Array.from(s.lastFeatures(st)!);
    f0.slice(0, 5).forEach((v) => expect(v).toBeCloseTo(0.2, 15));
    expect(f0[5]).toBe(0);
    s.step(x, new Float64Array([-1]), st);
    expect(Array.from(st.window)).toEqual([3, 3, 3, 3, -1]);
    for (const g of [4, 5, 6, 7]) s.step(x, new Float64Array([g]), st);
    expect(Array.from(st.window)).toEqual([-1, 4, 5, 6, 7]);
    s.step(x, new Float64Array([8]), st);
    expect(Array.from(st.window)).toEqual([4, 5, 6, 7, 8]);
    // the recorded features are the features of that window, oldest → newest
    const want = new Float64Array(6);
    computeFeatures('v2', Float64Array.from([4, 5, 6, 7, 8]), want);
    expect(Array.from(s.lastFeatures(st)!)).toEqual(Array.from(want));
    expect(st.t).toBe(7);
  });

  it('without recording there is no features buffer', () => {
    const s = createO1Stepper(randomO1Model(new Rng(1)));
    const st = s.init(3);
    expect(st.features.length).toBe(0);
    expect(s.lastFeatures(st)).toBeUndefined();
  });
});

describe('o1 step: against an independent implementation', () => {
  it('a hand-traced two-step run in 1-D', () => {
    // Network [6, 8, 1] with zero weights except: output bias b and one path feature 5 → h0 → o.
    const cfg = defaultO1Config();
    const w = new Float64Array(65);
    w[5] = 2; // hidden neuron 1 reads the variance feature with weight 2
    w[56] = 1.5; // output reads hidden neuron 1 with weight 1.5
    w[64] = -3; // output bias
    const model: O1Model = { config: cfg, weights: w };
    const s = createO1Stepper(model, { record: true });
    const st = s.init(1);
    const x = new Float64Array([1]);
    // step 0: g = 2, window [2,2,2,2,2], variance 0 → o = −3, lr = e^-3, m = 2
    s.step(x, new Float64Array([2]), st);
    const lr0 = Math.exp(-3);
    expect(s.lastLr(st)[0]).toBe(lr0);
    expect(x[0]).toBe(1 - lr0 * 2);
    // step 1: g = −1, window [2,2,2,2,−1]: mean 1.4, var = (4·0.36 + 5.76)/5 = 1.44,
    // mean(g²) = 17/5 = 3.4 → v2 variance 1.44/3.4; o = 1.5·tanh(2·1.44/3.4) − 3; m = 0.9·2 − 1 = 0.8
    const x1 = x[0];
    s.step(x, new Float64Array([-1]), st);
    const lr1 = Math.exp(1.5 * Math.tanh((2 * 1.44) / 3.4) - 3);
    expect(close(s.lastLr(st)[0], lr1, 1e-14)).toBe(true);
    expect(close(x[0], x1 - lr1 * 0.8, 1e-14)).toBe(true);
    expect(st.features[5]).toBeCloseTo(1.44 / 3.4, 15);
    expect(st.m[0]).toBeCloseTo(0.8, 15);
  });

  it('random models, both feature sets, other shapes: matches the plain implementation over 40 steps', () => {
    const shapes: Partial<O1Config>[] = [
      {},
      { features: 'v1' },
      { window: 3, layers: [4, 5, 1] },
      { window: 1, layers: [2, 3, 2, 1], activations: ['relu', 'tanh', 'identity'] },
      { window: 7, layers: [8, 1], activations: ['identity'], beta: 0 },
    ];
    shapes.forEach((over, k) => {
      const cfg = { ...copyConfig(DEFAULT_O1_CONFIG), ...over } as O1Config;
      expect(validateConfig(cfg)).toEqual([]);
      const model = randomO1Model(new Rng(100 + k), cfg, -2);
      // a wavy 1-D slope: the gradient changes sign and size, and stays bounded (the plain
      // implementation overflows on huge gradients, which the stepper must not)
      const grad = (x: number) => 3 * Math.sin(3 * x) + 0.2 * x + 0.1;
      const ref = refRun(model, 1.7, grad, 40);
      const s = createO1Stepper(model, { record: true });
      const st = s.init(1);
      const x = new Float64Array([1.7]);
      const g = new Float64Array(1);
      for (let t = 0; t < 40; t++) {
        g[0] = grad(x[0]);
        s.step(x, g, st);
        expect(close(s.lastLr(st)[0], ref.lrs[t], 1e-10), `shape ${k} lr at step ${t}: ${s.lastLr(st)[0]} vs ${ref.lrs[t]}, x ${x[0]} vs ${ref.xs[t]}`).toBe(true);
        expect(close(x[0], ref.xs[t], 1e-10), `x at step ${t}`).toBe(true);
        ref.fs[t].forEach((f, i) => expect(Math.abs(st.features[i] - f)).toBeLessThan(1e-12));
      }
    });
  });
});

describe('o1 step: lr bounds', () => {
  it('a huge output bias is clamped to logLrMax, a tiny one to logLrMin', () => {
    for (const [bias, lr] of [
      [1e6, 1],
      [-1e6, Math.exp(-12)],
      [-5, Math.exp(-5)],
    ] as const) {
      const s = createO1Stepper(constModel(bias));
      const st = s.init(2);
      const x = new Float64Array([1, -2]);
      s.step(x, new Float64Array([0.5, 4]), st);
      expect(Array.from(s.lastLr(st))).toEqual([lr, lr]);
      expect(Array.from(x)).toEqual([1 - lr * 0.5, -2 - lr * 4]);
    }
  });

  it('custom bounds are respected', () => {
    const cfg = { ...defaultO1Config(), logLrMin: -3, logLrMax: -1 };
    const hi = createO1Stepper(constModel(100, cfg));
    const lo = createO1Stepper(constModel(-100, cfg));
    const a = hi.init(1);
    const b = lo.init(1);
    hi.step(new Float64Array(1), new Float64Array([1]), a);
    lo.step(new Float64Array(1), new Float64Array([1]), b);
    expect(hi.lastLr(a)[0]).toBe(Math.exp(-1));
    expect(lo.lastLr(b)[0]).toBe(Math.exp(-3));
  });

  it('a NaN network output (non-finite gradient) takes the smallest lr', () => {
    const s = createO1Stepper(randomO1Model(new Rng(2)));
    const st = s.init(1);
    s.step(new Float64Array(1), new Float64Array([NaN]), st);
    expect(s.lastLr(st)[0]).toBe(Math.exp(-12));
  });

  it('heavy ball: m = g at t = 0, then β·m + g', () => {
    const s = createO1Stepper(constModel(0));
    const st = s.init(1);
    const x = new Float64Array([0]);
    s.step(x, new Float64Array([2]), st);
    expect(st.m[0]).toBe(2);
    s.step(x, new Float64Array([1]), st);
    expect(st.m[0]).toBe(0.9 * 2 + 1);
    expect(x[0]).toBe(-2 - (0.9 * 2 + 1));
  });
});

describe('o1 step: coordinates', () => {
  it('coordinates are independent: a 2-D run equals two 1-D runs, bit for bit', () => {
    const model = randomO1Model(new Rng(8), DEFAULT_O1_CONFIG, -1.5);
    const gradOf = (x: number, y: number) => [2 * (x - 1) + 40 * x * (x * x - y), 20 * (y - x * x)];
    const s = createO1Stepper(model);
    const st = s.init(2);
    const xy = new Float64Array([-1.2, 1]);
    const gs: number[][] = [];
    const lrs: number[][] = [];
    for (let t = 0; t < 50; t++) {
      const g = gradOf(xy[0], xy[1]);
      gs.push(g);
      s.step(xy, Float64Array.from(g), st);
      lrs.push(Array.from(s.lastLr(st)));
    }
    for (const i of [0, 1]) {
      const s1 = createO1Stepper(model);
      const st1 = s1.init(1);
      const x = new Float64Array([i === 0 ? -1.2 : 1]);
      for (let t = 0; t < 50; t++) {
        s1.step(x, new Float64Array([gs[t][i]]), st1);
        expect(s1.lastLr(st1)[0]).toBe(lrs[t][i]);
      }
      expect(x[0]).toBe(xy[i]);
    }
  });

  it('works for n = 0 and large n; rejects mismatched sizes', () => {
    const s = createO1Stepper(randomO1Model(new Rng(4)));
    const st0 = s.init(0);
    s.step(new Float64Array(0), new Float64Array(0), st0);
    expect(st0.t).toBe(1);
    const n = 1000;
    const st = s.init(n);
    const x = new Float64Array(n).fill(1);
    s.step(x, new Float64Array(n).fill(1), st);
    expect(x.every((v) => v === x[0] && v < 1)).toBe(true);
    expect(() => s.step(new Float64Array(3), new Float64Array(3), st)).toThrow(RangeError);
  });
});

describe('o1 stepper: model handling and spec', () => {
  it('validates the model (InputError) and copies it', () => {
    const bad = randomO1Model(new Rng(1));
    bad.weights = bad.weights.subarray(0, 64);
    expect(() => createO1Stepper(bad)).toThrow(InputError);
    expect(() => createO1Stepper(bad)).toThrow(/expected 65 weights for layers \[6,8,1\], found 64/);
    const nan = randomO1Model(new Rng(1));
    nan.weights[3] = NaN;
    expect(() => createO1Stepper(nan)).toThrow(InputError);
    const cfgBad = randomO1Model(new Rng(1));
    cfgBad.config.beta = 1;
    expect(() => createO1Stepper(cfgBad)).toThrow(/beta/);

    const model = constModel(-4);
    const s = createO1Stepper(model);
    model.weights[64] = 0; // later edits do not reach the running stepper
    const st = s.init(1);
    s.step(new Float64Array(1), new Float64Array([1]), st);
    expect(s.lastLr(st)[0]).toBe(Math.exp(-4));
  });

  it('state holds every buffer step needs', () => {
    const s = createO1Stepper(randomO1Model(new Rng(1)), { record: true });
    const st: O1State = s.init(3);
    expect(st.window.length).toBe(15);
    expect(st.m.length).toBe(3);
    expect(st.lr.length).toBe(3);
    expect(st.features.length).toBe(18);
  });

  it('o1Spec: name o1, id 20, its knobs lr and max_growth (test/o1.knobs.test.ts); create needs a model', () => {
    expect(o1Spec.name).toBe('o1');
    expect(o1Spec.id).toBe(20);
    expect(o1Spec.hyper.map((h) => [h.name, h.default])).toEqual([['lr', 1], ['max_growth', Infinity]]);
    expect(() => o1Spec.create({})).toThrow(InputError);
    const s = o1Spec.create(constModel(-2));
    const st = s.init(1);
    s.step(new Float64Array(1), new Float64Array([1]), st);
    expect(s.lastLr!(st)![0]).toBe(Math.exp(-2));
  });
});

describe('config', () => {
  it('the default config is valid and as documented', () => {
    expect(validateConfig(DEFAULT_O1_CONFIG)).toEqual([]);
    expect(DEFAULT_O1_CONFIG).toEqual({
      features: 'v2',
      window: 5,
      layers: [6, 8, 1],
      activations: ['tanh', 'identity'],
      beta: 0.9,
      logLrMin: -12,
      logLrMax: 0,
      lrMode: 'absolute',
      initStep: 0.01,
    });
    expect(Object.isFrozen(DEFAULT_O1_CONFIG.layers)).toBe(true);
    const c = defaultO1Config();
    c.layers.push(1); // a fresh copy is mutable and independent
    expect(DEFAULT_O1_CONFIG.layers).toEqual([6, 8, 1]);
  });

  it('lists each problem', () => {
    const base = defaultO1Config();
    const probs = (over: Record<string, unknown>) => validateConfig({ ...base, ...over });
    expect(probs({ layers: [5, 8, 1] })[0]).toMatch(/window \+ 1 = 6/);
    expect(probs({ layers: [6, 8, 2], activations: ['tanh', 'identity'] })[0]).toMatch(/1 output/);
    expect(probs({ activations: ['tanh'] })[0]).toMatch(/3 layers need 2 activations/);
    expect(probs({ activations: ['tanh', 'sigmoid'] })[0]).toMatch(/unknown activation "sigmoid"/);
    expect(probs({ logLrMin: 0, logLrMax: 0 })[0]).toMatch(/below/);
    expect(probs({ beta: 1 })[0]).toMatch(/beta/);
    expect(probs({ beta: -0.1 })[0]).toMatch(/beta/);
    expect(probs({ features: 'v3' })[0]).toMatch(/features/);
    expect(probs({ window: 2.5 })[0]).toMatch(/window/);
    expect(probs({ logLrMax: Infinity })[0]).toMatch(/logLrMax/);
    expect(validateConfig({})[0]).toMatch(/missing "features", "window", "layers"/);
    expect(validateConfig(null)).toHaveLength(1);
    expect(validateConfig([1, 2])).toHaveLength(1);
    expect(probs({ beta: 2, features: 'x' }).length).toBe(2);
  });
});
