// `o1 train --step-unit` (docs/TRAINING.md): the normalized rule's 'distance' step unit as a
// training option — in the trained model's config, refused clearly where it does not apply.
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, o1ConfigFor, train } from '../src/train/train.js';
import { inProcessEvaluator } from '../src/train/pool.js';
import { PRESETS } from '../src/train/presets.js';
import type { NormalizedO1Config } from '../src/o1/config.js';

const base = { generations: 2, population: 4, starts: 2, steps: 30, functions: ['rosenbrock', 'quadratic'], seed: 5, features: 'v3', lrMode: 'normalized', initStep: 0.5 };

describe('--step-unit', () => {
  it("'distance' goes into the model's config; 'start' (the default) leaves the key out", () => {
    expect((o1ConfigFor(makeTrainConfig({ ...base, stepUnit: 'distance' }, 'test')) as NormalizedO1Config).stepUnit).toBe('distance');
    expect('stepUnit' in o1ConfigFor(makeTrainConfig(base, 'test'))).toBe(false);
    expect('stepUnit' in o1ConfigFor(makeTrainConfig({ ...base, stepUnit: 'start' }, 'test'))).toBe(false);
    expect(PRESETS['generalist-v5'].settings.stepUnit).toBe('distance');
    expect(PRESETS['generalist-v5'].settings.initModel).toBe('generalist-v4');
  });

  it('is refused with a clear message for another value or another rule', () => {
    expect(() => makeTrainConfig({ ...base, stepUnit: 'far' }, 'test')).toThrow(/"stepUnit" must be one of start, distance, got "far"/);
    expect(() => makeTrainConfig({ ...base, features: 'v2', lrMode: 'multiplicative', stepUnit: 'distance' }, 'test')).toThrow(/"stepUnit" "distance" is for lrMode "normalized"/);
  });

  it('a short run trains a distance-unit model on the TS engine', async () => {
    const cfg = makeTrainConfig({ ...base, stepUnit: 'distance', engine: 'ts' }, 'test');
    const result = await train(initialCheckpoint(cfg), await inProcessEvaluator('ts'));
    expect((result.model.config as NormalizedO1Config).stepUnit).toBe('distance');
    expect(result.history).toHaveLength(2);
  });
});
