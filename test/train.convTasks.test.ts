// The generated conv task family (`o1 train --conv-tasks K`, src/train/mlFamilies.ts
// drawConvTrainSpec, src/train/convData.ts): off by default with today's bytes (a seeded run, the
// queue's run keys, the checkpoint's config), deterministic, learnable, run bit for bit by the
// kernels, with mini-batch and start-scale twins, and the same model for 1 or 2 workers.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, tasksOf, train, trainProblemLabels, validationProblemCount } from '../src/train/train.js';
import { inProcessEvaluator, threadEvaluator } from '../src/train/pool.js';
import { loadCheckpoint, saveCheckpoint } from '../src/train/checkpoint.js';
import { runKey } from '../src/queue/run.js';
import { CONV_FAMILIES, drawConvTrainSpec, mlTrainData, mlTrainObjective, mlTrainStarts } from '../src/train/mlFamilies.js';
import { generationConvTasks, taskFunction } from '../src/train/tasks.js';
import { scoreMiniBatchRuns } from '../src/train/miniBatch.js';
import { scoreOnTasks } from '../src/train/evaluate.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { tsEngine, loadWasmEngine, type WasmEngine } from '../src/engine/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { Rng } from '../src/rng.js';

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine();
  scalar = await loadWasmEngine({ simd: false });
});

// A small run with every v4 option (ML tasks, mini-batch and start-scale twins, validation
// selection). Its hash was taken on main before --conv-tasks existed (f661340).
const pinned = { generations: 2, population: 4, starts: 2, steps: 30, functions: ['rosenbrock'], seed: 7, mlTasks: 2, mlStarts: 1, mlBatchSizes: [8], startScales: [-3, 1], fitness: 'horizons', horizons: [10, 30], select: 'validation' };
const PINNED_HASH = 'caaad1fb7a949dd5259ef68820d299ec534963c23b29315a1bd5f717fe5589a7';
const runHash = (r: Awaited<ReturnType<typeof train>>) => createHash('sha256').update(Buffer.from(r.model.weights.buffer)).update(JSON.stringify(r.history)).digest('hex');

describe('off by default: today\'s bytes', () => {
  it('a seeded run without the option (or with --conv-tasks 0) gives the model and history it gave before the option existed', async () => {
    const evaluator = await inProcessEvaluator('wasm');
    expect(runHash(await train(initialCheckpoint(makeTrainConfig(pinned, 'test')), evaluator))).toBe(PINNED_HASH);
    expect(runHash(await train(initialCheckpoint(makeTrainConfig({ ...pinned, convTasks: 0 }, 'test')), evaluator))).toBe(PINNED_HASH);
  });

  it('queue run keys and checkpoint configs of runs without conv tasks are unchanged; with them the setting is written and read back', () => {
    // values from main before the option existed
    expect(runKey(makeTrainConfig({}, 'test'))).toBe('f225705e4f37');
    expect(runKey(makeTrainConfig({ mlTasks: 2, seed: 5 }, 'test'))).toBe('63288c08acb6');
    expect(runKey(makeTrainConfig({ mlTasks: 2, seed: 5, convTasks: 1 }, 'test'))).not.toBe('63288c08acb6');
    const dir = mkdtempSync(join(tmpdir(), 'o1-conv-'));
    try {
      for (const convTasks of [0, 3]) {
        const cfg = makeTrainConfig({ ...pinned, convTasks }, 'test');
        const path = join(dir, `c${convTasks}.json`);
        saveCheckpoint(initialCheckpoint(cfg), path);
        const written = JSON.parse(readFileSync(path, 'utf8')).config;
        expect('convTasks' in written).toBe(convTasks !== 0);
        expect(loadCheckpoint(path).config.convTasks).toBe(convTasks);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('conv tasks in a generation', () => {
  it('come after every other task, from their own streams: the rest of the generation is unchanged; labels and counts agree', () => {
    for (const extra of [{}, { mlBatchSizes: [8, 16] }, { startScales: [-6, 3] }, { mlBatchSizes: [4], startScales: [-2, 2] }]) {
      const plain = makeTrainConfig({ ...pinned, mlBatchSizes: [], startScales: [], ...extra }, 'test');
      const conv = makeTrainConfig({ ...plain, convTasks: 3 }, 'test');
      const a = tasksOf(plain, 11, 2);
      const b = tasksOf(conv, 11, 2);
      const scaled = b.filter((t) => t.scaled);
      const unscaledA = a.filter((t) => !t.scaled);
      expect(JSON.stringify(b.slice(0, unscaledA.length))).toBe(JSON.stringify(unscaledA));
      expect(JSON.stringify(scaled.slice(0, a.length - unscaledA.length))).toBe(JSON.stringify(a.filter((t) => t.scaled)));
      expect(b.filter((t) => t.ml?.conv && !t.ml.batchSize && !t.scaled)).toHaveLength(3);
      expect(b.filter((t) => t.ml?.conv && t.ml.batchSize)).toHaveLength(conv.mlBatchSizes.length ? 3 : 0);
      expect(validationProblemCount(conv)).toBe(trainProblemLabels(conv).length);
      expect(validationProblemCount(conv)).toBe(b.length);
    }
  });

  it('--ml-batch-sizes is accepted with conv tasks alone', () => {
    expect(() => makeTrainConfig({ ...pinned, mlTasks: 0, convTasks: 2 }, 'test')).not.toThrow();
    expect(() => makeTrainConfig({ ...pinned, mlTasks: 0 }, 'test')).toThrow(/"mlBatchSizes" needs "mlTasks" > 0/);
  });

  it('draws both families, 1–2 channels, 4/8 filters of 3/5/7, heads of 0–1 layers, 21–201 parameters; the same seed gives the same data', () => {
    const rng = new Rng(4);
    const seen = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const s = drawConvTrainSpec(rng);
      seen.add(s.family);
      const c = s.conv!;
      expect([1, 2]).toContain(c.channels);
      expect([4, 8]).toContain(c.filters);
      expect([3, 5, 7]).toContain(c.width);
      expect(s.inputDim).toBe(c.channels * c.length);
      const [task] = generationConvTasks(k, 0, 1, 1);
      expect(task.n).toBeGreaterThanOrEqual(21);
      expect(task.n).toBeLessThanOrEqual(201);
      expect(task.fn).toMatch(/^ml:(motif|tone)\[conv [12]x32 [48]@[357] \| [48](-8)?-1\]$/);
    }
    expect([...seen].sort()).toEqual([...CONV_FAMILIES].sort());
    const s = drawConvTrainSpec(new Rng(9));
    expect(Array.from(mlTrainData(s).inputs)).toEqual(Array.from(mlTrainData({ ...s }).inputs));
    expect(Array.from(mlTrainData({ ...s, dataSeed: s.dataSeed + 1 }).inputs)).not.toEqual(Array.from(mlTrainData(s).inputs));
  });

  it('both families are learnable: 300 Adam steps lower the full-batch loss well below its start', () => {
    const adam = getOptimizer('adam')!;
    for (const family of CONV_FAMILIES) {
      for (const channels of [1, 2]) {
        const spec = { ...drawConvTrainSpec(new Rng(3)), family };
        spec.conv = { ...spec.conv!, channels, filters: 8, width: 5 };
        spec.inputDim = channels * spec.conv.length;
        spec.hidden = [8];
        const o = mlTrainObjective(spec);
        const x = Float64Array.from(mlTrainStarts(spec, 1, new Rng(1)));
        const f0 = o.f(x);
        const stepper = adam.create(resolveHyper(adam, { lr: 0.01 }));
        const state = stepper.init(o.n);
        const g = new Float64Array(o.n);
        for (let t = 0; t < 300; t++) {
          o.valueAndGrad(x, g);
          stepper.step(x, g, state);
        }
        expect(o.f(x), `${family} C=${channels}`).toBeLessThan(0.5 * f0);
      }
    }
  });

  it('the kernels run them: the WASM engine (both builds) scores o1 on conv tasks exactly as the TS engine', () => {
    const tasks = generationConvTasks(5, 0, 4, 2);
    const model = randomO1Model(new Rng(8), { ...defaultO1Config(), lrMode: 'multiplicative' }, 0);
    const optimizer = { kind: 'o1' as const, model };
    for (const task of tasks) expect(simd.supports({ fn: taskFunction(task), n: task.n, optimizer, starts: Float64Array.from(task.starts), steps: 1 })).toBe(true);
    for (const fitness of ['final', 'anytime'] as const) {
      const ts = scoreOnTasks(tsEngine, optimizer, tasks, 25, fitness);
      expect(scoreOnTasks(simd, optimizer, tasks, 25, fitness)).toEqual(ts);
      expect(scoreOnTasks(scalar, optimizer, tasks, 25, fitness)).toEqual(ts);
    }
  });

  it('a mini-batch conv run is deterministic and Adam lowers the full-batch loss through the noise', () => {
    const spec = { ...drawConvTrainSpec(new Rng(12)), batchSize: 8 };
    const starts = mlTrainStarts(spec, 2, new Rng(2));
    const adam = getOptimizer('adam')!;
    const make = () => adam.create(resolveHyper(adam, { lr: 0.01 }));
    const a = scoreMiniBatchRuns(spec, starts, make, 150, 'horizons', [50, 150]);
    expect(scoreMiniBatchRuns(spec, starts, make, 150, 'horizons', [50, 150])).toBe(a);
    expect(a).toBeLessThan(-0.05);
  });

  it('training with conv tasks and every twin: 2 worker threads = 1 worker, byte for byte', async () => {
    const cfg = makeTrainConfig({ ...pinned, generations: 2, convTasks: 2 }, 'test');
    const two = await threadEvaluator('wasm', 2);
    try {
      const a = await train(initialCheckpoint(cfg), await inProcessEvaluator('wasm'));
      const b = await train(initialCheckpoint(cfg), two);
      expect(runHash(b)).toBe(runHash(a));
      expect(runHash(a)).not.toBe(PINNED_HASH);
      expect(a.history[0].validationPerFunction).toHaveLength(trainProblemLabels(cfg).length);
    } finally {
      await two.close();
    }
  });
});
