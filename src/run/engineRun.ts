// One optimization process on an engine (WASM or TS batch of one run), returned in the shape of
// `minimize` — so `o1 run --engine wasm` and `--engine ts` print comparable trajectories.
import type { BatchOptimizer, Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import type { Trajectory } from './minimize.js';

const finite = (v: ArrayLike<number>) => Array.prototype.every.call(v, Number.isFinite) as boolean;

export function runOnEngine(engine: Engine, fn: TestFunction, n: number, optimizer: BatchOptimizer, start: readonly number[], steps: number): Trajectory {
  const r = engine.runBatch({ fn, n, optimizer, starts: Float64Array.from(start), steps, recordLoss: true, recordTrace: true });
  const trace = r.trace!;
  const loss = r.loss!;
  const d = r.divergedAt[0];
  // minimize's rule: at step t a non-finite f or ∇f stops before recording step t; a non-finite
  // x_{t+1} stops after recording it. Both leave x with t + 1 points.
  const recorded = d < 0 ? steps : d < steps && finite(trace.grad[d]) && Number.isFinite(loss[d]) ? d + 1 : d;
  const points = d < 0 ? steps + 1 : Math.min(d, steps) + 1;
  const out: Trajectory = {
    x: trace.x.slice(0, points).map((v) => Array.from(v)),
    loss: Array.from(loss.subarray(0, recorded)),
    grad: trace.grad.slice(0, recorded).map((v) => Array.from(v)),
    gradNorm: trace.grad.slice(0, recorded).map((v) => Math.hypot(...v)),
    finalLoss: d < 0 ? loss[steps] : NaN,
    diverged: d >= 0,
  };
  if (trace.lr) out.lr = trace.lr.slice(0, recorded).map((v) => Array.from(v));
  if (d >= 0) out.divergedAt = d;
  return out;
}
