// A checkpoint's history is checked against the number of validation problems its config has.
// That count must include the twins the v4 distribution adds (mini-batch, start-scale), or a run
// with them cannot be resumed: validationProblemCount(cfg) = trainProblemLabels(cfg).length for
// every combination, and such a checkpoint saves, loads and resumes to the uninterrupted run's bytes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, train, trainProblemLabels, validationProblemCount } from '../src/train/train.js';
import { loadCheckpoint, saveCheckpoint } from '../src/train/checkpoint.js';
import { inProcessEvaluator } from '../src/train/pool.js';

const base = { generations: 2, population: 4, starts: 2, steps: 30, functions: ['rosenbrock', 'rastrigin'], seed: 7, mlTasks: 2, mlStarts: 1, fitness: 'horizons', horizons: [10, 30] };

describe('validation problem count', () => {
  it('equals trainProblemLabels for every combination of ML tasks, n-D dims, mini-batch and start-scale twins', () => {
    for (const mlTasks of [0, 3])
      for (const ndDims of [[], [5, 10]])
        for (const mlBatchSizes of mlTasks ? [[], [8, 16]] : [[]])
          for (const startScales of [[], [-6, 3]]) {
            const cfg = makeTrainConfig({ ...base, mlTasks, ndDims, mlBatchSizes, startScales }, 'test');
            expect(validationProblemCount(cfg), JSON.stringify({ mlTasks, ndDims, mlBatchSizes, startScales })).toBe(trainProblemLabels(cfg).length);
          }
  });

  it('a run with mini-batch and start-scale twins checkpoints, loads and resumes to the same bytes', async () => {
    const cfg = makeTrainConfig({ ...base, mlBatchSizes: [8], startScales: [-3, 1] }, 'test');
    const dir = mkdtempSync(join(tmpdir(), 'o1-ckpt-'));
    try {
      const evaluator = await inProcessEvaluator('wasm');
      const whole = await train(initialCheckpoint(cfg), evaluator);
      const first = await train(initialCheckpoint({ ...cfg, generations: 1 }), evaluator);
      const path = join(dir, 'ckpt.json');
      saveCheckpoint({ ...first.checkpoint, config: cfg }, path);
      const resumed = await train(loadCheckpoint(path), evaluator);
      expect(Buffer.from(resumed.model.weights.buffer).toString('hex')).toBe(Buffer.from(whole.model.weights.buffer).toString('hex'));
      expect(JSON.stringify(resumed.history)).toBe(JSON.stringify(whole.history));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
