// Baselines measured at their answer (schedule-free AdamW's x, dog-avg's average): runAnswerBatch
// runs the TS engine's loop and measures f at the stepper's evalPoint. Checked with a rule whose
// answer is known: SGD that answers with x/2, on the sphere (f(x/2) = f(x)/4).
import { describe, expect, it } from 'vitest';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import type { OptimizerSpec, Stepper } from '../src/optimizers/types.js';
import { tsEngine } from '../src/engine/index.js';
import type { BatchSpec } from '../src/engine/types.js';
import { answersElsewhere, runAnswerBatch } from '../src/bench/answerBatch.js';

const sgd = getOptimizer('sgd')!;
const halfway: OptimizerSpec = {
  ...sgd,
  name: 'sgd-half',
  create(h) {
    const inner = sgd.create(h);
    const s: Stepper & { evalPoint(x: Float64Array, st: unknown, out: Float64Array): void } = {
      init: (n) => inner.init(n),
      step: (x, g, st) => inner.step(x, g, st),
      evalPoint: (x, _st, out) => {
        for (let i = 0; i < x.length; i++) out[i] = x[i] / 2;
      },
    };
    return s;
  },
};

describe('runAnswerBatch', () => {
  const sphere = getFunction('sphere')!;
  const starts = Float64Array.from([1, 2, -3, 0.5, 4, -1]);
  const spec = (opt: OptimizerSpec, lr: number): BatchSpec => ({ fn: sphere, n: 2, optimizer: { kind: 'baseline', spec: opt, hyper: resolveHyper(opt, { lr }) }, starts, steps: 6, recordLoss: true });

  it('measures f at the answer every step; the iterate is the engine\'s', () => {
    expect(answersElsewhere(spec(sgd, 0.1))).toBe(false);
    expect(answersElsewhere(spec(halfway, 0.1))).toBe(true);
    expect(() => runAnswerBatch(spec(sgd, 0.1))).toThrow(/answers at its iterate/);
    const ref = tsEngine.runBatch(spec(sgd, 0.1));
    const ans = runAnswerBatch(spec(halfway, 0.1));
    expect(Array.from(ans.divergedAt)).toEqual(Array.from(ref.divergedAt));
    expect(Array.from(ans.iterateFinalF)).toEqual(Array.from(ref.finalF));
    ans.loss!.forEach((f, i) => expect(f).toBeCloseTo(ref.loss![i] / 4, 12));
    ans.finalF.forEach((f, r) => expect(f).toBeCloseTo(ref.finalF[r] / 4, 12));
    ans.finalX.forEach((v, i) => expect(v).toBe(ref.finalX[i] / 2));
  });

  it('a diverged run diverges at the same step as on the engine', () => {
    const ref = tsEngine.runBatch(spec(sgd, 1e300));
    const ans = runAnswerBatch(spec(halfway, 1e300));
    expect(Array.from(ref.divergedAt).every((d) => d >= 0)).toBe(true);
    expect(Array.from(ans.divergedAt)).toEqual(Array.from(ref.divergedAt));
    expect(Array.from(ans.finalF).every((f) => f === Infinity)).toBe(true);
    expect(Array.from(ans.iterateFinalF).every((f) => f === Infinity)).toBe(true);
  });
});
