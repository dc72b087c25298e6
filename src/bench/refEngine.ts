// A small, plain batch runner over the pure-TS steppers (one run after another, the semantics of
// src/run/minimize.ts). The benchmark uses it for user objectives when no engine is given, and
// tests use it; production runs go through src/engine (getEngine('wasm' | 'ts')).
import type { BatchResult, BatchSpec, BatchTrace, Engine } from '../engine/types.js';
import { createO1Stepper } from '../o1/o1.js';
import type { Stepper } from '../optimizers/types.js';

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function stepperFor(spec: BatchSpec): Stepper {
  const o = spec.optimizer;
  return o.kind === 'o1' ? createO1Stepper(o.model) : o.spec.create(o.hyper);
}

/** Runs each start in turn. A run whose f, gradient or x stops being finite is frozen at that
 *  step (divergedAt), its later losses and final f are +∞ and its final x NaN. */
export function runBatchReference(spec: BatchSpec): BatchResult {
  const { fn, n, steps } = spec;
  const N = spec.starts.length / n;
  if (!Number.isInteger(N)) throw new RangeError(`starts holds ${spec.starts.length} numbers, not a multiple of n = ${n}`);
  const stepper = stepperFor(spec);
  const finalX = new Float64Array(N * n);
  const finalF = new Float64Array(N);
  const divergedAt = new Int32Array(N).fill(-1);
  const loss = spec.recordLoss ? new Float64Array((steps + 1) * N) : undefined;
  const trace: BatchTrace | undefined = spec.recordTrace
    ? { x: Array.from({ length: steps + 1 }, () => new Float64Array(N * n).fill(NaN)), grad: Array.from({ length: steps }, () => new Float64Array(N * n).fill(NaN)) }
    : undefined;
  if (trace && spec.optimizer.kind === 'o1') trace.lr = Array.from({ length: steps }, () => new Float64Array(N * n).fill(NaN));
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  for (let r = 0; r < N; r++) {
    x.set(spec.starts.subarray(r * n, (r + 1) * n));
    const state = stepper.init(n);
    let dAt = -1;
    if (trace) trace.x[0].set(x, r * n);
    for (let t = 0; t < steps; t++) {
      const f = fn.grad(x, g);
      if (loss) loss[t * N + r] = f;
      if (!Number.isFinite(f) || !allFinite(g)) {
        dAt = t;
        break;
      }
      if (trace) trace.grad[t].set(g, r * n);
      stepper.step(x, g, state);
      if (trace?.lr) {
        const lr = stepper.lastLr?.(state);
        if (lr) trace.lr[t].set(lr, r * n);
      }
      if (!allFinite(x)) {
        dAt = t;
        break;
      }
      if (trace) trace.x[t + 1].set(x, r * n);
    }
    if (dAt < 0) {
      const f = fn.f(x);
      if (loss) loss[steps * N + r] = f;
      if (Number.isFinite(f)) {
        finalF[r] = f;
        finalX.set(x, r * n);
      } else dAt = steps;
    }
    if (dAt >= 0) {
      divergedAt[r] = dAt;
      finalF[r] = Infinity;
      finalX.fill(NaN, r * n, (r + 1) * n);
      if (loss) for (let t = dAt; t <= steps; t++) loss[t * N + r] = Infinity;
    }
  }
  return { finalX, finalF, divergedAt, ...(loss ? { loss } : {}), ...(trace ? { trace } : {}) };
}

export const referenceEngine: Engine = { name: 'ts', runBatch: runBatchReference };
