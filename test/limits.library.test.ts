// The library entry points refuse out-of-range sizes with a clear error before allocating
// (issue 15 item 1): the training config, and both engines' batches (the kernels' step count is an
// i32 — 2^32 + 5 steps used to run 5 steps and report 2^32 + 5).
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { InputError } from '../src/errors.js';
import { getEngine } from '../src/engine/index.js';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer } from '../src/optimizers/index.js';
import { MAX_DIMS, MAX_STEPS } from '../src/util/limits.js';

describe('library limits', () => {
  it('makeTrainConfig names the limit of every size it bounds', () => {
    for (const [key, value] of [['steps', 2 ** 32 + 5], ['population', 1e9], ['generations', 1e12], ['starts', 1e9], ['hidden', 1e6], ['dims', 1e9], ['seed', 2 ** 40]] as const) {
      expect(() => makeTrainConfig({ [key]: value, ...(key === 'dims' ? { functions: ['rosenbrock'] } : {}) }, 'test'), key).toThrow(InputError);
      expect(() => makeTrainConfig({ [key]: value }, 'test'), key).toThrow(new RegExp(`"${key}".*(limit|32-bit)`));
    }
    expect(() => makeTrainConfig({ strategy: 'cmaes', hidden: 1000 }, 'test')).toThrow(/cmaes.*limit of 2000/);
    expect(makeTrainConfig({ strategy: 'openai-es', hidden: 1000 }, 'test').hidden).toBe(1000);
    expect(() => makeTrainConfig({ __proto__: 1 } as Record<string, unknown>, 'test')).not.toThrow(); // a literal __proto__ sets the prototype: no key
    expect(() => makeTrainConfig(JSON.parse('{"__proto__": 1}'), 'test')).toThrow(/unknown setting "__proto__"/);
  });

  for (const name of ['wasm', 'ts'] as const) {
    it(`the ${name} engine refuses steps and dims over the limit instead of wrapping them`, async () => {
      const engine = await getEngine(name);
      const base = { fn: getFunction('sphere')!, optimizer: { kind: 'baseline' as const, spec: getOptimizer('adam')!, hyper: {} } };
      expect(() => engine.runBatch({ ...base, n: 2, starts: new Float64Array(2), steps: 2 ** 32 + 5 })).toThrow(new RegExp(`steps 4294967301 is over the limit of ${MAX_STEPS}`));
      expect(() => engine.runBatch({ ...base, n: MAX_DIMS + 1, starts: new Float64Array(0), steps: 1 })).toThrow(/dimension .* over the limit/);
    });
  }
});
