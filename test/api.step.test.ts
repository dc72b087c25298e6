// The step API (src/api): o1 and the baselines over a list of tensors, on the WASM kernels and
// the TS reference (bit-identical for o1), chunked, checkpointed exactly, with clear errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';
import { featureCount } from '../src/o1/features.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { initWasm } from '../src/engine/index.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import {
  checkpointFromJson, checkpointToJson, createO1Optimizer, createOptimizer, kernelsSupportModel, type TrainingOptimizer,
} from '../src/api/index.js';
import { InputError } from '../src/errors.js';

beforeAll(async () => {
  await initWasm();
});

function model(seed: number, edit: Partial<O1Config> = {}): O1Model {
  const cfg = { ...defaultO1Config(), ...edit };
  return randomO1Model(new Rng(seed), cfg, edit.lrMode === 'multiplicative' ? 0 : undefined);
}

const MODELS: [string, O1Model][] = [
  ['absolute v2', model(1)],
  ['absolute v1 relu', model(2, { features: 'v1', layers: [6, 5, 3, 1], activations: ['relu', 'tanh', 'identity'] })],
  ['multiplicative v2', model(3, { lrMode: 'multiplicative', logLrMin: -1, logLrMax: 0.3, initStep: 0.02 })],
  ['multiplicative W=3', model(4, { lrMode: 'multiplicative', window: 3, layers: [4, 8, 1], logLrMin: -2, logLrMax: 0.5 })],
];

/** Tensors of mixed types and sizes (odd ones, so a SIMD lane is padded), seeded. */
function tensors(seed: number, scale = 1): (Float32Array | Float64Array)[] {
  const r = new Rng(seed);
  const mk = <T extends Float32Array | Float64Array>(a: T) => {
    for (let i = 0; i < a.length; i++) a[i] = scale * r.normal();
    return a;
  };
  return [mk(new Float64Array(7)), mk(new Float32Array(12)), mk(new Float64Array(1)), mk(new Float32Array(33))];
}

/** Runs `steps` steps with gradients g = p − target + noise (seeded), returns the parameters. */
function run(opt: TrainingOptimizer, steps: number, params = tensors(10), from = 0) {
  for (let t = from; t < from + steps; t++) {
    const noise = tensors(1000 + t, 0.1);
    const grads = params.map((p, k) => {
      const g = new (p.constructor as Float64ArrayConstructor)(p.length);
      for (let i = 0; i < p.length; i++) g[i] = p[i] * (1 + k) + noise[k][i] + Math.sin(i + t);
      return g;
    });
    opt.step(params, grads);
  }
  return params;
}

const bits = (ts: (Float32Array | Float64Array)[]) => ts.map((t) => Array.from(new Uint8Array(t.buffer.slice(0))));

describe('step API: o1', () => {
  it('runs on the WASM kernels once they are loaded, on TS when asked', () => {
    expect(createO1Optimizer({ model: MODELS[0][1] }).engine).toBe('wasm');
    expect(createO1Optimizer({ model: MODELS[0][1], engine: 'ts' }).engine).toBe('ts');
  });

  for (const [label, m] of MODELS) {
    it(`WASM ≡ TS bit for bit over a list of f32/f64 tensors (${label})`, () => {
      const a = createO1Optimizer({ model: m, engine: 'wasm' });
      const b = createO1Optimizer({ model: m, engine: 'ts' });
      const pa = run(a, 40);
      const pb = run(b, 40);
      expect(bits(pa)).toEqual(bits(pb));
      const sa = a.state();
      const sb = b.state();
      for (const k of ['window', 'm', 'lr']) expect(Array.from(sa.buffers[k])).toEqual(Array.from(sb.buffers[k]));
      expect(sa.t).toBe(40);
      expect(Array.from(a.lastLr()!)).toEqual(Array.from(b.lastLr()!));
    });
  }

  it('equals the TS stepper on the concatenated flat vector (f64 tensors), whatever the split', () => {
    const m = MODELS[2][1];
    const opt = createO1Optimizer({ model: m });
    const stepper = createO1Stepper(m);
    const st = stepper.init(10);
    const parts = [new Float64Array(3), new Float64Array(7)];
    const flat = new Float64Array(10);
    const r = new Rng(5);
    for (let i = 0; i < 10; i++) flat[i] = r.normal();
    parts[0].set(flat.subarray(0, 3));
    parts[1].set(flat.subarray(3));
    for (let t = 0; t < 25; t++) {
      const g = flat.map((x, i) => x * (i + 1) + Math.cos(t * i));
      opt.step(parts, [g.slice(0, 3), g.slice(3)]);
      stepper.step(flat, g, st);
    }
    expect([...parts[0], ...parts[1]]).toEqual([...flat]);
  });

  it("the multiplicative rule's first lr uses max|g₀| over all tensors together", () => {
    const m = MODELS[2][1];
    for (const engine of ['wasm', 'ts'] as const) {
      const opt = createO1Optimizer({ model: m, engine });
      // a tiny tensor next to a big one: its lr is set by the big one's gradient
      opt.step([new Float64Array(2), new Float64Array(2)], [Float64Array.of(1e-3, -1e-3), Float64Array.of(50, 1)]);
      const lr = opt.lastLr()!;
      const solo = createO1Optimizer({ model: m, engine });
      solo.step([new Float64Array(2)], [Float64Array.of(1e-3, -1e-3)]);
      // same features (scale-free) for coordinate 0, lr₋₁ = initStep/50 vs initStep/1e-3
      expect(lr[0] / solo.lastLr()![0]).toBeCloseTo(1e-3 / 50, 12);
    }
  });

  it('chunked (tiny chunks, odd sizes) gives the same bits as one call', () => {
    for (const [, m] of MODELS) {
      const one = run(createO1Optimizer({ model: m }), 15);
      const chunked = createO1Optimizer({ model: m, maxChunkBytes: 8 * 9 * 3 });
      expect(bits(run(chunked, 15))).toEqual(bits(one));
    }
  });

  it('every rule the batched engine runs is in the kernels; one they do not know falls back to TS', () => {
    const m = MODELS[0][1];
    expect(kernelsSupportModel(m)).toBe(true);
    // the normalized rule with the window features is no rule (the validator refuses it)
    const mixed = { ...m, config: { ...m.config, lrMode: 'normalized' } } as unknown as O1Model;
    expect(kernelsSupportModel(mixed)).toBe(false);
    const v3 = { ...m, config: { ...m.config, features: 'v3' } } as unknown as O1Model;
    expect(kernelsSupportModel(v3)).toBe(false);
    const unknownAct = { ...m, config: { ...m.config, activations: ['gelu', 'identity'] } } as unknown as O1Model;
    expect(kernelsSupportModel(unknownAct)).toBe(false);
  });

  it("the 'normalized' rule (features v3) runs on the kernels and equals its stepper on the flat vector", () => {
    const cfg = { ...defaultO1Config(), lrMode: 'normalized', features: 'v3' } as O1Config;
    cfg.layers = [featureCount(cfg.window, 'v3'), 8, 1];
    const m = randomO1Model(new Rng(9), cfg, 0);
    expect(kernelsSupportModel(m)).toBe(true);
    const opt = createO1Optimizer({ model: m, engine: 'wasm' });
    expect(opt.engine).toBe('wasm');
    const stepper = createO1Stepper(m);
    const st = stepper.init(5);
    const flat = Float64Array.of(0.3, -1, 2, 0.5, -0.2);
    const parts = [flat.slice(0, 2), flat.slice(2)];
    for (let t = 0; t < 20; t++) {
      const g = flat.map((x, i) => x * (i + 1) + Math.sin(t + i));
      opt.step(parts, [g.slice(0, 2), g.slice(2)]);
      stepper.step(flat, g, st);
    }
    expect([...parts[0], ...parts[1]]).toEqual([...flat]);
    const back = createO1Optimizer({ model: m });
    back.load(opt.state());
    expect(back.t).toBe(20);
  });

  it('uses the shipped default model when none is given', () => {
    const opt = createO1Optimizer();
    const p = run(opt, 3);
    expect(p.every((t) => t.every(Number.isFinite))).toBe(true);
    expect(opt.t).toBe(3);
    expect(opt.sizes).toEqual([7, 12, 1, 33]);
  });
});

describe('step API: checkpoints', () => {
  const cases: [string, () => TrainingOptimizer, () => TrainingOptimizer][] = [
    ...MODELS.map(([label, m]): [string, () => TrainingOptimizer, () => TrainingOptimizer] => [
      `o1 ${label}, saved on WASM, resumed on TS`,
      () => createO1Optimizer({ model: m, engine: 'wasm' }),
      () => createO1Optimizer({ model: m, engine: 'ts' }),
    ]),
    ...MODELS.slice(2).map(([label, m]): [string, () => TrainingOptimizer, () => TrainingOptimizer] => [
      `o1 ${label}, saved on TS, resumed on WASM`,
      () => createO1Optimizer({ model: m, engine: 'ts' }),
      () => createO1Optimizer({ model: m, engine: 'wasm' }),
    ]),
    ['adam amsgrad', () => createOptimizer('adam', { lr: 0.01, amsgrad: 1 }), () => createOptimizer('adam', { lr: 0.01, amsgrad: 1 })],
    ['rmsprop centered', () => createOptimizer('rmsprop', { lr: 0.01, centered: 1, momentum: 0.5 }), () => createOptimizer('rmsprop', { lr: 0.01, centered: 1, momentum: 0.5 })],
    ['dog', () => createOptimizer('dog'), () => createOptimizer('dog')],
    ['adam-hd', () => createOptimizer('adam-hd', { lr: 0.01 }), () => createOptimizer('adam-hd', { lr: 0.01 })],
  ];
  for (const [label, make, makeOther] of cases) {
    it(`save → JSON → load → continue equals an uninterrupted run (${label})`, () => {
      const whole = run(make(), 30);
      const first = make();
      const params = run(first, 12);
      const text = JSON.stringify(checkpointToJson(first.state()));
      const second = makeOther();
      second.load(checkpointFromJson(JSON.parse(text)));
      expect(second.t).toBe(12);
      run(second, 18, params, 12);
      expect(bits(params)).toEqual(bits(whole));
    });
  }

  it('the JSON form is exact for NaN, −0, ±Infinity and subnormals', () => {
    const opt = createOptimizer('sgd', { lr: 0.1 });
    opt.step([new Float64Array(1)], [new Float64Array(1)]);
    const c = opt.state();
    c.buffers.odd = Float64Array.of(NaN, -0, Infinity, -Infinity, 5e-324, 0.1 + 0.2);
    c.scalars.s = -0;
    const back = checkpointFromJson(JSON.parse(JSON.stringify(checkpointToJson(c))));
    expect(Object.is(back.buffers.odd[1], -0)).toBe(true);
    expect(Array.from(back.buffers.odd)).toEqual([NaN, -0, Infinity, -Infinity, 5e-324, 0.1 + 0.2]);
    expect(Object.is(back.scalars.s, -0)).toBe(true);
  });

  it('state() is a copy: stepping on does not change a checkpoint taken before', () => {
    const opt = createO1Optimizer({ model: MODELS[0][1] });
    run(opt, 3);
    const c = opt.state();
    const m = Float64Array.from(c.buffers.m);
    run(opt, 3);
    expect(Array.from(c.buffers.m)).toEqual(Array.from(m));
  });
});

describe('step API: baselines', () => {
  it('createOptimizer(name, hyper) equals the registry stepper on the flat vector', () => {
    for (const [name, hyper] of [['adam', { lr: 0.01 }], ['momentum', { lr: 0.01, momentum: 0.9 }], ['nadam', {}], ['sgd-hd', {}]] as const) {
      const opt = createOptimizer(name, hyper);
      const spec = getOptimizer(name)!;
      const stepper = spec.create(resolveHyper(spec, hyper));
      const st = stepper.init(53);
      const params = tensors(10);
      const flat = Float64Array.from(params.flatMap((t) => Array.from(t)));
      run(opt, 10, params);
      // replay: the same gradients on the flat vector, f32 tensors rounded where run() rounds them
      const replay = tensors(10);
      let skipped = 0;
      for (let t = 0; t < 10; t++) {
        const noise = tensors(1000 + t, 0.1);
        const g = new Float64Array(53);
        let at = 0;
        replay.forEach((p, k) => {
          for (let i = 0; i < p.length; i++) g[at + i] = p[i] * (1 + k) + noise[k][i] + Math.sin(i + t);
          at += p.length;
        });
        // gradients of f32 tensors are f32 arrays in run(): round them the same way
        at = 0;
        replay.forEach((p) => {
          if (p instanceof Float32Array) for (let i = 0; i < p.length; i++) g[at + i] = Math.fround(g[at + i]);
          at += p.length;
        });
        at = 0;
        replay.forEach((p) => {
          flat.set(p, at);
          at += p.length;
        });
        // the step API skips a step whose gradient is not finite (GradScaler's rule)
        if (g.every(Number.isFinite)) stepper.step(flat, g, st);
        else skipped++;
        at = 0;
        replay.forEach((p) => {
          p.set(flat.subarray(at, at + p.length));
          at += p.length;
        });
      }
      expect(bits(params)).toEqual(bits(replay));
      expect(opt.skippedSteps).toBe(skipped);
      expect(opt.engine).toBe('ts');
    }
  });
});

describe('step API: bad input', () => {
  it('gives one clear InputError', () => {
    const opt = createOptimizer('adam');
    expect(() => opt.step([new Float64Array(2)], [])).toThrow(/1 parameter tensors but 0 gradients/);
    expect(() => opt.step([new Float64Array(2)], [new Float64Array(3)])).toThrow(/params\[0\] has 2 values but grads\[0\] has 3/);
    expect(() => opt.step([[1, 2] as unknown as Float64Array], [new Float64Array(2)])).toThrow(/params\[0\] is not a Float32Array or Float64Array/);
    opt.step([new Float64Array(2)], [new Float64Array(2)]);
    expect(() => opt.step([new Float64Array(3)], [new Float64Array(3)])).toThrow(/use one optimizer per set of parameters/);
    expect(() => createOptimizer('adamm')).toThrow(/unknown optimizer 'adamm' \(use o1, sgd/);
    expect(() => createOptimizer('adam', { lrr: 1 })).toThrow(InputError);
    expect(() => createOptimizer('o1', { lr: -1 })).toThrow(/createOptimizer\('o1'\): lr = -1 is out of range/);
    expect(() => createOptimizer('adam').load(createOptimizer('sgd').state())).toThrow(/checkpoint is of optimizer 'sgd'/);
    expect(() => checkpointFromJson({ format: 'x' })).toThrow(/"format" must be "o1-optimizer-state"/);
    const c = opt.state();
    delete c.buffers.v;
    expect(() => createOptimizer('adam').load(c)).toThrow(/no buffer "v"/);
  });
});
