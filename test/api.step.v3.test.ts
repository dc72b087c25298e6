// The step API's kernels for the normalized rule (o1 v3, the shipped model; assembly/flat.ts,
// src/api/wasmNormalized.ts): bit-identical to the TS reference over f32/f64 tensor lists of many
// sizes (odd ones, 1-element tensors, sizes that are not a multiple of the SIMD width), chunked or
// not, on both builds; checkpoints move between engines; NaN/Inf gradients skip the step.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { loadModel } from '../src/model/io.js';
import { initWasm, instantiateO1Wasm, loadWasmBytes, type O1WasmExports } from '../src/engine/index.js';
import { getFunction } from '../src/functions/index.js';
import { checkpointFromJson, checkpointToJson, createO1Optimizer, kernelsSupportModel, type TrainingOptimizer } from '../src/api/index.js';

type Tensor = Float32Array | Float64Array;

let scalar: O1WasmExports;
beforeAll(async () => {
  await initWasm();
  scalar = await instantiateO1Wasm(await loadWasmBytes({ simd: false }));
});

function v3(seed: number, layers: number[], activations: O1Config['activations']): O1Model {
  const cfg = { ...defaultO1Config(), lrMode: 'normalized', features: 'v3', layers, activations } as O1Config;
  return randomO1Model(new Rng(seed), cfg, 0);
}

const SHIPPED = loadModel(join(import.meta.dirname, '..', 'models', 'default.json'));
const MODELS: [string, O1Model][] = [
  ['shipped default', SHIPPED],
  ['random [8, 8, 1] tanh', v3(11, [8, 8, 1], ['tanh', 'identity'])],
  ['random [8, 5, 1] relu/tanh', v3(12, [8, 5, 1], ['relu', 'tanh'])],
  ['random [8, 6, 3, 1] (generic forward)', v3(13, [8, 6, 3, 1], ['tanh', 'relu', 'identity'])],
];

/** Tensor lists: f32 and f64 mixed, odd sizes, 1-element tensors, one big enough to chunk. */
const SHAPES: [string, (new (n: number) => Tensor)[], number[]][] = [
  ['one coordinate', [Float64Array], [1]],
  ['three f32 singles', [Float32Array, Float32Array, Float32Array], [1, 1, 1]],
  ['mixed odd sizes', [Float64Array, Float32Array, Float64Array, Float32Array], [7, 12, 1, 33]],
  ['not a multiple of 4', [Float32Array, Float64Array], [1001, 2]],
  ['even, f64', [Float64Array, Float64Array], [64, 256]],
];

function tensors(kinds: (new (n: number) => Tensor)[], sizes: number[], seed: number, scale = 1): Tensor[] {
  const r = new Rng(seed);
  return sizes.map((n, k) => {
    const t = new kinds[k](n);
    for (let i = 0; i < n; i++) t[i] = scale * r.normal();
    return t;
  });
}

/** `steps` steps of g = p·(1 + k) + noise + sin(i + t) (seeded), from step `from`. */
function run(opt: TrainingOptimizer, params: Tensor[], steps: number, from = 0): Tensor[] {
  for (let t = from; t < from + steps; t++) {
    const noise = params.map((p, k) => {
      const r = new Rng(1000 * t + k);
      return Float64Array.from(p, () => 0.1 * r.normal());
    });
    const grads = params.map((p, k) => {
      const g = new (p.constructor as Float64ArrayConstructor)(p.length);
      for (let i = 0; i < p.length; i++) g[i] = p[i] * (1 + k) + noise[k][i] + Math.sin(i + t);
      return g;
    });
    opt.step(params, grads);
  }
  return params;
}

const bits = (ts: Tensor[]) => ts.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex'));

function stateBits(opt: TrainingOptimizer) {
  const s = opt.state();
  const out: Record<string, string> = {};
  for (const k of ['m', 'v', 'logStep', 'lr']) out[k] = Buffer.from(s.buffers[k].buffer).toString('hex');
  for (const k of ['prevGradNorm', 'stepUnit']) out[k] = String(Object.is(s.scalars[k], -0) ? '-0' : s.scalars[k]);
  return { t: s.t, ...out };
}

describe('step API, normalized rule (v3) on the kernels', () => {
  it("runs on the WASM kernels after initWasm(): engine 'wasm', precision 'exact'", () => {
    expect(kernelsSupportModel(SHIPPED)).toBe(true);
    const opt = createO1Optimizer();
    expect(opt.engine).toBe('wasm');
    expect(opt.precision).toBe('exact');
    expect(createO1Optimizer({ engine: 'ts' }).engine).toBe('ts');
  });

  for (const [label, m] of MODELS) {
    for (const [shape, kinds, sizes] of SHAPES) {
      it(`WASM (SIMD and scalar builds) ≡ TS bit for bit: ${label}, ${shape}`, () => {
        const ref = createO1Optimizer({ model: m, engine: 'ts' });
        const pr = run(ref, tensors(kinds, sizes, 5), 25);
        for (const kernels of [undefined, scalar]) {
          const opt = createO1Optimizer({ model: m, engine: 'wasm', kernels });
          expect(opt.engine).toBe('wasm');
          const p = run(opt, tensors(kinds, sizes, 5), 25);
          expect(bits(p)).toEqual(bits(pr));
          expect(stateBits(opt)).toEqual(stateBits(ref));
          expect(Buffer.from(opt.lastLr()!.buffer).toString('hex')).toEqual(Buffer.from(ref.lastLr()!.buffer).toString('hex'));
        }
      });
    }
  }

  it('chunked over linear memory (calls of 4 coordinates, and of 1000) gives the same bits as one call', () => {
    const [, kinds, sizes] = SHAPES[3];
    for (const [, m] of MODELS.slice(0, 2)) {
      const one = run(createO1Optimizer({ model: m }), tensors(kinds, sizes, 6), 12);
      for (const maxChunkBytes of [1, 41_000]) {
        const opt = createO1Optimizer({ model: m, maxChunkBytes });
        expect(bits(run(opt, tensors(kinds, sizes, 6), 12))).toEqual(bits(one));
      }
    }
  });

  it('state kept in linear memory between steps survives other users of the instance (evicted, then back)', async () => {
    const engine = await initWasm();
    const [, kinds, sizes] = SHAPES[2];
    const ref = [run(createO1Optimizer({ engine: 'ts' }), tensors(kinds, sizes, 21), 20), run(createO1Optimizer({ engine: 'ts' }), tensors(kinds, sizes, 22), 20)];
    const opts = [createO1Optimizer(), createO1Optimizer()];
    const params = [tensors(kinds, sizes, 21), tensors(kinds, sizes, 22)];
    const batch = { fn: getFunction('rosenbrock')!, n: 2, optimizer: { kind: 'o1' as const, model: SHIPPED }, starts: Float64Array.of(-1, 2, 0.5, 0.5), steps: 30 };
    for (let t = 0; t < 20; t++) {
      for (let k = 0; k < 2; k++) run(opts[k], params[k], 1, t); // the two alternate: each evicts the other
      if (t % 5 === 2) engine.runBatch(batch); // the engine lays a batch out over both
      if (t === 9) opts[0].state(); // a checkpoint reads the resident state
    }
    expect(bits(params[0])).toEqual(bits(ref[0]));
    expect(bits(params[1])).toEqual(bits(ref[1]));
  });

  it('equals the TS stepper on the concatenated flat vector, from tiny and zero starts', () => {
    for (const scale of [1, 1e-200, 0]) {
      const stepper = createO1Stepper(SHIPPED);
      const st = stepper.init(9);
      const flat = Float64Array.from({ length: 9 }, (_, i) => scale * Math.cos(3 * i + 1));
      const parts = [flat.slice(0, 4), flat.slice(4)];
      const opt = createO1Optimizer({ model: SHIPPED, maxChunkBytes: 1 });
      for (let t = 0; t < 30; t++) {
        const g = flat.map((x, i) => 2 * x + 1e-3 * Math.sin(t + i));
        opt.step(parts, [g.slice(0, 4), g.slice(4)]);
        stepper.step(flat, g, st);
      }
      expect([...parts[0], ...parts[1]]).toEqual([...flat]);
    }
  });

  it('checkpoints resume across engines: WASM → JSON → TS, TS → JSON → WASM, WASM → JSON → WASM', () => {
    const [, kinds, sizes] = SHAPES[2];
    const whole = run(createO1Optimizer({ engine: 'ts' }), tensors(kinds, sizes, 7), 30);
    for (const [a, b] of [['wasm', 'ts'], ['ts', 'wasm'], ['wasm', 'wasm']] as const) {
      const first = createO1Optimizer({ engine: a });
      const params = run(first, tensors(kinds, sizes, 7), 11);
      const text = JSON.stringify(checkpointToJson(first.state()));
      const second = createO1Optimizer({ engine: b });
      second.load(checkpointFromJson(JSON.parse(text)));
      expect(second.t).toBe(11);
      run(second, params, 19, 11);
      expect(bits(params)).toEqual(bits(whole));
    }
  });

  it('a NaN or ±Infinity gradient skips the step: parameters and state unchanged, counted', () => {
    for (const engine of ['wasm', 'ts'] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const opt = createO1Optimizer({ engine, maxChunkBytes: engine === 'wasm' ? 1 : undefined });
        const params = run(opt, tensors([Float32Array, Float64Array], [9, 5], 8), 3);
        const before = { p: bits(params), s: stateBits(opt) };
        const grads = [new Float32Array(9).fill(0.5), new Float64Array(5).fill(-0.25)];
        grads[1][4] = bad;
        opt.step(params, grads);
        expect(opt.skippedSteps).toBe(1);
        expect(opt.t).toBe(3);
        expect(bits(params)).toEqual(before.p);
        expect(stateBits(opt)).toEqual(before.s);
        // the next finite step goes on as if the bad one had never come
        const other = createO1Optimizer({ engine });
        const same = run(other, tensors([Float32Array, Float64Array], [9, 5], 8), 3);
        run(opt, params, 2, 3);
        run(other, same, 2, 3);
        expect(bits(params)).toEqual(bits(same));
      }
    }
  });

  it('huge finite gradients (Σg² overflows) are stepped as the reference steps them, not skipped', () => {
    const make = (engine: 'wasm' | 'ts') => createO1Optimizer({ engine });
    const out = (['wasm', 'ts'] as const).map((engine) => {
      const opt = make(engine);
      const p = [Float64Array.of(1, -2, 3)];
      opt.step(p, [Float64Array.of(1e200, -1e300, 5)]);
      opt.step(p, [Float64Array.of(1, 2, 3)]);
      expect(opt.skippedSteps).toBe(0);
      return bits(p);
    });
    expect(out[0]).toEqual(out[1]);
  });
});
