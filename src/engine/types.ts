// The engine layer: a batch of independent runs (one optimizer, one function, N starts, T steps)
// executed either by the pure-TS reference or by the WASM kernels. Everything above this layer
// (training, benchmark, plots, CLI, web demo) goes through it and never touches linear memory.
import type { TestFunction } from '../functions/types.js';
import type { ConfiguredOptimizer } from '../optimizers/index.js';

export type EngineName = 'ts' | 'wasm';

/** A rule with its model or hyper-parameters (the registry's ConfiguredOptimizer). */
export type BatchOptimizer = ConfiguredOptimizer;

export interface BatchSpec {
  fn: TestFunction;
  /** Dimension of every run. */
  n: number;
  optimizer: BatchOptimizer;
  /** N start points, run-major: starts[r * n + i] is coordinate i of run r. N = starts.length / n. */
  starts: Float64Array;
  /** Steps per run (T). */
  steps: number;
  /** Record f(x_t) for t = 0..T of every run: loss[t * N + r] ((T + 1) × N values).
   *  loss[t] is the f that the gradient routine returned at x_t; from the step where a run
   *  diverges on a non-finite f or ∇f (and every step after its divergence) it is +Infinity. */
  recordLoss?: boolean;
  /** Record the whole trajectory (x_t, ∇f(x_t), lr_t) of every run — meant for a few runs.
   *  Entries follow src/run/minimize.ts: grad[t] and lr[t] exist when f, ∇f at x_t were finite,
   *  x[t+1] when it is finite; everything after a run's divergence is NaN. */
  recordTrace?: boolean;
  /** Where f is measured for a rule whose answer is not its iterate (a stepper with evalPoint:
   *  adamw-schedulefree(-paper)'s x, dog-avg's average). 'answer' (default): loss[t], finalF and
   *  finalX are f and the point at the rule's answer after t steps, and a non-finite f there
   *  also stops the run (diverged at t), as one at the iterate does; 'iterate': at the point the
   *  rule moves and takes gradients at (schedule-free's y). Other rules: the same either way.
   *  Traces always hold the iterate. */
  evalAt?: 'answer' | 'iterate';
}

export interface BatchTrace {
  /** x[t][r * n + i] for t = 0..T. */
  x: Float64Array[];
  /** grad[t][r * n + i] = ∇f(x_t) for t = 0..T−1. */
  grad: Float64Array[];
  /** lr[t][r * n + i]: the per-coordinate lr of step t, for o1 and the rules whose stepper reports
   *  one (lastLr: sgd-hd, adam-hd, dog); absent for fixed-lr rules. */
  lr?: Float64Array[];
}

export interface BatchResult {
  /** x_T of every run, run-major (N × n) — the rule's answer in evalAt 'answer' mode. Unspecified
   *  (NaN) for diverged runs. */
  finalX: Float64Array;
  /** f(x_T) of every run (as the gradient routine returns it); +Infinity for diverged runs. */
  finalF: Float64Array;
  /** The step at which a run diverged (a non-finite f, gradient or x), or −1. Runs that diverge
   *  are frozen there: the same step in every engine. */
  divergedAt: Int32Array;
  loss?: Float64Array;
  trace?: BatchTrace;
}

export interface Engine {
  readonly name: EngineName;
  runBatch(spec: BatchSpec): BatchResult;
}
