// The training profile (bench:train --profile) reads each thread's CPU time and each unit's cost;
// profiling must not change a score, and the numbers it reads must be the threads' own.
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, train } from '../src/train/train.js';
import { inProcessEvaluator, pooledEvaluator } from '../src/train/pool.js';
import { threadClock } from '../src/train/threadClock.js';

const linux = process.platform === 'linux';

describe('training profile', () => {
  it.runIf(linux)("threadClock counts this thread's CPU time, not the wall clock", async () => {
    const a = threadClock()!;
    await new Promise((r) => setTimeout(r, 50)); // asleep: no CPU time
    const b = threadClock()!;
    let x = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 30) x += Math.sqrt(x + 1); // busy: CPU time
    const c = threadClock()!;
    expect(b.cpuNs - a.cpuNs).toBeLessThan(25e6);
    expect(c.cpuNs - b.cpuNs).toBeGreaterThan(0);
    expect(x).toBeGreaterThan(0);
  });

  it.runIf(linux)('a profiled pool gives the same model and a CPU time for every unit', async () => {
    const cfg = makeTrainConfig({ generations: 2, population: 4, starts: 3, steps: 30, functions: ['rosenbrock', 'himmelblau'], seed: 3 }, 'test');
    const two = await pooledEvaluator('wasm', 2, { profile: true });
    try {
      const a = await train(initialCheckpoint(cfg), await inProcessEvaluator('wasm'));
      const b = await train(initialCheckpoint(cfg), two);
      expect(Buffer.from(b.model.weights.buffer).equals(Buffer.from(a.model.weights.buffer))).toBe(true);
      // 2 generations (5 agents × 2 tasks) and the final validation (1 agent × 2 tasks).
      expect(two.profiles.map((p) => p.unitCpuNs.length)).toEqual([10, 10, 2]);
      for (const p of two.profiles) {
        expect([...p.unitCpuNs].every((ns) => ns > 0 && ns < 60e9)).toBe(true);
        expect(p.workers.reduce((s, w) => s + w.units, 0)).toBe(p.unitCpuNs.length);
        expect(p.doneMs).toBeGreaterThanOrEqual(p.postMs);
      }
    } finally {
      await two.close();
    }
  });
});
