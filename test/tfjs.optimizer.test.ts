// o1/tfjs: O1Optimizer is a real tf.Optimizer. tfjs-layers models (an MLP and a small convnet)
// trained by model.fit with it end with exactly the parameters the step API gives on the same
// gradients, on the cpu backend and on the WASM backend (its .wasm loaded from node_modules);
// its state survives model.save / tf.loadLayersModel; and importing 'o1' never loads TF.js.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { O1Optimizer, StepOptimizer } from '../src/tfjs/index.js';
import { createO1Optimizer, createOptimizer, type TrainingOptimizer } from '../src/api/index.js';
import { initWasm } from '../src/engine/index.js';
import { Rng } from '../src/rng.js';
import { defaultO1Config } from '../src/o1/config.js';
import { randomO1Model } from '../src/o1/o1.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const WASM_DIR = join(PACKAGE_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/');

beforeAll(async () => {
  await initWasm();
  setWasmPaths(WASM_DIR); // the backend's own .wasm files, from the npm package (no network)
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function mlp(seed: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

function convnet(seed: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1], kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

/** Seeded data: 2-D points → a smooth target, or 8×8 "images" → one of 3 classes. */
function data(kind: 'mlp' | 'conv', count: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const r = new Rng(seed);
  if (kind === 'mlp') {
    const xs = Array.from({ length: count * 2 }, () => r.normal());
    const ys = Array.from({ length: count }, (_, i) => Math.sin(xs[2 * i]) + 0.5 * xs[2 * i + 1]);
    return { x: tf.tensor2d(xs, [count, 2]), y: tf.tensor2d(ys, [count, 1]) };
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < count; k++) {
    const c = k % 3;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) xs.push((c === 0 ? i : c === 1 ? j : i + j) / 8 + 0.3 * r.normal());
    ys.push(...[0, 1, 2].map((q) => (q === c ? 1 : 0)));
  }
  return { x: tf.tensor4d(xs, [count, 8, 8, 1]), y: tf.tensor2d(ys, [count, 3]) };
}

const weightsOf = (m: tf.LayersModel) => m.trainableWeights.map((w) => Float32Array.from(w.read().dataSync() as Float32Array));

/** Records the gradients model.fit hands to the optimizer (in the order given). */
function recordGradients(opt: O1Optimizer | StepOptimizer): Float32Array[][] {
  const seen: Float32Array[][] = [];
  const inner = opt.inner;
  const step = inner.step.bind(inner);
  (inner as { step: TrainingOptimizer['step'] }).step = (params, grads) => {
    seen.push(grads.map((g) => Float32Array.from(g)));
    step(params, grads);
  };
  return seen;
}

const bitsOf = (ts: Float32Array[]) => ts.map((t) => Array.from(new Uint32Array(t.buffer.slice(0))));

const model = randomO1Model(new Rng(7), { ...defaultO1Config(), lrMode: 'multiplicative', logLrMin: -1, logLrMax: 0.3, initStep: 0.02 }, 0);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`O1Optimizer in tfjs-layers (${backend} backend)`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
      expect(tf.getBackend()).toBe(backend);
    });

    // The WASM backend has no Conv2DBackpropFilter kernel (TF.js 4.22): convnets train on cpu only.
    const kinds = backend === 'wasm' ? (['mlp'] as const) : (['mlp', 'conv'] as const);
    for (const kind of kinds) {
      it(`${kind}: model.fit with O1Optimizer ≡ the step API on the same gradients, bit for bit`, async () => {
        const net = kind === 'mlp' ? mlp(3) : convnet(3);
        const start = weightsOf(net);
        const opt = new O1Optimizer({ model });
        expect(opt).toBeInstanceOf(tf.Optimizer);
        expect(opt.inner.engine).toBe('wasm');
        const seen = recordGradients(opt);
        net.compile({ optimizer: opt, loss: kind === 'mlp' ? 'meanSquaredError' : 'categoricalCrossentropy' });
        const { x, y } = data(kind, 64, 11);
        const h = await net.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
        expect(seen.length).toBe(12);
        expect(opt.iterations).toBe(12);
        expect(h.history.loss.every((l) => Number.isFinite(l as number))).toBe(true);

        // the step API alone, from the same start, on the recorded gradients
        const replay = createO1Optimizer({ model, engine: 'ts' });
        const params = start.map((w) => Float32Array.from(w));
        for (const g of seen) replay.step(params, g);
        expect(bitsOf(weightsOf(net))).toEqual(bitsOf(params));
        // and it did move the weights
        expect(bitsOf(params)).not.toEqual(bitsOf(start));
        tf.dispose([x, y]);
        net.dispose();
      });
    }

    it('mlp: a closed loop (tf.variableGrads + the step API) ≡ model.fit, bit for bit', async () => {
      // Both compute the gradients with the same TF.js ops (meanSquaredError, full batch) and
      // take the same f64 step of the f32 values, rounded back to f32: no tolerance is needed.
      const net = mlp(5);
      const { x, y } = data('mlp', 32, 12);
      const twin = mlp(5);
      const opt = new O1Optimizer({ model });
      net.compile({ optimizer: opt, loss: 'meanSquaredError' });
      await net.fit(x, y, { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
      const step = createO1Optimizer({ model });
      const vars = twin.trainableWeights.map((w) => w.read() as tf.Variable);
      for (let t = 0; t < 10; t++) {
        const { grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, twin.predict(x) as tf.Tensor) as tf.Scalar, vars);
        const params = vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
        step.step(params, vars.map((v) => grads[v.name].dataSync() as Float32Array));
        vars.forEach((v, i) => v.assign(tf.tensor(params[i], v.shape)));
        tf.dispose(Object.values(grads));
      }
      expect(bitsOf(weightsOf(twin))).toEqual(bitsOf(weightsOf(net)));
      tf.dispose([x, y]);
    });

    it('optimizer state survives model.save({ includeOptimizer }) / tf.loadLayersModel exactly', async () => {
      const kind = backend === 'wasm' ? 'mlp' : 'conv';
      const net = kind === 'mlp' ? mlp(9) : convnet(9);
      net.compile({ optimizer: new O1Optimizer({ model }), loss: kind === 'mlp' ? 'meanSquaredError' : 'categoricalCrossentropy' });
      const { x, y } = data(kind, 48, 13);
      await net.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
      let saved: tf.io.ModelArtifacts | undefined;
      await net.save(tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }), { includeOptimizer: true });
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      expect(loaded.optimizer).toBeInstanceOf(O1Optimizer);
      const lo = loaded.optimizer as O1Optimizer;
      expect(lo.iterations).toBe(6);
      expect(lo.inner.t).toBe(6);
      // both go on for 2 more epochs: the same bits
      await net.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
      await loaded.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
      expect(bitsOf(weightsOf(loaded))).toEqual(bitsOf(weightsOf(net)));
      tf.dispose([x, y]);
    });
  });
}

describe('o1/tfjs: serialization and baselines', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('getConfig / fromConfig carry the model; the class is registered', () => {
    const opt = new O1Optimizer({ model });
    const back = O1Optimizer.fromConfig(O1Optimizer, opt.getConfig()) as O1Optimizer;
    expect(back.getConfig()).toEqual(opt.getConfig());
    expect(O1Optimizer.className).toBe('O1Optimizer');
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(registry.O1Optimizer?.[0]).toBe(O1Optimizer);
    expect(registry.O1StepOptimizer?.[0]).toBe(StepOptimizer);
  });

  it("the step API's options reach the host path: precision 'f32' runs the kernels' f32 network, and survives getConfig", () => {
    const opt = new O1Optimizer({ path: 'host', precision: 'f32' });
    const w = tf.variable(tf.tensor1d([0.5, -1, 2, 0.25]));
    for (let i = 0; i < 3; i++) opt.applyGradients([{ name: w.name, tensor: tf.tensor1d([1, -1, 0.5, 2]) }]);
    expect(opt.path).toBe('host');
    expect(opt.inner.engine).toBe('wasm');
    expect(opt.inner.precision).toBe('f32');
    const back = O1Optimizer.fromConfig(O1Optimizer, opt.getConfig()) as O1Optimizer;
    expect(back.inner.precision).toBe('f32');
    expect(new O1Optimizer({ path: 'host' }).inner.precision).toBe('exact');
    w.dispose();
  });

  it("StepOptimizer('adam') in model.fit ≡ the step API's adam on the same gradients", async () => {
    const net = mlp(21);
    const start = weightsOf(net);
    const opt = new StepOptimizer('adam', { lr: 0.01, weight_decay: 0.001 });
    const seen = recordGradients(opt);
    net.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const { x, y } = data('mlp', 32, 14);
    await net.fit(x, y, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
    const replay = createOptimizer('adam', { lr: 0.01, weight_decay: 0.001 });
    const params = start.map((w) => Float32Array.from(w));
    for (const g of seen) replay.step(params, g);
    expect(bitsOf(weightsOf(net))).toEqual(bitsOf(params));
    const back = StepOptimizer.fromConfig(StepOptimizer, opt.getConfig()) as StepOptimizer;
    expect([back.rule, back.hyper]).toEqual(['adam', { lr: 0.01, weight_decay: 0.001 }]);
    tf.dispose([x, y]);
  });

  it('optimizer.minimize works (the tf.Optimizer path without layers)', () => {
    const w = tf.variable(tf.tensor1d([3, -2]));
    const opt = new O1Optimizer();
    for (let i = 0; i < 50; i++) opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    const v = w.dataSync();
    expect(Math.hypot(v[0], v[1])).toBeLessThan(Math.hypot(3, 2));
  });
});

describe("the core package doesn't need TF.js", () => {
  it("importing 'o1' loads no @tensorflow module", () => {
    // A resolve hook that fails any @tensorflow import, then the built package entry.
    const hook = `export async function resolve(s, c, next) { if (s.includes('@tensorflow/')) throw new Error('loaded ' + s); return next(s, c); }`;
    const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;
    const entry = pathToFileURL(join(PACKAGE_ROOT, 'dist/src/index.js')).href;
    const script = `const o1 = await import(${JSON.stringify(entry)}); const opt = o1.createOptimizer('adam'); opt.step([new Float32Array(2)], [Float32Array.of(1, -1)]); console.log(typeof o1.createO1Optimizer);`;
    const out = execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.trim()).toBe('function');
    // and the hook does catch a TF.js import (so the check above can fail)
    const tfEntry = pathToFileURL(join(PACKAGE_ROOT, 'dist/src/tfjs/index.js')).href;
    expect(() =>
      execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', `await import(${JSON.stringify(tfEntry)})`], { encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/loaded @tensorflow\/tfjs-core/);
  });
});
