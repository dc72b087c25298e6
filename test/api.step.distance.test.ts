// The normalized rule's 'distance' step unit (config stepUnit, src/o1/normalized.ts) on the step
// API: u_t = initStep·max(b, D_t), D_t the largest rms(x_s − x₀) so far. The kernels' driver
// (src/api/wasmNormalized.ts, src/api/distance.ts) measures D from the caller's tensors and x₀ on
// the host; held here to the TS reference bit for bit (parameters and every state buffer and
// scalar, x₀, b and D included) on both builds, chunked or not, from ordinary, tiny, zero and huge
// starts (startRms's rescaled branch), and across engines through JSON checkpoints.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { loadModel } from '../src/model/io.js';
import { initWasm, instantiateO1Wasm, loadWasmBytes, type O1WasmExports } from '../src/engine/index.js';
import { checkpointFromJson, checkpointToJson, createO1Optimizer, type TrainingOptimizer } from '../src/api/index.js';

type Tensor = Float32Array | Float64Array;

let scalar: O1WasmExports;
beforeAll(async () => {
  await initWasm();
  scalar = await instantiateO1Wasm(await loadWasmBytes({ simd: false }));
});

function distance(m: O1Model): O1Model {
  return { ...m, config: { ...m.config, stepUnit: 'distance' } as O1Config };
}

/** The model with the 'start' unit (whichever unit the shipped default has). */
function startUnit(m: O1Model): O1Model {
  const { stepUnit: _drop, ...config } = m.config as O1Config & { stepUnit?: string };
  return { ...m, config: config as O1Config };
}

function v3(seed: number, layers: number[], activations: O1Config['activations']): O1Model {
  const cfg = { ...defaultO1Config(), lrMode: 'normalized', features: 'v3', layers, activations, stepUnit: 'distance' } as O1Config;
  return randomO1Model(new Rng(seed), cfg, 0);
}

// o1 v4, a 'start'-unit model (the shipped default is o1 v5, whose unit is already 'distance'):
// the tests compare a start-unit model with the same network under the distance unit
const SHIPPED = loadModel(join(import.meta.dirname, '..', 'models', 'generalist-v4.json'));
const MODELS: [string, O1Model][] = [
  ['shipped default, stepUnit distance', distance(SHIPPED)],
  ['random [8, 8, 1] tanh', v3(21, [8, 8, 1], ['tanh', 'identity'])],
  ['random [8, 6, 3, 1] (generic forward)', v3(23, [8, 6, 3, 1], ['tanh', 'relu', 'identity'])],
];

const SHAPES: [string, (new (n: number) => Tensor)[], number[]][] = [
  ['one coordinate', [Float64Array], [1]],
  ['mixed odd sizes', [Float64Array, Float32Array, Float64Array, Float32Array], [7, 12, 1, 33]],
  ['not a multiple of 4', [Float32Array, Float64Array], [1001, 2]],
];

function tensors(kinds: (new (n: number) => Tensor)[], sizes: number[], seed: number, scale = 1): Tensor[] {
  const r = new Rng(seed);
  return sizes.map((n, k) => {
    const t = new kinds[k](n);
    for (let i = 0; i < n; i++) t[i] = scale * r.normal();
    return t;
  });
}

/** `steps` steps of g = (p − 3)·(1 + k) + noise + sin(i + t): the minimum sits away from the
 *  start, so the run moves and D grows past b. */
function run(opt: TrainingOptimizer, params: Tensor[], steps: number, from = 0): Tensor[] {
  for (let t = from; t < from + steps; t++) {
    const grads = params.map((p, k) => {
      const r = new Rng(1000 * t + k);
      const g = new (p.constructor as Float64ArrayConstructor)(p.length);
      for (let i = 0; i < p.length; i++) g[i] = (p[i] - 3) * (1 + k) + 0.1 * r.normal() + Math.sin(i + t);
      return g;
    });
    opt.step(params, grads);
  }
  return params;
}

const hex = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
const bits = (ts: Tensor[]) => ts.map(hex);

function stateBits(opt: TrainingOptimizer) {
  const s = opt.state();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.buffers)) if (k !== 'features' && k !== 'netScratch') out[k] = hex(v);
  for (const [k, v] of Object.entries(s.scalars)) out[k] = hex(Float64Array.of(v));
  return { t: s.t, ...out };
}

describe("step API, the normalized rule's 'distance' step unit", () => {
  it('keeps x₀, b and D in the state (and only with that unit: a start-unit checkpoint keeps its keys)', () => {
    const opt = createO1Optimizer({ model: distance(SHIPPED) });
    expect(opt.engine).toBe('wasm');
    const p = run(opt, tensors([Float32Array], [50], 3), 20);
    const s = opt.state();
    expect(Object.keys(s.buffers)).toContain('x0');
    expect(s.scalars.unitBase).toBeGreaterThan(0);
    expect(s.scalars.maxDistance).toBeGreaterThan(s.scalars.unitBase); // moved farther than the start's own scale
    expect(s.scalars.stepUnit).toBe(SHIPPED.config.initStep * s.scalars.maxDistance);
    expect(p[0][0]).not.toBe(tensors([Float32Array], [50], 3)[0][0]);
    const plain = createO1Optimizer({ model: startUnit(SHIPPED) });
    run(plain, tensors([Float32Array], [50], 3), 2);
    const ps = plain.state();
    expect(Object.keys(ps.buffers).sort()).toEqual(['features', 'logStep', 'lr', 'm', 'netScratch', 'v']);
    expect(Object.keys(ps.scalars).sort()).toEqual(['prevGradNorm', 'stepUnit']);
  });

  for (const [label, m] of MODELS) {
    for (const [shape, kinds, sizes] of SHAPES) {
      it(`WASM (SIMD and scalar builds) ≡ TS bit for bit: ${label}, ${shape}`, () => {
        const ref = createO1Optimizer({ model: m, engine: 'ts' });
        const pr = run(ref, tensors(kinds, sizes, 5), 30);
        for (const kernels of [undefined, scalar]) {
          const opt = createO1Optimizer({ model: m, engine: 'wasm', kernels });
          expect(opt.engine).toBe('wasm');
          const p = run(opt, tensors(kinds, sizes, 5), 30);
          expect(bits(p)).toEqual(bits(pr));
          expect(stateBits(opt)).toEqual(stateBits(ref));
          expect(hex(opt.lastLr()!)).toEqual(hex(ref.lastLr()!));
        }
      });
    }
  }

  it('chunked over linear memory (calls of 4 coordinates, and of 1000) gives the same bits as one call', () => {
    const [, kinds, sizes] = SHAPES[2];
    const m = MODELS[0][1];
    const one = createO1Optimizer({ model: m });
    const p1 = run(one, tensors(kinds, sizes, 6), 15);
    for (const maxChunkBytes of [1, 49_000]) {
      const opt = createO1Optimizer({ model: m, maxChunkBytes });
      expect(bits(run(opt, tensors(kinds, sizes, 6), 15))).toEqual(bits(p1));
      expect(stateBits(opt)).toEqual(stateBits(one));
    }
  });

  it('equals the TS stepper on the flat vector from tiny, zero and huge starts (startRms rescaled)', () => {
    const m = MODELS[0][1];
    for (const scale of [1, 1e-200, 0, 1e200]) {
      const stepper = createO1Stepper(m);
      const st = stepper.init(9);
      const flat = Float64Array.from({ length: 9 }, (_, i) => scale * Math.cos(3 * i + 1));
      const parts = [flat.slice(0, 4), flat.slice(4)];
      for (const opt of [createO1Optimizer({ model: m, maxChunkBytes: 1 }), createO1Optimizer({ model: m, kernels: scalar })]) {
        const ps = parts.map((p) => p.slice());
        const ref = Float64Array.from(flat);
        const s = stepper.init(9);
        for (let t = 0; t < 30; t++) {
          const g = ref.map((x, i) => 2 * (x - scale) + 1e-3 * Math.sin(t + i));
          opt.step(ps, [g.slice(0, 4), g.slice(4)]);
          stepper.step(ref, g, s);
        }
        expect([...ps[0], ...ps[1]]).toEqual([...ref]);
        expect(opt.state().scalars.maxDistance).toBe(s.maxDistance);
      }
      void st;
    }
  });

  it('checkpoints resume across engines: WASM → JSON → TS, TS → JSON → WASM, WASM → JSON → WASM (chunked)', () => {
    const [, kinds, sizes] = SHAPES[1];
    const m = MODELS[0][1];
    const whole = run(createO1Optimizer({ model: m, engine: 'ts' }), tensors(kinds, sizes, 7), 30);
    for (const [a, b] of [['wasm', 'ts'], ['ts', 'wasm'], ['wasm', 'wasm']] as const) {
      const first = createO1Optimizer({ model: m, engine: a });
      const params = run(first, tensors(kinds, sizes, 7), 11);
      const text = JSON.stringify(checkpointToJson(first.state()));
      const second = createO1Optimizer({ model: m, engine: b, maxChunkBytes: b === 'wasm' ? 1 : undefined });
      second.load(checkpointFromJson(JSON.parse(text)));
      expect(second.t).toBe(11);
      run(second, params, 19, 11);
      expect(bits(params)).toEqual(bits(whole));
    }
  });

  it("a start-unit checkpoint does not load into a distance-unit optimizer (it lacks x₀), nor the reverse", () => {
    const plain = createO1Optimizer({ model: startUnit(SHIPPED) });
    run(plain, tensors([Float64Array], [5], 9), 3);
    const dist = createO1Optimizer({ model: distance(SHIPPED) });
    expect(() => dist.load(plain.state())).toThrow(/no buffer "x0"/);
    expect(dist.t).toBe(0);
    run(dist, tensors([Float64Array], [5], 9), 3);
    expect(() => createO1Optimizer({ model: startUnit(SHIPPED) }).load(dist.state())).toThrow(/"x0", which this rule does not keep/);
  });

  it('with the knobs (lr, max_growth): the unit stays the distance unit, WASM ≡ TS bit for bit', () => {
    const [, kinds, sizes] = SHAPES[1];
    const knobs = { lr: 0.3, max_growth: 1.2 };
    const ref = createO1Optimizer({ model: MODELS[0][1], engine: 'ts', ...knobs });
    const pr = run(ref, tensors(kinds, sizes, 12), 20);
    const opt = createO1Optimizer({ model: MODELS[0][1], ...knobs });
    expect(opt.engine).toBe('wasm');
    expect(bits(run(opt, tensors(kinds, sizes, 12), 20))).toEqual(bits(pr));
    expect(stateBits(opt)).toEqual(stateBits(ref));
    expect(opt.state().scalars.stepUnit).toBe(0.3 * SHIPPED.config.initStep * Math.max(opt.state().scalars.unitBase, opt.state().scalars.maxDistance));
  });

  it('a NaN gradient skips the step: x₀, b and D unchanged', () => {
    const opt = createO1Optimizer({ model: distance(SHIPPED), maxChunkBytes: 1 });
    const params = run(opt, tensors([Float32Array, Float64Array], [9, 5], 8), 4);
    const before = stateBits(opt);
    opt.step(params, [new Float32Array(9).fill(NaN), new Float64Array(5)]);
    expect(opt.skippedSteps).toBe(1);
    expect(stateBits(opt)).toEqual(before);
  });
});
