// Shared by both engines: checking a BatchSpec and allocating the result in the agreed shapes.
import type { BatchResult, BatchSpec, BatchTrace } from './types.js';
import { resolveHyper } from '../optimizers/index.js';
import { MAX_DIMS, MAX_STEPS } from '../util/limits.js';

export interface BatchShape {
  /** Runs. */
  N: number;
  /** Dimension. */
  n: number;
  /** Steps. */
  T: number;
}

/** Validates the spec's sizes (not the optimizer's parameters, which each engine checks). */
export function batchShape(spec: BatchSpec): BatchShape {
  const { n, steps: T, fn, starts } = spec;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batch dimension must be a whole number ≥ 1, got ${n}`);
  if (!Number.isInteger(T) || T < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${T}`);
  // The kernels count steps in an i32: a larger count would silently wrap (2^32 + 5 → 5 steps).
  if (T > MAX_STEPS) throw new RangeError(`steps ${T} is over the limit of ${MAX_STEPS} steps per run`);
  if (n > MAX_DIMS) throw new RangeError(`batch dimension ${n} is over the limit of ${MAX_DIMS}`);
  if (!fn.nd && n !== fn.defaultDims) {
    throw new RangeError(`'${fn.name}' is ${fn.defaultDims}-D only; the batch asks for n = ${n}`);
  }
  if (!(starts instanceof Float64Array)) throw new TypeError('starts must be a Float64Array');
  if (starts.length % n !== 0) throw new RangeError(`starts has ${starts.length} values, not a multiple of n = ${n}`);
  return { N: starts.length / n, n, T };
}

/** Whether the optimizer of `spec` reports a per-coordinate lr in traces: o1, and every rule
 *  whose stepper has `lastLr` (sgd-hd, adam-hd, dog: their α or η in every coordinate), as
 *  src/run/minimize.ts records it. */
export function tracesLr(spec: BatchSpec): boolean {
  const opt = spec.optimizer;
  if (opt.kind === 'o1') return true;
  let hyper;
  try {
    hyper = resolveHyper(opt.spec, opt.hyper);
  } catch {
    return false; // invalid hyper-parameters: the engine reports them when it builds the rule
  }
  return typeof opt.spec.create(hyper).lastLr === 'function';
}

/** Whether `spec` measures f at the rule's answer rather than its iterate: evalAt 'answer' (the
 *  default) and a baseline whose stepper has evalPoint (src/optimizers/types.ts). */
export function measuresAnswer(spec: BatchSpec): boolean {
  const opt = spec.optimizer;
  if (opt.kind === 'o1' || spec.evalAt === 'iterate') return false;
  let hyper;
  try {
    hyper = resolveHyper(opt.spec, opt.hyper);
  } catch {
    return false; // invalid hyper-parameters: the engine reports them when it builds the rule
  }
  return typeof opt.spec.create(hyper).evalPoint === 'function';
}

/** A result with every array allocated: finalX NaN, finalF +Inf, divergedAt −1, loss +Inf and
 *  trace entries NaN until written. */
export function allocateResult(spec: BatchSpec, shape: BatchShape): BatchResult {
  const { N, n, T } = shape;
  const result: BatchResult = {
    finalX: new Float64Array(N * n).fill(NaN),
    finalF: new Float64Array(N).fill(Infinity),
    divergedAt: new Int32Array(N).fill(-1),
  };
  if (spec.recordLoss) result.loss = new Float64Array((T + 1) * N).fill(Infinity);
  if (spec.recordTrace) {
    const rows = (count: number) => Array.from({ length: count }, () => new Float64Array(N * n).fill(NaN));
    const trace: BatchTrace = { x: rows(T + 1), grad: rows(T) };
    if (tracesLr(spec)) trace.lr = rows(T);
    result.trace = trace;
  }
  return result;
}
