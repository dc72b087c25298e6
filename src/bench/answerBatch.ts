// Batches of a baseline whose answer is not the iterate it takes gradients at — schedule-free
// AdamW answers with its averaged x (`optimizer.eval()`) while its gradients are taken at y, and
// dog-avg with its averaged iterate. Their steppers say so through `evalPoint` (optimizers/
// types.ts). The benchmark measures every contender where it offers its answer, so these runs go
// through this loop: the TS engine's loop (run/loop.ts: the same divergence rule) with f also
// measured at the answer at every step. The loss curve, finalF and finalX are the answer's; the
// iterate's final f is kept too (`iterateFinalF`, reported next to the answer's).
import type { Stepper } from '../optimizers/types.js';
import { resolveHyper } from '../optimizers/index.js';
import type { BatchResult, BatchSpec } from '../engine/types.js';
import { allocateResult, batchShape } from '../engine/batch.js';
import { runLoop } from '../run/loop.js';

/** A stepper that offers its answer elsewhere than at its iterate. */
type AnswerStepper = Stepper & { evalPoint(x: Float64Array, state: ReturnType<Stepper['init']>, out: Float64Array): void };

function answerStepper(spec: BatchSpec): AnswerStepper | undefined {
  if (spec.optimizer.kind !== 'baseline') return undefined;
  const s = spec.optimizer.spec.create(resolveHyper(spec.optimizer.spec, spec.optimizer.hyper)) as Stepper & { evalPoint?: unknown };
  return typeof s.evalPoint === 'function' ? (s as AnswerStepper) : undefined;
}

/** True when the batch's optimizer answers elsewhere than at its iterate (then use runAnswerBatch). */
export function answersElsewhere(spec: BatchSpec): boolean {
  return answerStepper(spec) !== undefined;
}

export interface AnswerBatchResult extends BatchResult {
  /** f at the iterate (where gradients are taken: schedule-free's y) after the last step, per run;
   *  +∞ for a diverged run. */
  iterateFinalF: Float64Array;
}

/** The batch with f measured at the answer. A run diverges as on the engines (non-finite f, ∇f
 *  or iterate), or at T when f at the final answer is not finite. */
export function runAnswerBatch(spec: BatchSpec): AnswerBatchResult {
  const stepper = answerStepper(spec);
  if (!stepper) throw new Error(`runAnswerBatch: ${spec.optimizer.kind === 'baseline' ? spec.optimizer.spec.name : 'o1'} answers at its iterate; use the engine`);
  const shape = batchShape(spec);
  const { N, n, T } = shape;
  const fn = spec.fn;
  const result = allocateResult(spec, shape);
  const { finalX, finalF, divergedAt, loss } = result;
  const iterateFinalF = new Float64Array(N).fill(Infinity);
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  const a = new Float64Array(n);
  for (let r = 0; r < N; r++) {
    const at = r * n;
    x.set(spec.starts.subarray(at, at + n));
    const state = stepper.init(n, T);
    const end = runLoop({
      x,
      g,
      steps: T,
      valueAndGrad: (p, q) => fn.grad(p, q),
      step: (p, q) => stepper.step(p, q, state),
      final: (p, q) => fn.grad(p, q),
      // Before step t: the answer after t steps.
      onValue: loss
        ? (t) => {
            stepper.evalPoint(x, state, a);
            loss[t * N + r] = fn.f(a);
          }
        : undefined,
    });
    if (end.divergedAt >= 0) {
      divergedAt[r] = end.divergedAt;
      continue;
    }
    stepper.evalPoint(x, state, a);
    const fa = fn.f(a);
    if (!Number.isFinite(fa)) {
      divergedAt[r] = T;
      continue;
    }
    if (loss) loss[T * N + r] = fa;
    finalF[r] = fa;
    finalX.set(a, at);
    iterateFinalF[r] = end.f;
    divergedAt[r] = -1;
  }
  return { ...result, iterateFinalF };
}
