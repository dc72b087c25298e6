// Deeper, wider generated MLPs (`o1 train --ml-widths 32,64 --ml-depth 3`, issue 21): tasks of up
// to ≈ 10k parameters, drawn from the same families, run by the kernels with the TS engine's bits.
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { tasksOf } from '../src/train/train.js';
import { generationMlTasks, taskFunction } from '../src/train/tasks.js';
import { scoreOnTasks } from '../src/train/evaluate.js';
import { tsEngine, loadWasmEngine } from '../src/engine/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { Rng } from '../src/rng.js';

describe('wide and deep generated MLPs', () => {
  it('widths 32,64 and depth 3 draw 0–3 hidden layers of those widths, up to 9473 parameters ([16, 64, 64, 64, 1])', () => {
    const tasks = generationMlTasks(1, 0, 200, 1, undefined, { widths: [32, 64], maxDepth: 3 });
    const depths = new Set(tasks.map((t) => t.ml!.hidden.length));
    expect([...depths].sort()).toEqual([0, 1, 2, 3]);
    for (const t of tasks) for (const w of t.ml!.hidden) expect([32, 64]).toContain(w);
    const largest = Math.max(...tasks.map((t) => t.n));
    expect(largest).toBeLessThanOrEqual(9473);
    expect(largest).toBeGreaterThan(8000);
    // the config route: --ml-widths/--ml-depth reach the draw
    const cfg = makeTrainConfig({ functions: ['rosenbrock'], mlTasks: 40, mlWidths: [64], mlDepth: 3, seed: 2 }, 'test');
    const ml = tasksOf(cfg, 2, 0).filter((t) => t.ml);
    expect(ml.every((t) => t.ml!.hidden.every((w) => w === 64) && t.ml!.hidden.length <= 3)).toBe(true);
  });

  it('the kernels (both builds) score o1 on the largest of them exactly as the TS engine', async () => {
    const tasks = generationMlTasks(1, 0, 60, 2, undefined, { widths: [64], maxDepth: 3 })
      .filter((t) => t.ml!.hidden.length === 3)
      .slice(0, 2);
    expect(tasks.length).toBe(2);
    const model = randomO1Model(new Rng(8), { ...defaultO1Config(), lrMode: 'multiplicative' }, 0);
    const optimizer = { kind: 'o1' as const, model };
    const simd = await loadWasmEngine();
    const scalar = await loadWasmEngine({ simd: false });
    for (const task of tasks) expect(simd.supports({ fn: taskFunction(task), n: task.n, optimizer, starts: Float64Array.from(task.starts), steps: 1 })).toBe(true);
    const ts = scoreOnTasks(tsEngine, optimizer, tasks, 8, 'anytime');
    expect(scoreOnTasks(simd, optimizer, tasks, 8, 'anytime')).toEqual(ts);
    expect(scoreOnTasks(scalar, optimizer, tasks, 8, 'anytime')).toEqual(ts);
  });
});
