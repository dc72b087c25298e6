// The meta-training distribution's new parts: generated ML tasks (mlFamilies.ts), the horizons
// fitness and the z-score aggregate (fitness.ts), n-D start counts (train.ts tasksOf).
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import { ML_FAMILIES, drawMlTrainSpec, mlTrainObjective, mlTrainStarts, type MlTrainSpec } from '../src/train/mlFamilies.js';
import { generationMlTasks } from '../src/train/tasks.js';
import { aggregate, logGapRatio, runScores } from '../src/train/fitness.js';
import { makeTrainConfig } from '../src/train/config.js';
import { tasksOf, validationTasks } from '../src/train/train.js';

describe('generated ML training tasks', () => {
  it('every family appears, and each objective has a gradient that matches central differences', () => {
    const rng = new Rng(5);
    const seen = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const spec = drawMlTrainSpec(rng);
      seen.add(spec.family);
      if (k >= 10) continue;
      const obj = mlTrainObjective(spec);
      const x = Float64Array.from(mlTrainStarts(spec, 1, new Rng(k)));
      const g = new Float64Array(obj.n);
      obj.valueAndGrad(x, g);
      for (let i = 0; i < obj.n; i += Math.max(1, Math.floor(obj.n / 7))) {
        const h = 1e-6;
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[i] += h;
        xm[i] -= h;
        const fd = (obj.f(xp) - obj.f(xm)) / (2 * h);
        expect(Math.abs(fd - g[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
    expect([...seen].sort()).toEqual([...ML_FAMILIES].sort());
  });

  it('a task is plain data that rebuilds the same loss (structured-cloneable, deterministic)', () => {
    const spec: MlTrainSpec = drawMlTrainSpec(new Rng(9));
    const copy = structuredClone(spec);
    const x = Float64Array.from(mlTrainStarts(spec, 1, new Rng(1)));
    expect(mlTrainObjective(copy).f(x)).toBe(mlTrainObjective(spec).f(x));
  });

  it('generation tasks depend on (seed, generation) only, and differ between generations', () => {
    const a = generationMlTasks(1, 3, 4, 2);
    const b = generationMlTasks(1, 3, 4, 2);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generationMlTasks(1, 4, 4, 2))).not.toBe(JSON.stringify(a));
    for (const t of a) expect(t.starts.length).toBe(2 * t.n);
  });
});

describe('fitness over horizons and the z-score aggregate', () => {
  it("'horizons' averages the log gap at each horizon (the last one is the final value)", () => {
    const N = 1;
    const steps = 4;
    const loss = Float64Array.from([100, 10, 1, 0.1, 0.01]); // loss[t * N + r]
    const s = runScores('horizons', N, steps, 0, Float64Array.of(100), Float64Array.of(0.01), Int32Array.of(-1), loss, [1, 2, 4]);
    expect(s[0]).toBeCloseTo((logGapRatio(10, 100, 0) + logGapRatio(1, 100, 0) + logGapRatio(0.01, 100, 0)) / 3, 12);
    const diverged = runScores('horizons', N, steps, 0, Float64Array.of(100), Float64Array.of(Infinity), Int32Array.of(3), loss, [1, 2, 4]);
    expect(diverged[0]).toBe(3);
  });

  it("'zscore' gives every task the same weight whatever its spread", () => {
    // task 0 spreads by 10, task 1 by 0.01: agent 1 is best on task 1 only, agent 0 on task 0.
    const scores = [
      [-10, 0.0],
      [0, -0.01],
      [-5, -0.005],
    ];
    const z = aggregate('zscore', scores);
    expect(z[0]).toBeCloseTo(z[1], 12); // each wins one task by the same number of sds
    expect(aggregate('mean', scores)[0]).toBeLessThan(aggregate('mean', scores)[1]); // mean favours the big task
  });
});

describe('training config: the new distribution options', () => {
  it('validates horizons against steps and the v3 / normalized pairing', () => {
    expect(() => makeTrainConfig({ fitness: 'horizons' }, 'test')).toThrow(/needs "horizons"/);
    expect(() => makeTrainConfig({ fitness: 'horizons', horizons: [30, 500], steps: 300 }, 'test')).toThrow(/longest horizon/);
    expect(() => makeTrainConfig({ features: 'v3' }, 'test')).toThrow(/go together/);
    const cfg = makeTrainConfig({ fitness: 'horizons', horizons: [30, 300], steps: 300, features: 'v3', lrMode: 'normalized', mlTasks: 3 }, 'test');
    expect(cfg.horizons).toEqual([30, 300]);
  });

  it('n-D tasks get --nd-starts starts, ML tasks --ml-starts, and validation differs from training', () => {
    const cfg = makeTrainConfig({ functions: ['rosenbrock', 'himmelblau'], ndDims: [5], ndStarts: 3, starts: 8, mlTasks: 2, mlStarts: 2 }, 'test');
    const tasks = tasksOf(cfg, cfg.seed, 0);
    const count = (t: { starts: number[]; n: number }) => t.starts.length / t.n;
    expect(tasks.map((t) => [t.fn, t.n === 5 ? 5 : t.ml ? 'ml' : 2, count(t)]).slice(0, 3)).toEqual([
      ['rosenbrock', 2, 8],
      ['himmelblau', 2, 8],
      ['rosenbrock', 5, 3],
    ]);
    expect(tasks.filter((t) => t.ml).map(count)).toEqual([2, 2]);
    expect(JSON.stringify(validationTasks(cfg))).not.toBe(JSON.stringify(tasks));
  });
});

describe('select: validation', () => {
  it('ships the answer of the generation with the best validation score, and keeps it across a resume', async () => {
    const { initialCheckpoint, train } = await import('../src/train/train.js');
    const { inProcessEvaluator } = await import('../src/train/pool.js');
    const base = { functions: ['rosenbrock', 'himmelblau'], starts: 3, steps: 40, generations: 6, population: 6, lrMode: 'normalized', features: 'v3', engine: 'ts', select: 'validation' };
    const cfg = makeTrainConfig(base, 'test');
    const ev = await inProcessEvaluator('ts');
    const r = await train(initialCheckpoint(cfg), ev);
    const vals = r.history.map((h) => h.validation);
    const best = vals.indexOf(Math.min(...vals));
    expect(r.checkpoint.selected!.generation).toBe(best);
    expect(Array.from(r.model.weights)).toEqual(r.checkpoint.selected!.weights);
    // stop after 3 generations, resume: the same selected model
    let n = 0;
    const part = await train(initialCheckpoint(cfg), ev, { stopRequested: () => ++n >= 3 });
    const resumed = await train(JSON.parse(JSON.stringify(part.checkpoint)), ev);
    expect(Array.from(resumed.model.weights)).toEqual(Array.from(r.model.weights));
    // 'last' keeps the strategy's final answer
    const last = await train(initialCheckpoint(makeTrainConfig({ ...base, select: 'last' }, 'test')), ev);
    expect(last.checkpoint.selected).toBeUndefined();
  });
});
