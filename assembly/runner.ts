// The batched runner: one optimizer, one function, N runs, T steps (descriptor in memory.ts).
// Runs are independent, so each lane group (1 run scalar, 2 runs SIMD) is taken through all T
// steps before the next: its state stays in L1 for the whole run.
//
// Divergence (the rule of src/run/minimize.ts): at step t, f and g at x_t; a non-finite f or g
// → divergedAt = t. Else step; a non-finite x_{t+1} → divergedAt = t. After T steps a non-finite
// f(x_T) → divergedAt = T. A diverged lane is frozen: its later losses are +Inf, its later trace
// entries NaN, its final f +Inf and final x NaN. Its arithmetic goes on with x = 0 (masked out),
// so no lane ever stalls its partner on slow paths.
//
// Recorded values follow minimize's arrays: loss[t] and grad[t] exist when f, g at x_t were
// finite, lr[t] when step t was taken, x[t+1] when it is finite. lr is recorded for o1 and the
// step-size rules (sgd-hd, adam-hd, dog) when the host passes a D_TRACE_LR buffer.
//
// The function may be a base function seen through the problem generator's transform
// (D_TRANSFORM, transform.ts): evalObjective applies it around the base function's kernel.
//
// FLAG_ANSWER (a baseline whose answer is not its iterate: schedule-free's x, dog-avg's average,
// baselineEvalPoint): the recorded f is f at the answer after t steps (computed into D_EVAL_X,
// its gradient into the scratch D_EVAL_G), a non-finite one retires the lane at t like one at x,
// and the final x written back is the answer — src/engine/tsEngine.ts's rule.
import {
  lanesOf, vadd, vsel, vsplat, vload, vstore, vtrue, vand, vnot, vanyTrue, vallTrue, vmaskLane, visNaN, vfiniteProbe,
} from './lanes';
import { evalObjective } from './transform';
import { baselineEvalPoint, baselineHasEvalPoint, baselineInit, baselineStep } from './baselines';
import { loadO1Model, o1Step, o1StateLanes } from './o1';
import { loadMlBlock, mlObjective } from './ml/mlp';
import {
  field, ptr, D_FN, D_DIM, D_RUNS, D_STEPS, D_OPT, D_FLAGS, D_X, D_G, D_F, D_DIVERGED, D_LOSS, D_TRACE_X,
  D_TRACE_G, D_TRACE_LR, D_STATE, D_HYPER, D_TABLE, D_FN_PARAMS, D_WINDOW, D_TRANSFORM, D_TRANSFORM_SCRATCH,
  FLAG_LOSS, FLAG_TRACE, FLAG_ANSWER, OPT_O1, D_ML, FN_ML, D_EVAL_X, D_EVAL_G,
} from './memory';

// The batch being run, read once from the descriptor.
let fnId: i32 = 0;
let dim: i32 = 0;
let runs: i32 = 0;
let steps: i32 = 0;
let optId: i32 = 0;
let isO1: bool = false;
let recordLoss: bool = false;
let recordTrace: bool = false;
let recordLr: bool = false;
let stride: usize = 0; // bytes from coordinate i to i + 1 of one run
let xBase: usize = 0;
let gBase: usize = 0;
let fOut: usize = 0;
let divergedOut: usize = 0;
let lossBase: usize = 0;
let traceX: usize = 0;
let traceG: usize = 0;
let traceLr: usize = 0;
let stateBase: usize = 0;
let o1Lanes: i32 = 0; // o1 state lanes per run
let hyper: usize = 0;
let table: usize = 0;
let fnParams: usize = 0;
let transform: usize = 0;
let transformScratch: usize = 0;
let answer: bool = false; // FLAG_ANSWER for a rule that has an answer
let evalX: usize = 0;
let evalG: usize = 0;

export function loadBatch(d: usize): void {
  fnId = field(d, D_FN);
  dim = field(d, D_DIM);
  runs = field(d, D_RUNS);
  steps = field(d, D_STEPS);
  optId = field(d, D_OPT);
  const flags = field(d, D_FLAGS);
  recordLoss = (flags & FLAG_LOSS) != 0;
  recordTrace = (flags & FLAG_TRACE) != 0;
  stride = <usize>runs << 3;
  xBase = ptr(d, D_X);
  gBase = ptr(d, D_G);
  fOut = ptr(d, D_F);
  divergedOut = ptr(d, D_DIVERGED);
  lossBase = ptr(d, D_LOSS);
  traceX = ptr(d, D_TRACE_X);
  traceG = ptr(d, D_TRACE_G);
  traceLr = ptr(d, D_TRACE_LR);
  stateBase = ptr(d, D_STATE);
  hyper = ptr(d, D_HYPER);
  table = ptr(d, D_TABLE);
  fnParams = ptr(d, D_FN_PARAMS);
  transform = ptr(d, D_TRANSFORM);
  transformScratch = ptr(d, D_TRANSFORM_SCRATCH);
  recordLr = recordTrace && traceLr != 0;
  if (fnId == FN_ML) loadMlBlock(ptr(d, D_ML));
  isO1 = optId == OPT_O1;
  evalX = ptr(d, D_EVAL_X);
  evalG = ptr(d, D_EVAL_G);
  answer = (flags & FLAG_ANSWER) != 0 && !isO1 && baselineHasEvalPoint(optId) && evalX != 0 && evalG != 0;
  if (isO1) {
    loadO1Model(d);
    o1Lanes = o1StateLanes(dim);
  }
}

/** f and ∇f (into g) of the lane group at x. */
// @ts-ignore: decorator
@inline function objective<T>(x: usize, g: usize): T {
  if (fnId == FN_ML) return mlObjective<T>(x, g, stride);
  return evalObjective<T>(fnId, dim, stride, x, g, fnParams, transform, transformScratch);
}

/** Row t of a per-step, per-coordinate trace (t·n·N lanes in). */
// @ts-ignore: decorator
@inline function traceRow(base: usize, t: i32): usize {
  return base + <usize>t * <usize>dim * stride;
}

/** Records step t as the divergence step of the lanes that are alive and bad; returns the lanes
 *  still alive. */
// @ts-ignore: decorator
@inline function retire<T>(alive: T, bad: T, r: i32, t: i32): T {
  const newly = vand<T>(alive, bad);
  if (vanyTrue<T>(newly)) {
    for (let lane = 0; lane < lanesOf<T>(); lane++) {
      if (vmaskLane<T>(newly, lane)) store<i32>(divergedOut + (<usize>(r + lane) << 2), t);
    }
  }
  return vand<T>(alive, vnot<T>(bad));
}

/** Writes `value` into rows from..to (inclusive) of a recording with perRow values of N per row,
 *  in this lane group's columns only. */
function fillRows<T>(base: usize, from: i32, to: i32, perRow: i32, off: usize, value: f64): void {
  const v = vsplat<T>(value);
  for (let t = from; t <= to; t++) {
    const row = base + <usize>t * <usize>perRow * stride + off;
    for (let i = 0; i < perRow; i++) vstore<T>(row + <usize>i * stride, v);
  }
}

function runGroup<T>(r: i32): void {
  const off = <usize>r << 3;
  const x = xBase + off;
  const g = gBase + off;
  const state = stateBase + off;
  const n = dim;
  const T = steps;
  const inf = vsplat<T>(Infinity);
  const nan = vsplat<T>(NaN);
  const zero = vsplat<T>(0);

  for (let lane = 0; lane < lanesOf<T>(); lane++) store<i32>(divergedOut + (<usize>(r + lane) << 2), -1);
  if (isO1) {
    for (let b = 0; b < o1Lanes; b++) vstore<T>(state + <usize>b * stride, zero);
  } else {
    baselineInit<T>(optId, n, stride, state, hyper);
  }
  if (recordTrace) {
    for (let i = 0; i < n; i++) vstore<T>(traceX + off + <usize>i * stride, vload<T>(x + <usize>i * stride));
  }

  let alive = vtrue<T>();
  // where the recorded rows stop being written when every lane of the group has diverged
  let lossFrom = -1;
  let gFrom = -1;
  let lrFrom = -1;
  let xFrom = -1;
  for (let t = 0; t < T; t++) {
    let f = objective<T>(x, g);
    let probe = vfiniteProbe<T>(f);
    if (answer) {
      baselineEvalPoint<T>(optId, t, n, stride, x, state, hyper, evalX + off);
      f = objective<T>(evalX + off, evalG + off);
      probe = vadd<T>(probe, vfiniteProbe<T>(f));
    }
    for (let i = 0; i < n; i++) probe = vadd<T>(probe, vfiniteProbe<T>(vload<T>(g + <usize>i * stride)));
    alive = retire<T>(alive, visNaN<T>(probe), r, t);
    if (recordLoss) vstore<T>(lossBase + <usize>t * stride + off, vsel<T>(alive, f, inf));
    if (recordTrace) {
      const row = traceRow(traceG, t) + off;
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        vstore<T>(row + ci, vsel<T>(alive, vload<T>(g + ci), nan));
      }
    }
    if (!vanyTrue<T>(alive)) {
      lossFrom = t + 1;
      gFrom = t + 1;
      lrFrom = t;
      xFrom = t + 1;
      break;
    }

    const lrRow = recordLr ? traceRow(traceLr, t) + off : 0;
    if (isO1) o1Step<T>(t, n, stride, x, g, state, lrRow);
    else baselineStep<T>(optId, t, n, stride, x, g, state, hyper, table, lrRow);
    if (lrRow != 0 && !vallTrue<T>(alive)) {
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        vstore<T>(lrRow + ci, vsel<T>(alive, vload<T>(lrRow + ci), nan));
      }
    }

    let probeX = zero;
    for (let i = 0; i < n; i++) probeX = vadd<T>(probeX, vfiniteProbe<T>(vload<T>(x + <usize>i * stride)));
    alive = retire<T>(alive, visNaN<T>(probeX), r, t);
    if (!vallTrue<T>(alive)) {
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        vstore<T>(x + ci, vsel<T>(alive, vload<T>(x + ci), zero));
      }
    }
    if (recordTrace) {
      const row = traceRow(traceX, t + 1) + off;
      for (let i = 0; i < n; i++) {
        const ci = <usize>i * stride;
        vstore<T>(row + ci, vsel<T>(alive, vload<T>(x + ci), nan));
      }
    }
    if (!vanyTrue<T>(alive)) {
      lossFrom = t + 1;
      gFrom = t + 1;
      lrFrom = t + 1;
      xFrom = t + 2;
      break;
    }
  }

  if (lossFrom < 0) {
    // all T steps taken by at least one lane: f(x_T), or f at the answer (copied into x)
    if (answer) {
      baselineEvalPoint<T>(optId, T, n, stride, x, state, hyper, evalX + off);
      for (let i = 0; i < n; i++) vstore<T>(x + <usize>i * stride, vload<T>(evalX + off + <usize>i * stride));
    }
    const f = objective<T>(x, g);
    alive = retire<T>(alive, visNaN<T>(vfiniteProbe<T>(f)), r, T);
    const fT = vsel<T>(alive, f, inf);
    if (recordLoss) vstore<T>(lossBase + <usize>T * stride + off, fT);
    vstore<T>(fOut + off, fT);
    for (let i = 0; i < n; i++) {
      const ci = <usize>i * stride;
      vstore<T>(x + ci, vsel<T>(alive, vload<T>(x + ci), nan));
    }
  } else {
    if (recordLoss) fillRows<T>(lossBase, lossFrom, T, 1, off, Infinity);
    if (recordTrace) {
      fillRows<T>(traceG, gFrom, T - 1, n, off, NaN);
      if (recordLr) fillRows<T>(traceLr, lrFrom, T - 1, n, off, NaN);
      fillRows<T>(traceX, xFrom, T, n, off, NaN);
    }
    vstore<T>(fOut + off, inf);
    for (let i = 0; i < n; i++) vstore<T>(x + <usize>i * stride, nan);
  }
}

/** Runs the whole batch described at d. */
export function runBatchWith<T>(d: usize): void {
  loadBatch(d);
  const lanes = lanesOf<T>();
  for (let r = 0; r < runs; r += lanes) runGroup<T>(r);
}

// ---- single kernels over a batch, for the micro-benchmark and the kernel-level tests ---------

/** f and ∇f at every run's x: f into D_F, ∇f into D_G. */
export function gradBatchWith<T>(d: usize): void {
  loadBatch(d);
  const lanes = lanesOf<T>();
  for (let r = 0; r < runs; r += lanes) {
    const off = <usize>r << 3;
    vstore<T>(fOut + off, objective<T>(xBase + off, gBase + off));
  }
}

/** One o1 step (step index t ≥ 0) of every run from the state already in memory; lr into the
 *  trace-lr buffer when one is given. */
export function o1StepBatchWith<T>(d: usize, t: i32): void {
  loadBatch(d);
  const lanes = lanesOf<T>();
  for (let r = 0; r < runs; r += lanes) {
    const off = <usize>r << 3;
    o1Step<T>(t, dim, stride, xBase + off, gBase + off, stateBase + off, traceLr != 0 ? traceLr + off : 0);
  }
}
