// What `o1 run` prints — a row every `every` steps and the last point — without recording the
// whole trajectory, for runs whose trace would not fit in memory (`o1 run --dims 200 --steps
// 100000` needs ~480 MB of trace; the summary needs eleven rows). On an engine, x_t and f(x_t) of a
// row come from a run of t steps (runs are deterministic, so it reaches the same x_t) and |∇f(x_t)|
// from the function's TS gradient (bit-identical to the kernels', test/engine.equivalence); for a
// rule with a per-coordinate lr (o1, the hypergradient rules, dog) the rows come from the TS
// stepper streamed once, the end of the run from the engine. test/run.sampled.test.ts holds both
// against the summary of the whole recorded trajectory.
import type { BatchOptimizer, Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import type { Stepper } from '../optimizers/types.js';
import type { Objective } from './objective.js';
import type { Trajectory } from './minimize.js';
import { allFinite, runLoop } from './loop.js';

/** One printed row: step t, f(x_t), x_t, |∇f(x_t)| and the lr of step t (for rules that vary it). */
export interface SummaryRow {
  t: number;
  loss: number;
  x: number[];
  gradNorm: number;
  lr?: number[];
}

/** Everything `o1 run` prints without --json. */
export interface RunSummary {
  rows: SummaryRow[];
  /** The last point reached: x_T, or the last finite point of a diverged run. */
  last: { t: number; x: number[] };
  finalLoss: number;
  diverged: boolean;
  divergedAt?: number;
}

/** The steps the summary prints: 0, every, 2·every, … below `recorded`. */
export function summarySteps(recorded: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < recorded; t += every) out.push(t);
  return out;
}

/** ‖v‖₂ as Math.hypot computes it, without spreading a long vector into arguments. */
export function norm2(v: ArrayLike<number>): number {
  if (v.length <= 1024) return Math.hypot(...Array.from(v));
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] / scale) ** 2;
  return scale * Math.sqrt(sum);
}

/** The summary of a whole recorded trajectory (the short-run path). */
export function summaryOf(traj: Trajectory, every: number): RunSummary {
  const rows = summarySteps(traj.loss.length, every).map((t) => ({
    t,
    loss: traj.loss[t],
    x: traj.x[t],
    gradNorm: traj.gradNorm[t],
    ...(traj.lr?.[t] ? { lr: traj.lr[t] } : {}),
  }));
  return {
    rows,
    last: { t: traj.x.length - 1, x: traj.x[traj.x.length - 1] },
    finalLoss: traj.finalLoss,
    diverged: traj.diverged,
    ...(traj.diverged ? { divergedAt: traj.divergedAt } : {}),
  };
}

export interface SampledRunSpec {
  engine: Engine;
  fn: TestFunction;
  n: number;
  optimizer: BatchOptimizer;
  start: readonly number[];
  steps: number;
  every: number;
  /** The same rule as a TS stepper: streamed once for the lr column when it reports an lr. */
  stepper: Stepper;
  objective: Objective;
}

/** The summary of a run on `engine`, recording only the printed rows (see the file comment). */
export function sampledSummary(s: SampledRunSpec): RunSummary {
  const { engine, fn, n, optimizer } = s;
  const starts = Float64Array.from(s.start);
  // the printed rows are the trajectory the rule moves (x and f at its iterate, as minimize's), so
  // schedule-free and dog-avg are not switched to their answer here
  const at = (t: number) => engine.runBatch({ fn, n, optimizer, starts, steps: t, evalAt: 'iterate' });
  const full = at(s.steps);
  const d = full.divergedAt[0];
  if (typeof s.stepper.lastLr === 'function') {
    // The lr column needs every step's optimizer state, which the kernels expose only in a full
    // trace: the rows come from one streamed TS pass (the TS reference is bit-identical to the
    // kernels), the end of the run from the engine. One pass each instead of ~5.5 passes of prefix runs.
    const streamed = streamedSummary(s.objective, s.stepper, s.start, s.steps, s.every, norm2);
    return { ...streamed, finalLoss: d < 0 ? full.finalF[0] : NaN, diverged: d >= 0, ...(d >= 0 ? { divergedAt: d } : {}) };
  }
  const g = new Float64Array(n);
  // loss[t] exists for every step whose f and ∇f were finite: all T of a finished run; for one
  // that diverged at d, also step d itself when only x_{d+1} was non-finite (src/run/loop.ts).
  let recorded = s.steps;
  let lastX: number[] = Array.from(full.finalX);
  if (d >= 0) {
    // A run that stops at d leaves its final x unspecified: x_d from d TS steps then.
    let xd = d === 0 ? Float64Array.from(s.start) : at(d).finalX;
    if (!allFinite(xd)) xd = tsPointAt(s, d);
    const fd = d < s.steps ? s.objective.valueAndGrad(xd, g) : NaN;
    recorded = d < s.steps && Number.isFinite(fd) && allFinite(g) ? d + 1 : d;
    lastX = Array.from(xd);
  }
  const ts = summarySteps(recorded, s.every);
  const rows: SummaryRow[] = ts.map((t) => {
    const r = at(t);
    s.objective.valueAndGrad(r.finalX, g);
    return { t, loss: r.finalF[0], x: Array.from(r.finalX), gradNorm: norm2(g) };
  });
  return {
    rows,
    last: { t: d < 0 ? s.steps : d, x: lastX },
    finalLoss: d < 0 ? full.finalF[0] : NaN,
    diverged: d >= 0,
    ...(d >= 0 ? { divergedAt: d } : {}),
  };
}

/** x_t of the run, from t TS steps. */
function tsPointAt(s: SampledRunSpec, t: number): Float64Array {
  const x = Float64Array.from(s.start);
  const state = s.stepper.init(s.n, s.steps);
  runLoop({ x, g: new Float64Array(s.n), steps: t, valueAndGrad: (p, g) => s.objective.valueAndGrad(p, g), step: (p, g) => s.stepper.step(p, g, state), final: () => NaN });
  return x;
}

/** The summary of a TS run (minimize's loop and numbers), keeping only the printed rows. */
export function streamedSummary(
  objective: Objective,
  stepper: Stepper,
  start: readonly number[],
  steps: number,
  every: number,
  norm?: (g: Float64Array) => number,
): RunSummary {
  const n = objective.n;
  const x = Float64Array.from(start);
  const state = stepper.init(n, steps);
  const lrOf = typeof stepper.lastLr === 'function' ? stepper.lastLr.bind(stepper) : undefined;
  const rows: SummaryRow[] = [];
  let pending: SummaryRow | undefined;
  let lastT = 0;
  const lastX = Float64Array.from(x); // the last point stepped to, copied in place (no allocation per step)
  const end = runLoop({
    x,
    g: new Float64Array(n),
    steps,
    valueAndGrad: (p, g) => objective.valueAndGrad(p, g),
    onValue: (t, f, g) => {
      if (t % every !== 0) return;
      let sq = 0;
      for (let i = 0; i < n; i++) sq += g[i] * g[i]; // as minimize() computes |grad| (engine traces: norm2)
      pending = { t, loss: f, x: Array.from(x), gradNorm: norm ? norm(g) : Math.sqrt(sq) };
      rows.push(pending);
    },
    step: (p, g, t) => {
      stepper.step(p, g, state);
      if (pending && pending.t === t && lrOf) {
        const lr = lrOf(state);
        if (lr) pending.lr = Array.from(lr);
      }
    },
    onStep: (t, p) => {
      lastT = t + 1;
      lastX.set(p);
    },
    final: (p) => objective.f(p),
  });
  const diverged = end.divergedAt >= 0;
  return { rows, last: { t: lastT, x: Array.from(lastX) }, finalLoss: end.f, diverged, ...(diverged ? { divergedAt: end.divergedAt } : {}) };
}
