// The experimental feature sets after v3 (docs/O1.md, "Feature sets after v3"): v3-progress (v3's
// eight inputs + the straightness S_t = rms(x_t − x₀) / Σ_s rms(x_{s+1} − x_s)) and
// v3-progress-noise (+ the slow signal-to-noise |m̂_slow|/(√v̂ + ε), β_slow = 0.99).
// - the reference's inputs 8 and 9 against an independent computation from the run's own x and g;
// - a v3 network widened with zero weights (widenInputs, `o1 train --init-model`) runs the same
//   bits as the v3 network (TS reference and both WASM builds), and o1 train's start network
//   scores exactly the v3 model's validation;
// - the kernels (SIMD and scalar builds) ≡ the reference bit for bit (functions, n-D, transformed,
//   an ML task, tiny/zero starts, traces, both step units, one- and two-hidden-layer networks);
// - the paths that do not run them refuse them in one clear error.
import { beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getFunction } from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';
import { createO1Stepper, randomO1Model, type O1Model } from '../src/o1/o1.js';
import { defaultO1Config, validateConfig, type O1Config } from '../src/o1/config.js';
import { featureCount, featurePrefixOf } from '../src/o1/features.js';
import { NORMALIZED_BETA2, NORMALIZED_EPS, SLOW_BETA, type NormalizedState } from '../src/o1/normalized.js';
import { widenInputs } from '../src/o1/widenInputs.js';
import { Rng } from '../src/rng.js';
import { loadModel } from '../src/model/io.js';
import { tsEngine, loadWasmEngine, WasmEngine, type BatchResult, type BatchSpec } from '../src/engine/index.js';
import { drawTransform, transformedFunction } from '../src/train/problems.js';
import { generationMlTasks, taskFunction } from '../src/train/tasks.js';
import { createO1Optimizer } from '../src/api/optimizer.js';

const shipped = loadModel(join(import.meta.dirname, '..', 'models', 'generalist-v5.json')); // o1 v5, the v3 model the sets were tried from

type Set = 'v3-progress' | 'v3-progress-noise';

function config(features: Set, over: Partial<O1Config> = {}): O1Config {
  const F = featureCount(0, features);
  return { ...defaultO1Config(), features, lrMode: 'normalized', layers: [F, 8, 1], logLrMin: -1, logLrMax: 0.5, initStep: 0.5, ...over } as O1Config;
}

/** The shipped v3 model (o1 v5) widened to `features`: zero weights on the new inputs. */
function widened(model: O1Model, features: Set): O1Model {
  const F = featureCount(0, features);
  return {
    config: { ...model.config, features, layers: [F, ...model.config.layers.slice(1)] } as O1Config,
    weights: widenInputs(model.weights, model.config.layers, F),
  };
}

const distance = (m: O1Model): O1Model => ({ ...m, config: { ...m.config, stepUnit: 'distance' } as O1Config });

function models(): { label: string; model: O1Model }[] {
  const rng = new Rng(4242);
  // output biases 0.3: accelerating nets, so the step lengths and the path move a lot
  const p = randomO1Model(rng, config('v3-progress'), 0.3);
  const pn = randomO1Model(rng, config('v3-progress-noise'), 0.3);
  const deep = randomO1Model(rng, config('v3-progress-noise', { layers: [10, 6, 4, 1], activations: ['relu', 'tanh', 'identity'], beta: 0.5, logLrMin: -3, logLrMax: 1, initStep: 0.1 }), -0.2);
  return [
    { label: 'random v3-progress', model: p },
    { label: 'random v3-progress, distance unit', model: distance(p) },
    { label: 'random v3-progress-noise', model: pn },
    { label: 'random v3-progress-noise, distance unit', model: distance(pn) },
    { label: 'random v3-progress-noise [10, 6, 4, 1] relu/tanh', model: deep },
    { label: 'o1 v5 widened to v3-progress-noise', model: widened(shipped, 'v3-progress-noise') },
  ];
}

function starts(fn: TestFunction, n: number, N: number, rng: Rng, scale = 1): Float64Array {
  const box = fn.domain(n);
  return Float64Array.from({ length: N * n }, (_, k) => scale * rng.range(box.lo[k % n], box.hi[k % n]));
}

function sameDoubles(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    if (!Object.is(a[k], b[k]) && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) expect.fail(`${what}[${k}]: ${a[k]} vs ${b[k]}`);
  }
}

function expectIdentical(ref: BatchResult, got: BatchResult, what: string): void {
  expect(Array.from(got.divergedAt), `${what}: divergedAt`).toEqual(Array.from(ref.divergedAt));
  sameDoubles(ref.finalX, got.finalX, `${what}: finalX`);
  sameDoubles(ref.finalF, got.finalF, `${what}: finalF`);
  if (ref.loss) sameDoubles(ref.loss, got.loss!, `${what}: loss`);
  if (ref.trace) {
    const t = got.trace!;
    ref.trace.x.forEach((row, k) => sameDoubles(row, t.x[k], `${what}: trace.x[${k}]`));
    ref.trace.lr!.forEach((row, k) => sameDoubles(row, t.lr![k], `${what}: trace.lr[${k}]`));
  }
}

describe('the reference: inputs 8 and 9', () => {
  test('straightness and slow signal-to-noise equal an independent computation from the run (Rosenbrock 3-D, 120 steps)', () => {
    const fn = getFunction('rosenbrock')!;
    const n = 3;
    const model = distance(randomO1Model(new Rng(7), config('v3-progress-noise'), 0.2));
    const stepper = createO1Stepper(model, { record: true });
    const s = stepper.init(n) as NormalizedState;
    const x = Float64Array.of(-1.2, 0.8, 1.5);
    const g = new Float64Array(n);
    const x0 = Float64Array.from(x);
    const prev = Float64Array.from(x);
    const mSlow = new Float64Array(n);
    const v = new Float64Array(n);
    const rms = (f: (i: number) => number) => Math.sqrt(Array.from({ length: n }, (_, i) => f(i) ** 2).reduce((a, b) => a + b, 0) / n);
    let path = 0;
    let seenStraight = 0;
    for (let t = 0; t < 120; t++) {
      fn.grad(x, g);
      const dist = rms((i) => x[i] - x0[i]);
      const S = t === 0 ? 0 : Math.min(dist / path, 1);
      stepper.step(x, g, s);
      const F = 10;
      for (let i = 0; i < n; i++) {
        mSlow[i] = SLOW_BETA * mSlow[i] + g[i];
        v[i] = NORMALIZED_BETA2 * v[i] + (1 - NORMALIZED_BETA2) * g[i] * g[i];
        const snr = Math.abs((mSlow[i] * (1 - SLOW_BETA)) / (1 - SLOW_BETA ** (t + 1))) / (Math.sqrt(v[i] / (1 - NORMALIZED_BETA2 ** (t + 1))) + NORMALIZED_EPS);
        expect(s.features[i * F + 8], `t ${t} S`).toBeCloseTo(S, 9);
        expect(s.features[i * F + 9], `t ${t} snr[${i}]`).toBeCloseTo(snr, 9);
        expect(s.features[i * F + 9]).toBeGreaterThanOrEqual(0);
      }
      if (t > 0) seenStraight = Math.max(seenStraight, S);
      path += rms((i) => x[i] - prev[i]);
      prev.set(x);
    }
    // the run moved: a feature that stayed 0 would pass the comparisons above vacuously
    expect(seenStraight).toBeGreaterThan(0.3);
  });

  test('S is 1 on a straight run (a linear function) and near 0 when it goes back and forth (a gradient that flips every step)', () => {
    const model = randomO1Model(new Rng(1), config('v3-progress'), 0);
    const stepper = createO1Stepper({ ...model, weights: new Float64Array(model.weights.length) }, { record: true }); // o = 0: Adam
    const s = stepper.init(2) as NormalizedState;
    const x = Float64Array.of(1, 2);
    for (let t = 0; t < 30; t++) stepper.step(x, Float64Array.of(1, -3), s);
    expect(s.features[8]).toBeCloseTo(1, 12);
    const s2 = stepper.init(1) as NormalizedState;
    const y = Float64Array.of(0.01);
    for (let t = 0; t < 2000; t++) stepper.step(y, Float64Array.of(t % 2 ? 1 : -1), s2); // a gradient that flips every step
    expect(s2.features[8]).toBeLessThan(0.02);
    expect(s2.features[8]).toBeGreaterThan(0);
  });
});

describe('a v3 network widened with zero weights runs the same bits', () => {
  test('widenInputs keeps every weight and zeroes the new columns; featurePrefixOf says which sets extend which', () => {
    const w = widenInputs(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), [2, 2, 1], 4); // [[1,2],[3,4]], b 5 6, out 7 8, 9
    expect(Array.from(w)).toEqual([1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 7, 8, 9]);
    expect(() => widenInputs(Float64Array.of(1, 2, 3), [2, 2, 1], 4)).toThrow(/3 weights/);
    expect(featurePrefixOf('v3', 'v3-progress')).toBe(true);
    expect(featurePrefixOf('v3-progress', 'v3-progress-noise')).toBe(true);
    expect(featurePrefixOf('v3-progress', 'v3')).toBe(false);
    expect(featurePrefixOf('v2', 'v3-progress')).toBe(false);
  });

  test('o1 v5 and o1 v5 widened to each set: identical runs on the TS reference and both WASM builds (2-D, 20-D, an ML task)', async () => {
    const engines = [tsEngine, await loadWasmEngine({ simd: true }), await loadWasmEngine({ simd: false })];
    const rng = new Rng(11);
    const ml = generationMlTasks(5, 0, 1, 2)[0];
    const specs: { label: string; spec: (m: O1Model) => BatchSpec }[] = [
      ...['rosenbrock', 'rastrigin', 'himmelblau'].map((name) => {
        const fn = getFunction(name)!;
        const s = starts(fn, 2, 5, rng);
        return { label: name, spec: (model: O1Model) => ({ fn, n: 2, optimizer: { kind: 'o1' as const, model }, starts: s, steps: 300, recordLoss: true }) };
      }),
      (() => {
        const fn = getFunction('rosenbrock')!;
        const s = starts(fn, 20, 3, rng);
        return { label: 'rosenbrock 20-D', spec: (model: O1Model) => ({ fn, n: 20, optimizer: { kind: 'o1' as const, model }, starts: s, steps: 200, recordLoss: true }) };
      })(),
      { label: 'ML task', spec: (model: O1Model) => ({ fn: taskFunction(ml), n: ml.n, optimizer: { kind: 'o1' as const, model }, starts: Float64Array.from(ml.starts), steps: 150, recordLoss: true }) },
    ];
    for (const engine of engines) {
      for (const { label, spec } of specs) {
        const ref = engine.runBatch(spec(shipped));
        for (const set of ['v3-progress', 'v3-progress-noise'] as const) expectIdentical(ref, engine.runBatch(spec(widened(shipped, set))), `${engine.name} ${label} ${set}`);
      }
    }
  }, 60_000);

  test('o1 train --init-model generalist-v5 --features v3-progress: the start network scores exactly what the v3 model scores', async () => {
    const { main } = await import('../src/cli/main.js');
    const { bufferIO } = await import('../src/cli/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'o1-features-'));
    try {
      const startScore = async (features: string) => {
        const io = bufferIO();
        const args = ['train', '--features', features, '--lr-mode', 'normalized', '--step-unit', 'distance', '--init-model', 'generalist-v5', '--functions', 'rosenbrock,quadratic',
          '--generations', '1', '--population', '4', '--starts', '2', '--steps', '40', '--seed', '3', '--workers', '1', '--out', join(dir, features)];
        const code = await main(args, io);
        expect(code, io.stderr).toBe(0);
        const m = /reference \(validation\): start net \(generalist-v5\) (\S+),/.exec(io.stdout);
        expect(m, io.stdout).not.toBeNull();
        return m![1];
      };
      const v3 = await startScore('v3');
      expect(await startScore('v3-progress')).toBe(v3);
      expect(await startScore('v3-progress-noise')).toBe(v3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('o1 train refuses an initModel whose features the run does not extend, in one line', async () => {
    const { main } = await import('../src/cli/main.js');
    const { bufferIO } = await import('../src/cli/io.js');
    const io = bufferIO();
    const code = await main(['train', '--features', 'v3-progress', '--lr-mode', 'normalized', '--init-model', 'generalist-v2', '--generations', '1', '--quiet'], io);
    expect(code).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toMatch(/initModel 'generalist-v2' is features v2, lrMode multiplicative, layers \[6, 8, 1\]; this run trains features v3-progress, lrMode normalized, layers \[9, 8, 1\]/);
  });
});

for (const simd of [true, false]) {
  describe(`kernels ≡ reference, bit for bit: WASM ${simd ? 'SIMD' : 'scalar'} build`, () => {
    let wasm: WasmEngine;
    beforeAll(async () => {
      wasm = await loadWasmEngine({ simd });
    });
    const compare = (spec: BatchSpec, what: string) => {
      expect(wasm.supports(spec), `${what}: runs in the kernels`).toBe(true);
      expectIdentical(tsEngine.runBatch(spec), wasm.runBatch(spec), what);
    };

    test('test functions (2-D and n-D), the usual, tiny (1e-200) and zero starts', () => {
      const rng = new Rng(simd ? 21 : 22);
      for (const name of ['rosenbrock', 'rastrigin', 'himmelblau', 'quadratic', 'ackley', 'beale', 'styblinski']) {
        const fn = getFunction(name)!;
        for (const n of fn.nd ? [2, 5] : [fn.defaultDims]) {
          for (const { label, model } of models()) {
            for (const scale of [1, 1e-200]) {
              compare({ fn, n, optimizer: { kind: 'o1', model }, starts: starts(fn, n, 5, rng, scale), steps: 150, recordLoss: true }, `${name} n=${n} ×${scale} ${label}`);
            }
            compare({ fn, n, optimizer: { kind: 'o1', model }, starts: new Float64Array(3 * n), steps: 40, recordLoss: true }, `${name} n=${n} zero start ${label}`);
          }
        }
      }
    }, 120_000);

    test('traces of x and lr; a transformed function; an ML task; a chunked batch', async () => {
      const rng = new Rng(5);
      const fn = getFunction('rosenbrock')!;
      const base = getFunction('styblinski')!;
      const tf = transformedFunction(base, 5, drawTransform(base, 5, { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective: true }, rng));
      const ml = generationMlTasks(9, 0, 1, 2)[0];
      for (const { label, model } of models()) {
        compare({ fn, n: 2, optimizer: { kind: 'o1', model }, starts: starts(fn, 2, 3, rng), steps: 60, recordLoss: true, recordTrace: true }, `trace ${label}`);
        compare({ fn: tf, n: 5, optimizer: { kind: 'o1', model }, starts: starts(base, 5, 3, rng), steps: 100, recordLoss: true }, `transformed ${label}`);
        compare({ fn: taskFunction(ml), n: ml.n, optimizer: { kind: 'o1', model }, starts: Float64Array.from(ml.starts), steps: 100, recordLoss: true }, `ML ${label}`);
      }
      const chunked = await loadWasmEngine({ simd, maxBatchBytes: 64 * 1024 });
      const big = starts(fn, 2, 301, rng);
      const model = models()[3].model;
      const spec: BatchSpec = { fn, n: 2, optimizer: { kind: 'o1', model }, starts: big, steps: 50, recordLoss: true };
      expectIdentical(tsEngine.runBatch(spec), chunked.runBatch(spec), 'chunked');
    }, 120_000);
  });
}

describe('what does not run the experimental sets refuses them in one clear error', () => {
  const model = randomO1Model(new Rng(2), config('v3-progress'), 0);
  test('the model validator: the sets go with the normalized rule and their own input counts', () => {
    expect(validateConfig(config('v3-progress'))).toEqual([]);
    expect(validateConfig(config('v3-progress-noise'))).toEqual([]);
    expect(validateConfig(config('v3-progress', { layers: [8, 8, 1] }))).toEqual(['features v3-progress need a first layer of 9 inputs, got layers [8,8,1]']);
    expect(validateConfig({ ...config('v3-progress'), lrMode: 'multiplicative', window: 5 }).join('; ')).toMatch(/features v3, v3-progress, v3-progress-noise and lrMode normalized go together/);
  });
  test('the step API (createO1Optimizer), on either engine', () => {
    for (const engine of ['ts', 'auto'] as const) {
      expect(() => createO1Optimizer({ model, engine })).toThrow(/createO1Optimizer: model has features v3-progress, an experimental feature set .* the step API, TF.js and the Python port take features v1, v2 or v3/);
    }
  });
  test('TF.js O1Optimizer', async () => {
    const { O1Optimizer } = await import('../src/tfjs/index.js');
    expect(() => new O1Optimizer({ model })).toThrow(/O1Optimizer: the model has features v3-progress, an experimental feature set that TF.js does not run/);
  });
  test("the WASM engine's f32 network", async () => {
    const f32 = await loadWasmEngine({ network: 'f32' });
    const fn = getFunction('rosenbrock')!;
    const spec: BatchSpec = { fn, n: 2, optimizer: { kind: 'o1', model }, starts: Float64Array.of(1, 2), steps: 5 };
    expect(() => f32.runBatch(spec)).toThrow(/f32 network runs features v1, v2 and v3; this model has features v3-progress/);
  });
});
