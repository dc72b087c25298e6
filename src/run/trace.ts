// One run of an engine batch in the shape of minimize()'s Trajectory — the one adapter from an
// engine's recorded trace to a trajectory, used by `o1 run --engine`, the races of `o1 viz` and
// the web demo, and the benchmark's example paths. It applies minimize()'s rule (src/run/loop.ts):
// a non-finite f or ∇f at step t stops before recording step t; a non-finite x_{t+1} stops after
// recording it; both leave x with t + 1 points.
import type { BatchResult } from '../engine/types.js';
import type { Trajectory } from './minimize.js';
import { norm2 } from './sampledRun.js';

function row(v: Float64Array, r: number, n: number): number[] {
  return Array.from(v.subarray(r * n, (r + 1) * n));
}

/** x_0 … of run r: the points it reached (up to x_T, or to the point where it diverged). */
export function pointsOf(res: BatchResult, r: number, n: number, steps: number): number[][] {
  const trace = res.trace;
  if (!trace) throw new Error('the batch recorded no trace');
  const d = res.divergedAt[r];
  const count = d < 0 ? steps + 1 : Math.min(d, steps) + 1;
  const out: number[][] = [];
  for (let t = 0; t < count && t < trace.x.length; t++) {
    const p = row(trace.x[t], r, n);
    if (!p.every(Number.isFinite)) break;
    out.push(p);
  }
  return out;
}

/** Run r of a batch run with recordLoss and recordTrace, as minimize() would have returned it. */
export function trajectoryOf(res: BatchResult, r: number, n: number, steps: number): Trajectory {
  const trace = res.trace;
  const loss = res.loss;
  if (!trace || !loss) throw new Error('the batch recorded no trace or loss');
  const N = res.divergedAt.length;
  const d = res.divergedAt[r];
  const lossAt = (t: number) => loss[t * N + r];
  const recorded = d < 0 ? steps : d < steps && row(trace.grad[d], r, n).every(Number.isFinite) && Number.isFinite(lossAt(d)) ? d + 1 : d;
  const grad = trace.grad.slice(0, recorded).map((v) => row(v, r, n));
  const out: Trajectory = {
    x: pointsOf(res, r, n, steps),
    loss: Array.from({ length: recorded }, (_, t) => lossAt(t)),
    grad,
    gradNorm: grad.map(norm2),
    finalLoss: d < 0 ? lossAt(steps) : NaN,
    diverged: d >= 0,
  };
  if (trace.lr) out.lr = trace.lr.slice(0, recorded).map((v) => row(v, r, n));
  if (d >= 0) out.divergedAt = d;
  return out;
}

/** A trajectory's points with f at each, the same length: a diverged run keeps the points whose
 *  loss is finite, a finished one adds f(x_T). */
export function pointsWithLoss(traj: Trajectory): { x: number[][]; loss: number[] } {
  const loss = traj.diverged ? traj.loss.slice(0, traj.x.length) : [...traj.loss, traj.finalLoss];
  return { x: traj.diverged ? traj.x.slice(0, loss.length) : traj.x, loss };
}
