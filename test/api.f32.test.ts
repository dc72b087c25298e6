// The step API's opt-in f32 path for the normalized rule (precision: 'f32', assembly/flat.ts
// o1FlatStepF32): the level feature, the network and e^(ln s) in f32x4; m, v, den, d and the
// updates of ln s and x in f64 with the reference's operations.
//
// Tolerance, per step from the same state: each coordinate's update Δx within 2e-6 (relative) of
// the exact path's (beyond the rounding of x itself, 2 ulp of x), m and v bit-identical, ln s within 2e-6 (absolute). Why 2e-6: f32 rounds the
// features and weights (2^-24 ≈ 6e-8 each), its tanh is within 4e-7 (assembly/math32.ts
// tanh32Rational) and exp32 within 1.5e-7 (test/wasm.math.test.ts); the network output's absolute error (measured ≤ 5e-7 here, shipped
// model) becomes ln s's, and so the step length's relative error. Measured worst: 5.1e-7 per
// coordinate over 300 steps of the quadratic below at n = 1001 (4× margin). Over many steps the trajectories
// part as any two roundings of an optimizer do; the test holds the f32 run's final loss within a
// factor 2 of the exact run's.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import { loadModel } from '../src/model/io.js';
import { initWasm, instantiateO1Wasm, loadWasmBytes } from '../src/engine/index.js';
import { createO1Optimizer } from '../src/api/index.js';

beforeAll(async () => {
  await initWasm();
});

const SHIPPED = loadModel(join(import.meta.dirname, '..', 'models', 'default.json'));
function v3(seed: number, layers: number[], activations: O1Config['activations']): O1Model {
  const cfg = { ...defaultO1Config(), lrMode: 'normalized', features: 'v3', layers, activations } as O1Config;
  return randomO1Model(new Rng(seed), cfg, 0);
}

const TOL = 2e-6;
const SHIPPED_DISTANCE: O1Model = { ...SHIPPED, config: { ...SHIPPED.config, stepUnit: 'distance' } as O1Config };

describe("step API, precision 'f32'", () => {
  it('runs where it can (SIMD build, one hidden layer), else exact — and says which', async () => {
    expect(createO1Optimizer({ precision: 'f32' }).precision).toBe('f32');
    expect(createO1Optimizer({ precision: 'f32', engine: 'ts' }).precision).toBe('exact');
    expect(createO1Optimizer({ model: v3(1, [8, 6, 3, 1], ['tanh', 'tanh', 'identity']), precision: 'f32' }).precision).toBe('exact');
    const scalar = await instantiateO1Wasm(await loadWasmBytes({ simd: false }));
    expect(createO1Optimizer({ precision: 'f32', kernels: scalar }).precision).toBe('exact');
    expect(() => createO1Optimizer({ precision: 'f16' as 'f32' })).toThrow(/precision must be 'exact' or 'f32'/);
  });

  for (const [label, model] of [['shipped', SHIPPED], ['random [8, 8, 1] relu/tanh', v3(2, [8, 8, 1], ['relu', 'tanh'])], ['shipped, stepUnit distance', SHIPPED_DISTANCE]] as const) {
    it(`each step within ${TOL} of the exact step from the same state; the run's loss alike (${label})`, () => {
      const n = 333; // not a multiple of 4: the padding coordinates
      const r = new Rng(3);
      const x0 = Float64Array.from({ length: n }, () => r.normal());
      const curv = Float64Array.from({ length: n }, () => Math.exp(2 * r.normal()));
      const grad = (x: Float64Array, t: number) => x.map((v, i) => curv[i] * v + 0.01 * Math.sin(i * 7 + t));
      const loss = (x: Float64Array) => x.reduce((s, v, i) => s + 0.5 * curv[i] * v * v, 0);
      const exact = createO1Optimizer({ model });
      const f32 = createO1Optimizer({ model, precision: 'f32', maxChunkBytes: 8_000 }); // chunked too
      const pe = [Float64Array.from(x0)];
      const pf = [Float64Array.from(x0)];
      let worst = 0;
      let worstLs = 0;
      for (let t = 0; t < 150; t++) {
        const probe = createO1Optimizer({ model, precision: 'f32' });
        if (t > 0) probe.load(exact.state());
        const before = Float64Array.from(pe[0]);
        const pp = [Float64Array.from(before)];
        const g = grad(before, t);
        probe.step(pp, [g]);
        exact.step(pe, [g]);
        for (let i = 0; i < n; i++) {
          const de = pe[0][i] - before[i];
          const df = pp[0][i] - before[i];
          // less the rounding of x itself (an ulp of x is a large part of a tiny update)
          const rounding = 2 * Number.EPSILON * Math.abs(before[i]);
          if (de !== 0 || df !== 0) worst = Math.max(worst, Math.max(0, Math.abs(df - de) - rounding) / Math.abs(de));
        }
        const se = exact.state();
        const sp = probe.state();
        expect(sp.buffers.m).toEqual(se.buffers.m);
        expect(sp.buffers.v).toEqual(se.buffers.v);
        // the step unit (the distance unit's D and x₀ too) is computed on the host in f64: the same bits
        expect(sp.scalars).toEqual(se.scalars);
        if (se.buffers.x0) expect(sp.buffers.x0).toEqual(se.buffers.x0);
        for (let i = 0; i < n; i++) worstLs = Math.max(worstLs, Math.abs(sp.buffers.logStep[i] - se.buffers.logStep[i]));
        f32.step(pf, [grad(pf[0], t)]);
      }
      expect(worst).toBeLessThan(TOL);
      expect(worst).toBeGreaterThan(0); // it is the f32 path
      expect(worstLs).toBeLessThan(TOL);
      const ratio = loss(pf[0]) / loss(pe[0]);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  }
});
