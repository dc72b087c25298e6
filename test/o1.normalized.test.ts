// o1's 'normalized' rule with the v3 features (src/o1/normalized.ts, docs/O1.md): Adam's
// normalised momentum as the direction, a learned per-coordinate step length.
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { defaultO1Config, validateConfig, type O1Config } from '../src/o1/config.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { paramCount } from '../src/o1/network.js';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { minimize } from '../src/run/minimize.js';
import { objectiveFromFunction, type Objective } from '../src/run/objective.js';
import { getEngine } from '../src/engine/index.js';
import { tanhOfLog } from '../src/o1/normalized.js';

function normalizedConfig(initStep = 0.02): O1Config {
  const cfg = defaultO1Config();
  cfg.features = 'v3';
  cfg.lrMode = 'normalized';
  cfg.layers = [8, 8, 1];
  cfg.logLrMin = -1;
  cfg.logLrMax = 0.5;
  cfg.initStep = initStep;
  return cfg;
}

const zeroModel = (initStep: number): O1Model => {
  const config = normalizedConfig(initStep);
  return { config, weights: new Float64Array(paramCount(config)) };
};

const scaled = (name: string, n: number, c: number): Objective => {
  const fn = getFunction(name)!;
  return {
    name: `${c}·${name}`,
    n,
    f: (x) => c * fn.f(x),
    valueAndGrad: (x, g) => {
      const f = fn.grad(x, g);
      for (let i = 0; i < n; i++) g[i] *= c;
      return c * f;
    },
  };
};

describe('o1, normalized rule (v3 features)', () => {
  it('validates: v3 needs 8 inputs and goes with lrMode normalized', () => {
    expect(validateConfig(normalizedConfig())).toEqual([]);
    const wrongInputs = { ...normalizedConfig(), layers: [6, 8, 1] };
    expect(validateConfig(wrongInputs).join()).toMatch(/v3 need a first layer of 8 inputs/);
    const mixed = { ...normalizedConfig(), lrMode: 'multiplicative' };
    expect(validateConfig(mixed).join()).toMatch(/go together/);
  });

  it('a network that outputs 0 is Adam(lr = initStep·rms(x₀), betas = (β, 0.999), eps = 1e-8)', () => {
    for (const [name, n] of [['rosenbrock', 2], ['quadratic', 10], ['rastrigin', 5]] as const) {
      const fn = getFunction(name)!;
      const obj = objectiveFromFunction(fn, n);
      const x0 = Array.from({ length: n }, (_, i) => 0.7 - 0.3 * i);
      const rms = Math.sqrt(x0.reduce((a, v) => a + v * v, 0) / n);
      const o1Run = minimize(obj, createO1Stepper(zeroModel(0.01)), x0, 300);
      const adam = getOptimizer('adam')!;
      const adamRun = minimize(obj, adam.create(resolveHyper(adam, { lr: 0.01 * rms })), x0, 300);
      for (let t = 0; t <= 300; t += 30) {
        for (let i = 0; i < n; i++) {
          const a = adamRun.x[t][i];
          expect(Math.abs(o1Run.x[t][i] - a)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
        }
      }
    }
  });

  it('measures steps in units of the start: x → c·x gives c times the run (and x₀ = 0 falls back to initStep)', () => {
    const model = randomO1Model(new Rng(5), normalizedConfig(), 0);
    const fn = getFunction('rosenbrock')!;
    const scaledX = (c: number): Objective => ({
      name: `rosenbrock(x/${c})`,
      n: 2,
      f: (x) => fn.f([x[0] / c, x[1] / c]),
      valueAndGrad: (x, g) => {
        const f = fn.grad([x[0] / c, x[1] / c], g);
        g[0] /= c;
        g[1] /= c;
        return f;
      },
    });
    const base = minimize(scaledX(1), createO1Stepper(model), [-1.2, 1.5], 100);
    const big = minimize(scaledX(8), createO1Stepper(model), [-9.6, 12], 100);
    for (let i = 0; i < 2; i++) expect(Math.abs(big.x[100][i] / 8 - base.x[100][i])).toBeLessThan(1e-6);
    const s = createO1Stepper(zeroModel(0.01));
    const st = s.init(2);
    const x = Float64Array.from([0, 0]);
    s.step(x, Float64Array.from([1, -1]), st);
    // first step = initStep · g/(|g| + ε): ±0.01 up to ε = 1e-8 relative
    expect(x[0]).toBeCloseTo(-0.01, 9);
    expect(x[1]).toBeCloseTo(0.01, 9);
  });

  it('a trained-looking network changes the trajectory (the output is used)', () => {
    const model = randomO1Model(new Rng(3), normalizedConfig(), 0);
    const obj = objectiveFromFunction(getFunction('rosenbrock')!, 2);
    const a = minimize(obj, createO1Stepper(model), [-1.5, 2], 50);
    const b = minimize(obj, createO1Stepper(zeroModel(0.02)), [-1.5, 2], 50);
    expect(a.finalLoss).not.toBe(b.finalLoss);
  });

  it('is invariant to multiplying f by c > 0 up to Adam’s ε (relative 1e-6 after 200 steps)', () => {
    const model = randomO1Model(new Rng(7), normalizedConfig(), 0);
    for (const c of [1e-2, 4, 1e3]) {
      const base = minimize(scaled('rosenbrock', 2, 1), createO1Stepper(model), [-1.2, 1.5], 200);
      const run = minimize(scaled('rosenbrock', 2, c), createO1Stepper(model), [-1.2, 1.5], 200);
      for (let i = 0; i < 2; i++) expect(Math.abs(run.x[200][i] - base.x[200][i])).toBeLessThan(1e-6);
    }
  });

  it('stays finite on zero, tiny and large (1e100) gradients, and records 8 features per coordinate', () => {
    const model = randomO1Model(new Rng(9), normalizedConfig(), 0);
    const s = createO1Stepper(model, { record: true });
    const st = s.init(3);
    const x = Float64Array.from([1, 2, 3]);
    s.step(x, Float64Array.from([0, 1e100, -1e-300]), st);
    s.step(x, Float64Array.from([0, -1e100, 1e-300]), st);
    expect(Array.from(x).every(Number.isFinite)).toBe(true);
    expect(s.lastFeatures(st)!.length).toBe(24);
    expect(Array.from(s.lastFeatures(st)!).every(Number.isFinite)).toBe(true);
    expect(x[0]).toBe(1); // a coordinate whose gradient is always 0 does not move
  });

  it('the wasm engine runs it (on the TS reference) with the same result as the ts engine', async () => {
    const model = randomO1Model(new Rng(11), normalizedConfig(), 0);
    const fn = getFunction('himmelblau')!;
    const starts = Float64Array.from([1, 1, -2, 3, 0.5, -4]);
    const spec = { fn, n: 2, optimizer: { kind: 'o1' as const, model }, starts, steps: 100, recordLoss: true };
    const ts = (await getEngine('ts')).runBatch(spec);
    const wasm = (await getEngine('wasm')).runBatch(spec);
    expect(Array.from(wasm.finalF)).toEqual(Array.from(ts.finalF));
  });
});

describe('the growth feature tanh(ln q) as (q − 1)(q + 1)/(q·q + 1)', () => {
  const ulps = (a: number, b: number) => {
    if (a === b) return 0;
    const i = new BigInt64Array(new Float64Array([a, b]).buffer);
    const d = i[0] - i[1];
    return Number(d < 0n ? -d : d);
  };

  it('is within 4 ulp of Math.tanh(Math.log(q)) over e^±40 and near 1; ±1 at the extremes, 0 at 1', () => {
    const rng = new Rng(5);
    let worst = 0;
    for (let k = 0; k < 200_000; k++) {
      const q = k % 2 ? Math.exp(rng.range(-40, 40)) : 1 + rng.range(-1e-3, 1e-3) * rng.uniform();
      worst = Math.max(worst, ulps(tanhOfLog(q), Math.tanh(Math.log(q))));
    }
    expect(worst).toBeLessThanOrEqual(4);
    for (const q of [5e-324, 1e-300, 1e-160]) expect(tanhOfLog(q)).toBe(-1);
    for (const q of [1e160, 1e300, Infinity]) expect(tanhOfLog(q)).toBe(1);
    expect(tanhOfLog(1)).toBe(0);
    // q − 1 is exact: the smallest changes keep their relative accuracy
    expect(ulps(tanhOfLog(1 + 2 ** -52), Math.tanh(Math.log(1 + 2 ** -52)))).toBeLessThanOrEqual(1);
  });
});
