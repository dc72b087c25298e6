// The one optimization loop every TypeScript run goes through (minimize, the TS engine's batches,
// the ML benchmark's jobs, the ML target calibration), with the divergence rule written once:
//   at step t: f, ∇f = valueAndGrad(x_t); a non-finite f or ∇f stops the run (diverged at t);
//              step(x, ∇f); a non-finite x_{t+1} stops the run (diverged at t);
//   after T steps: f(x_T) = final(x_T); a non-finite one marks the run diverged at T.
// Nothing throws for numerical reasons. Callers record what they need through the hooks.

export interface LoopSpec {
  /** The point, updated in place: x_0 on entry, where the run stopped on return. */
  x: Float64Array;
  /** Gradient scratch (same length). */
  g: Float64Array;
  steps: number;
  /** f(x) and ∇f(x) into g. */
  valueAndGrad(x: Float64Array, g: Float64Array): number;
  /** Step t of the optimizer, x updated in place from g. */
  step(x: Float64Array, g: Float64Array, t: number): void;
  /** f at x_T after the last step. */
  final(x: Float64Array, g: Float64Array): number;
  /** Step t's f and ∇f, both finite, before the step. */
  onValue?(t: number, f: number, g: Float64Array): void;
  /** Step t done: x = x_{t+1}, finite. */
  onStep?(t: number, x: Float64Array): void;
}

export interface LoopEnd {
  /** The step at which the run diverged, or −1. */
  divergedAt: number;
  /** f(x_T) for a finished run; for a diverged one, the non-finite f that stopped it (NaN when
   *  it was x). */
  f: number;
}

export function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

// The divergence rule, one function per check, so that a runner stepping many runs at once
// (engine/mlBatch.ts, lane by lane) applies exactly runLoop's.
/** Step t's f and ∇f: non-finite ones stop the run (diverged at t), before the step. */
export function valueDiverges(f: number, g: ArrayLike<number>): boolean {
  return !Number.isFinite(f) || !allFinite(g);
}

/** After step t: a non-finite x_{t+1} stops the run (diverged at t). */
export function pointDiverges(x: ArrayLike<number>): boolean {
  return !allFinite(x);
}

/** After all T steps: the end from f(x_T) (a non-finite one: diverged at T). */
export function finalEnd(f: number, steps: number): LoopEnd {
  return { divergedAt: Number.isFinite(f) ? -1 : steps, f };
}

export function runLoop(s: LoopSpec): LoopEnd {
  const { x, g } = s;
  for (let t = 0; t < s.steps; t++) {
    const f = s.valueAndGrad(x, g);
    if (valueDiverges(f, g)) return { divergedAt: t, f };
    s.onValue?.(t, f, g);
    s.step(x, g, t);
    if (pointDiverges(x)) return { divergedAt: t, f: NaN };
    s.onStep?.(t, x);
  }
  return finalEnd(s.final(x, g), s.steps);
}
