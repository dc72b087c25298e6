// The pure-TS engine: the reference every other engine is checked against. It runs each run
// through the TS reference math (src/functions, src/optimizers, src/o1) one after another, as
// fast as plain TS allows: typed arrays reused across runs, nothing allocated per step.
// Every run goes through the shared loop (src/run/loop.ts), so divergence is minimize()'s.
import { createStepper } from '../optimizers/index.js';
import type { BatchResult, BatchSpec, Engine } from './types.js';
import { allocateResult, batchShape, measuresAnswer } from './batch.js';
import { runLoop } from '../run/loop.js';

export function runBatchTs(spec: BatchSpec): BatchResult {
  const shape = batchShape(spec);
  const { N, n, T } = shape;
  const fn = spec.fn;
  const stepper = createStepper(spec.optimizer);
  const result = allocateResult(spec, shape);
  const { finalX, finalF, divergedAt, loss, trace } = result;
  const lrOf = trace?.lr && stepper.lastLr ? stepper.lastLr.bind(stepper) : undefined;
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  // the rule's answer and a gradient scratch for f there (measuresAnswer: schedule-free, dog-avg)
  const answer = measuresAnswer(spec) ? stepper.evalPoint!.bind(stepper) : undefined;
  const a = new Float64Array(n);
  const ga = new Float64Array(n);

  for (let r = 0; r < N; r++) {
    const at = r * n;
    x.set(spec.starts.subarray(at, at + n));
    const state = stepper.init(n, T);
    if (trace) trace.x[0].set(x, at);
    /** f at the answer after t steps (x itself without one), as the gradient routine computes it. */
    const fAnswer = (p: Float64Array, q: Float64Array): number => {
      if (!answer) return fn.grad(p, q);
      answer(p, state, a);
      return fn.grad(a, ga);
    };
    const end = runLoop({
      x,
      g,
      steps: T,
      // f at the answer (a non-finite one stops the run, as one at x does); ∇f at x
      valueAndGrad: (p, q) => {
        const f = fn.grad(p, q);
        return answer && Number.isFinite(f) ? fAnswer(p, ga) : f;
      },
      step: (p, q, t) => {
        stepper.step(p, q, state);
        const lr = lrOf?.(state);
        if (lr) trace!.lr![t].set(lr, at);
      },
      // f(x_T) as the gradient routine computes it, like every recorded loss
      final: (p, q) => fAnswer(p, q),
      onValue: (t, f, q) => {
        if (loss) loss[t * N + r] = f;
        if (trace) trace.grad[t].set(q, at);
      },
      onStep: trace ? (t, p) => trace.x[t + 1].set(p, at) : undefined,
    });
    if (end.divergedAt < 0) {
      if (loss) loss[T * N + r] = end.f;
      finalF[r] = end.f;
      finalX.set(answer ? a : x, at);
    }
    divergedAt[r] = end.divergedAt;
  }
  return result;
}

export const tsEngine: Engine = {
  name: 'ts',
  runBatch: runBatchTs,
};
