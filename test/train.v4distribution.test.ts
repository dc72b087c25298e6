// The o1 v4 training distribution's options (docs/TRAINING.md, "o1 v4"): start-scale twins,
// the horizon curriculum and mini-batch ML twins — each deterministic, each leaving the other
// draws of a generation unchanged, each refused clearly when misconfigured.
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { stageOf, tasksOf, trainProblemLabels, validationStage } from '../src/train/train.js';
import { scoreMiniBatchRuns } from '../src/train/miniBatch.js';
import { drawMlTrainSpec, mlTrainObjective, mlTrainStarts } from '../src/train/mlFamilies.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { initialCheckpoint, train } from '../src/train/train.js';
import { inProcessEvaluator, threadEvaluator } from '../src/train/pool.js';
import { Rng } from '../src/rng.js';

const base = { generations: 6, population: 6, starts: 3, steps: 40, functions: ['rosenbrock', 'quadratic'], seed: 3, mlTasks: 2, mlStarts: 1, fitness: 'horizons', horizons: [10, 40] };

describe('start-scale twins', () => {
  it('every task gets a twin whose starts are its own times one factor per start in [10^lo, 10^hi]; the other tasks are unchanged', () => {
    const plain = tasksOf(makeTrainConfig(base, 'test'), 3, 2);
    const scaled = tasksOf(makeTrainConfig({ ...base, startScales: [-6, 3] }, 'test'), 3, 2);
    expect(scaled).toHaveLength(2 * plain.length);
    expect(JSON.stringify(scaled.slice(0, plain.length))).toBe(JSON.stringify(plain));
    for (let k = 0; k < plain.length; k++) {
      const a = plain[k];
      const b = scaled[plain.length + k];
      expect(b.scaled).toBe(true);
      expect(b.fn).toBe(a.fn);
      for (let r = 0; r < a.starts.length / a.n; r++) {
        const c = b.starts[r * a.n] / a.starts[r * a.n];
        expect(Math.log10(c)).toBeGreaterThanOrEqual(-6);
        expect(Math.log10(c)).toBeLessThanOrEqual(3);
        for (let i = 1; i < a.n; i++) expect(b.starts[r * a.n + i]).toBe(a.starts[r * a.n + i] * c);
      }
    }
    expect(trainProblemLabels(makeTrainConfig({ ...base, startScales: [-6, 3] }, 'test')).filter((l) => l.endsWith('@scaled'))).toHaveLength(plain.length);
  });

  it('bad ranges are refused with the expected form named', () => {
    expect(() => makeTrainConfig({ ...base, startScales: [3, -6] }, 'test')).toThrow(/"startScales" must be \[\] or \[lo, hi\]/);
    expect(() => makeTrainConfig({ ...base, startScales: [-20, 0] }, 'test')).toThrow(/-12 ≤ lo ≤ hi ≤ 6/);
    expect(() => makeTrainConfig({ ...base, startScales: ['a'] }, 'test')).toThrow(/"startScales" must be a list of finite numbers/);
  });
});

describe('horizon curriculum', () => {
  it('splits the generations evenly over the stages; each stage scores the base horizons and every stage so far; validation runs the last', () => {
    const cfg = makeTrainConfig({ ...base, generations: 6, steps: 400, horizonStages: [40, 100, 400] }, 'test');
    expect([0, 1, 2, 3, 4, 5].map((g) => stageOf(cfg, g).steps)).toEqual([40, 40, 100, 100, 400, 400]);
    expect(stageOf(cfg, 2).horizons).toEqual([10, 40, 100]);
    expect(validationStage(cfg)).toEqual({ steps: 400, horizons: [10, 40, 100, 400] });
    const plain = makeTrainConfig(base, 'test');
    expect(stageOf(plain, 3)).toEqual({ steps: 40, horizons: [10, 40] });
  });

  it('is refused unless it increases, ends at --steps, starts at or above the horizons and has fitness horizons', () => {
    expect(() => makeTrainConfig({ ...base, steps: 100, horizonStages: [100, 40] }, 'test')).toThrow(/must increase/);
    expect(() => makeTrainConfig({ ...base, steps: 300, horizonStages: [40, 100] }, 'test')).toThrow(/"steps" must be the last stage's horizon 100/);
    expect(() => makeTrainConfig({ ...base, steps: 100, horizonStages: [20, 100] }, 'test')).toThrow(/must not exceed the first stage's horizon 20/);
    expect(() => makeTrainConfig({ ...base, fitness: 'final', horizons: [], steps: 100, horizonStages: [40, 100] }, 'test')).toThrow(/needs fitness "horizons"/);
  });
});

describe('mini-batch ML twins', () => {
  it('each ML task gets one twin with a batch size from the list; labels say so; the full-batch tasks are unchanged', () => {
    const plain = tasksOf(makeTrainConfig(base, 'test'), 3, 1);
    const mb = tasksOf(makeTrainConfig({ ...base, mlBatchSizes: [8, 16] }, 'test'), 3, 1);
    expect(JSON.stringify(mb.slice(0, plain.length))).toBe(JSON.stringify(plain));
    const twins = mb.slice(plain.length);
    expect(twins).toHaveLength(2);
    for (const t of twins) {
      expect([8, 16]).toContain(t.ml!.batchSize);
      expect(t.fn).toMatch(/ batch (8|16)$/);
    }
    expect(() => makeTrainConfig({ ...base, mlBatchSizes: [64] }, 'test')).toThrow(/must be below the 64 points/);
    expect(() => makeTrainConfig({ ...base, mlTasks: 0, mlBatchSizes: [8] }, 'test')).toThrow(/needs "mlTasks" > 0/);
  });

  it('a mini-batch run is deterministic, scored on the full-batch loss, and Adam lowers that loss through the noise', () => {
    const spec = { ...drawMlTrainSpec(new Rng(11)), batchSize: 8 };
    const starts = mlTrainStarts(spec, 2, new Rng(2));
    const adam = getOptimizer('adam')!;
    const make = () => adam.create(resolveHyper(adam, { lr: 0.01 }));
    const a = scoreMiniBatchRuns(spec, starts, make, 200, 'horizons', [50, 200]);
    expect(scoreMiniBatchRuns(spec, starts, make, 200, 'horizons', [50, 200])).toBe(a);
    expect(a).toBeLessThan(-0.05);
    // lr 0 never moves: the full-batch loss stays the start's, a score of exactly 0.
    expect(scoreMiniBatchRuns(spec, starts, () => adam.create(resolveHyper(adam, { lr: 0 })), 50, 'final', [])).toBe(0);
    // And the full-batch loss it is scored on is the task's own objective.
    expect(mlTrainObjective({ ...spec, batchSize: undefined }).f(Float64Array.from(starts.slice(0, starts.length / 2)))).toBeGreaterThan(0);
  });
});

it('all three options together: 2 worker threads = 1 worker, byte for byte', async () => {
  const cfg = makeTrainConfig({ ...base, generations: 3, steps: 60, horizonStages: [40, 60], startScales: [-6, 3], mlBatchSizes: [8], select: 'validation' }, 'test');
  const two = await threadEvaluator('wasm', 2);
  try {
    const a = await train(initialCheckpoint(cfg), await inProcessEvaluator('wasm'));
    const b = await train(initialCheckpoint(cfg), two);
    expect(Buffer.from(b.model.weights.buffer).toString('hex')).toBe(Buffer.from(a.model.weights.buffer).toString('hex'));
    expect(JSON.stringify(b.history)).toBe(JSON.stringify(a.history));
    expect(a.history[0].validationPerFunction.length).toBe(trainProblemLabels(cfg).length);
  } finally {
    await two.close();
  }
});

describe('step bounds', () => {
  it('set the normalized model\'s logLrMin/logLrMax; refused outside [-5, 0) × (0, 5] or for other rules', async () => {
    const { o1ConfigFor } = await import('../src/train/train.js');
    const v3 = { ...base, features: 'v3', lrMode: 'normalized' };
    expect(o1ConfigFor(makeTrainConfig(v3, 'test'))).toMatchObject({ logLrMin: -1, logLrMax: 0.5 });
    expect(o1ConfigFor(makeTrainConfig({ ...v3, stepBounds: [-2, 1] }, 'test'))).toMatchObject({ logLrMin: -2, logLrMax: 1 });
    expect(() => makeTrainConfig({ ...v3, stepBounds: [1, 2] }, 'test')).toThrow(/"stepBounds" must be \[\] or \[lo, hi\]/);
    expect(() => makeTrainConfig({ ...base, stepBounds: [-1, 1] }, 'test')).toThrow(/is for lrMode "normalized"/);
  });
});

describe('initModel (fine-tuning)', () => {
  it('the search starts from the given weights; a missing or wrong-length init is refused', async () => {
    const { getStrategy } = await import('../src/train/strategies/index.js');
    const { loadModel } = await import('../src/model/io.js');
    const { join } = await import('node:path');
    const { PACKAGE_ROOT } = await import('../src/paths.js');
    const v3 = loadModel(join(PACKAGE_ROOT, 'models', 'generalist-v3.json'));
    const cfg = makeTrainConfig({ ...base, features: 'v3', lrMode: 'normalized', initStep: 0.5, initModel: 'generalist-v3' }, 'test');
    const start = initialCheckpoint(cfg, v3.weights);
    expect(getStrategy('cmaes')!.best(start.strategyState)).toEqual(Array.from(v3.weights));
    expect(() => initialCheckpoint(cfg)).toThrow(/its weights were not given/);
    expect(() => initialCheckpoint(cfg, v3.weights.subarray(1))).toThrow(/80 weights, the run's network \[8, 8, 1\] has 81/);
  });

  it('o1 train refuses an initModel of another rule or shape, in one line', async () => {
    const { main } = await import('../src/cli/main.js');
    const { bufferIO } = await import('../src/cli/io.js');
    const io = bufferIO();
    const code = await main(['train', '--preset', 'generalist-v3', '--init-model', 'generalist-v2', '--generations', '1', '--quiet'], io);
    expect(code).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toMatch(/initModel 'generalist-v2' is features v2, lrMode multiplicative, layers \[6, 8, 1\]; this run trains features v3/);
  });
});

describe('the curve\'s reference points', () => {
  it('score the start network exactly as validation scores it (validation\'s steps and horizons under a curriculum), so "start net" compares with the generation lines', async () => {
    const { curveBaselines } = await import('../src/train/baselines.js');
    const { getEngine } = await import('../src/engine/index.js');
    const cfg = makeTrainConfig({ ...base, generations: 2, steps: 60, horizonStages: [40, 60] }, 'test');
    const run = await train(initialCheckpoint(cfg), await inProcessEvaluator('wasm'));
    // cmaes's answer before its first update is its mean, the start network: generation 0's validation.
    const ref = curveBaselines(await getEngine('wasm'), cfg);
    expect(ref.initial).toBe(run.history[0].validation);
    // The old reference (the config's own steps and no horizons) is another number here.
    const { scoreOnTasks } = await import('../src/train/evaluate.js');
    const { validationTasks, o1ConfigFor } = await import('../src/train/train.js');
    const { getStrategy } = await import('../src/train/strategies/index.js');
    const weights = Float64Array.from(getStrategy(cfg.strategy)!.best(initialCheckpoint(cfg).strategyState));
    const scores = scoreOnTasks(await getEngine('wasm'), { kind: 'o1', model: { config: o1ConfigFor(cfg), weights } }, validationTasks(cfg), cfg.steps, cfg.fitness);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).not.toBe(ref.initial);
  });
});
