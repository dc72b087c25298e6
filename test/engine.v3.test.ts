// The normalized rule with the v3 features (o1 v3, the shipped default model's rule) in the kernels
// (assembly/normalized.ts) against the TS reference (src/o1/normalized.ts): every registry
// function (2-D, and n-D at n = 3 and 5), the shipped default model and seeded random v3 networks
// (tanh and relu hidden layers, other bounds and β), random starts, both WASM builds, the problem
// generator's transformed functions, a chunked batch, and the starts that take startRms's other
// branch; each model also under the 'distance' step unit. Required: the identical doubles — final x and f, divergence steps, per-step losses and
// the traces of x, ∇f and lr (Object.is, NaN = NaN) — since the kernel mirrors the reference
// operation for operation and its exp, tanh and ln are fdlibm's, as V8's Math.* (wasm.math.test.ts).
import { beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import type { TestFunction } from '../src/functions/types.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import { defaultO1Config, type O1Config } from '../src/o1/config.js';
import { Rng } from '../src/rng.js';
import { loadModel } from '../src/model/io.js';
import { tsEngine, loadWasmEngine, WasmEngine, type BatchResult, type BatchSpec } from '../src/engine/index.js';
import { drawTransform, transformedFunction } from '../src/train/problems.js';

const STEPS = 200;
const RUNS = 7; // odd: the SIMD build pads a lane

function v3Config(over: Partial<O1Config> = {}): O1Config {
  return { ...defaultO1Config(), features: 'v3', lrMode: 'normalized', layers: [8, 8, 1], logLrMin: -1, logLrMax: 0.5, initStep: 0.5, ...over };
}

/** The model under the 'distance' step unit (docs/O1.md, "The step unit"). */
const distance = (m: O1Model): O1Model => ({ ...m, config: { ...m.config, stepUnit: 'distance' } as O1Config });

function models(): { label: string; model: O1Model }[] {
  const rng = new Rng(3003);
  const shipped = loadModel(join(import.meta.dirname, '..', 'models', 'default.json'));
  const accelerating = randomO1Model(rng, v3Config(), 0.4);
  return [
    { label: 'shipped default', model: shipped },
    { label: 'shipped default, distance unit', model: distance(shipped) },
    { label: 'random v3 #0', model: randomO1Model(rng, v3Config(), 0) },
    { label: 'random v3 #1 (accelerating)', model: accelerating },
    { label: 'random v3 #1 (accelerating), distance unit', model: distance(accelerating) },
    {
      label: 'random v3 relu/tanh, β 0.5, bounds [−3, 1]',
      model: randomO1Model(rng, v3Config({ layers: [8, 6, 4, 1], activations: ['relu', 'tanh', 'identity'], beta: 0.5, logLrMin: -3, logLrMax: 1, initStep: 0.1 }), -0.5),
    },
  ];
}

function starts(fn: TestFunction, n: number, N: number, rng: Rng): Float64Array {
  const box = fn.domain(n);
  return Float64Array.from({ length: N * n }, (_, k) => rng.range(box.lo[k % n], box.hi[k % n]));
}

function sameDoubles(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let k = 0; k < a.length; k++) {
    if (!Object.is(a[k], b[k]) && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) {
      expect.fail(`${what}[${k}]: TS ${a[k]} vs WASM ${b[k]}`);
    }
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
    ref.trace.grad.forEach((row, k) => sameDoubles(row, t.grad[k], `${what}: trace.grad[${k}]`));
    expect(t.lr, `${what}: lr traced`).toBeDefined();
    ref.trace.lr!.forEach((row, k) => sameDoubles(row, t.lr![k], `${what}: trace.lr[${k}]`));
  }
}

function compare(wasm: WasmEngine, spec: BatchSpec, what: string): void {
  // the kernels must run it (a fallback to the reference would make the comparison vacuous)
  expect(wasm.supports(spec), `${what}: runs in the kernels`).toBe(true);
  expectIdentical(tsEngine.runBatch(spec), wasm.runBatch(spec), what);
}

for (const simd of [true, false]) {
  describe(`o1 v3 (normalized): WASM ${simd ? 'SIMD' : 'scalar'} build ≡ TS reference, bit for bit`, () => {
    let wasm: WasmEngine;
    beforeAll(async () => {
      wasm = await loadWasmEngine({ simd });
      expect(wasm.simd).toBe(simd);
    });

    for (const fn of FUNCTIONS) {
      test(`${fn.name}`, () => {
        const rng = new Rng(fn.id * 104729 + (simd ? 1 : 2));
        for (const n of fn.nd ? [2, 3, 5] : [fn.defaultDims]) {
          const s = starts(fn, n, RUNS, rng);
          for (const { label, model } of models()) {
            compare(wasm, { fn, n, optimizer: { kind: 'o1', model }, starts: s, steps: STEPS, recordLoss: true }, `${fn.name} n=${n} ${label}`);
          }
        }
      });
    }

    test('traces of x, ∇f and lr on three functions', () => {
      const rng = new Rng(77);
      for (const name of ['rosenbrock', 'ackley', 'rastrigin']) {
        const fn = getFunction(name)!;
        for (const { label, model } of models()) {
          const spec: BatchSpec = { fn, n: 2, optimizer: { kind: 'o1', model }, starts: starts(fn, 2, 3, rng), steps: 60, recordLoss: true, recordTrace: true };
          compare(wasm, spec, `${name} ${label} trace`);
        }
      }
    });

    test("the problem generator's transformed functions (rotation, axis scales, shift, f-scale, log objective)", () => {
      const rng = new Rng(5);
      for (const name of ['rosenbrock', 'rastrigin', 'styblinski']) {
        const base = getFunction(name)!;
        for (const n of base.nd ? [2, 5] : [2]) {
          for (const logObjective of [false, true]) {
            const t = drawTransform(base, n, { rotate: true, scaleX: 10, shift: 0.5, scaleF: 100, logObjective }, rng);
            const fn = transformedFunction(base, n, t);
            for (const { label, model } of models()) {
              compare(wasm, { fn, n, optimizer: { kind: 'o1', model }, starts: starts(fn, n, RUNS, rng), steps: 100, recordLoss: true }, `${name} n=${n} log=${logObjective} ${label}`);
            }
          }
        }
      }
    });

    test("startRms's other branch (Σx² under- or overflows), x₀ = 0, g = 0, and a diverging run", () => {
      const sphere = getFunction('sphere')!;
      const model = models()[0].model;
      const tiny = Float64Array.of(1e-200, -3e-200, 0, 0, 1e-160, 2e-170, 4e-310, 0, 1e200, -1e201, 1e-3, 0, 1.5, -2);
      compare(wasm, { fn: sphere, n: 2, optimizer: { kind: 'o1', model }, starts: tiny, steps: 120, recordLoss: true, recordTrace: true }, 'sphere tiny/huge/zero starts');
      compare(wasm, { fn: sphere, n: 2, optimizer: { kind: 'o1', model: distance(model) }, starts: tiny, steps: 120, recordLoss: true, recordTrace: true }, 'sphere tiny/huge/zero starts, distance unit');
      const accelerating = models()[3].model;
      const rosen = getFunction('rosenbrock')!;
      const far = Float64Array.of(1e150, 1e150, -1e100, 2e100, 3, 3);
      compare(wasm, { fn: rosen, n: 2, optimizer: { kind: 'o1', model: accelerating }, starts: far, steps: 200, recordLoss: true, recordTrace: true }, 'rosenbrock far starts');
      // the distance unit grows fastest here: tiny starts that must travel to (1, 1), and runs that diverge
      const tinyRosen = Float64Array.of(1e-6, 1e-6, -3e-9, 2e-9, 1e-200, 0, 0, 0, 1e150, 1e150);
      for (const m of [distance(model), distance(accelerating)])
        compare(wasm, { fn: rosen, n: 2, optimizer: { kind: 'o1', model: m }, starts: tinyRosen, steps: 300, recordLoss: true, recordTrace: true }, 'rosenbrock tiny starts, distance unit');
    });

    test('a batch cut into chunks gives the same numbers as one call', () => {
      const fn = getFunction('griewank')!;
      const model = models()[4].model;
      const spec: BatchSpec = { fn, n: 3, optimizer: { kind: 'o1', model }, starts: starts(fn, 3, 33, new Rng(8)), steps: 50, recordLoss: true };
      const small = new WasmEngine(wasm.kernels, { maxBatchBytes: 8 * 1024 });
      expect(small.runsPerChunk(spec)).toBeLessThan(33);
      expectIdentical(wasm.runBatch(spec), small.runBatch(spec), 'chunked');
      expectIdentical(tsEngine.runBatch(spec), small.runBatch(spec), 'chunked vs TS');
    });

    // (an engine made with network 'f32' runs v3's network in f32x4: test/engine.f32.test.ts)
  });
}
