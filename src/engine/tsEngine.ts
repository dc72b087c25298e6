// The pure-TS engine: the reference every other engine is checked against. It runs each run
// through the TS reference math (src/functions, src/optimizers, src/o1) one after another, as
// fast as plain TS allows: typed arrays reused across runs, nothing allocated per step.
// Divergence follows src/run/minimize.ts (see types.ts).
import type { Stepper } from '../optimizers/types.js';
import { resolveHyper } from '../optimizers/index.js';
import { createO1Stepper } from '../o1/o1.js';
import type { BatchResult, BatchSpec, Engine } from './types.js';
import { allocateResult, batchShape } from './batch.js';

function makeStepper(spec: BatchSpec): Stepper {
  const opt = spec.optimizer;
  if (opt.kind === 'o1') return createO1Stepper(opt.model);
  return opt.spec.create(resolveHyper(opt.spec, opt.hyper));
}

function allFinite(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

export function runBatchTs(spec: BatchSpec): BatchResult {
  const shape = batchShape(spec);
  const { N, n, T } = shape;
  const fn = spec.fn;
  const stepper = makeStepper(spec);
  const result = allocateResult(spec, shape);
  const { finalX, finalF, divergedAt, loss, trace } = result;
  const lrOf = trace?.lr && stepper.lastLr ? stepper.lastLr.bind(stepper) : undefined;
  const x = new Float64Array(n);
  const g = new Float64Array(n);

  for (let r = 0; r < N; r++) {
    const at = r * n;
    for (let i = 0; i < n; i++) x[i] = spec.starts[at + i];
    const state = stepper.init(n);
    if (trace) trace.x[0].set(x, at);
    let diverged = -1;
    for (let t = 0; t < T; t++) {
      const f = fn.grad(x, g);
      if (!Number.isFinite(f) || !allFinite(g, n)) {
        diverged = t;
        break;
      }
      if (loss) loss[t * N + r] = f;
      if (trace) trace.grad[t].set(g, at);
      stepper.step(x, g, state);
      if (lrOf) {
        const lr = lrOf(state);
        if (lr) trace!.lr![t].set(lr, at);
      }
      if (!allFinite(x, n)) {
        diverged = t;
        break;
      }
      if (trace) trace.x[t + 1].set(x, at);
    }
    if (diverged < 0) {
      // f(x_T) as the gradient routine computes it, like every recorded loss
      const f = fn.grad(x, g);
      if (Number.isFinite(f)) {
        if (loss) loss[T * N + r] = f;
        finalF[r] = f;
        finalX.set(x, at);
      } else {
        diverged = T;
      }
    }
    divergedAt[r] = diverged;
  }
  return result;
}

export const tsEngine: Engine = {
  name: 'ts',
  runBatch: runBatchTs,
};
