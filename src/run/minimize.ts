// One optimization process (the notebook's `Opti`): an optimizer minimising an objective from a
// start point for a fixed number of steps, recording the whole trajectory.
import type { Stepper } from '../optimizers/types.js';
import type { Objective } from './objective.js';
import { runLoop } from './loop.js';

export interface Trajectory {
  /** steps+1 points: x[0] = start, x[t] after t steps (fewer when the run diverged). */
  x: number[][];
  /** loss[t] = f(x[t]) for every recorded step. */
  loss: number[];
  /** grad[t] = ∇f(x[t]). */
  grad: number[][];
  /** ‖∇f(x[t])‖₂. */
  gradNorm: number[];
  /** Per-coordinate learning rate used by step t, for optimizers whose lr varies (o1). */
  lr?: number[][];
  /** f at the last point reached. */
  finalLoss: number;
  diverged: boolean;
  /** Step at which a non-finite value appeared (undefined when the run did not diverge). */
  divergedAt?: number;
}

/** Runs `steps` updates through the shared loop (loop.ts: a non-finite loss, gradient or point
 *  stops the run and marks it diverged; nothing throws for numerical reasons). */
export function minimize(objective: Objective, stepper: Stepper, x0: ArrayLike<number>, steps: number): Trajectory {
  const n = objective.n;
  if (x0.length !== n) throw new Error(`start has ${x0.length} coordinates, the objective is ${n}-D`);
  const x = Float64Array.from(x0);
  const state = stepper.init(n, steps);
  const out: Trajectory = { x: [Array.from(x)], loss: [], grad: [], gradNorm: [], finalLoss: NaN, diverged: false };
  const lrOf = typeof stepper.lastLr === 'function' ? stepper.lastLr.bind(stepper) : undefined;
  if (lrOf) out.lr = [];
  const end = runLoop({
    x,
    g: new Float64Array(n),
    steps,
    valueAndGrad: (p, g) => objective.valueAndGrad(p, g),
    step: (p, g) => {
      stepper.step(p, g, state);
      const lr = lrOf?.(state);
      if (lr) out.lr!.push(Array.from(lr));
    },
    final: (p) => objective.f(p),
    onValue: (_t, f, g) => {
      out.loss.push(f);
      out.grad.push(Array.from(g));
      let sq = 0;
      for (let i = 0; i < n; i++) sq += g[i] * g[i];
      out.gradNorm.push(Math.sqrt(sq));
    },
    onStep: (_t, p) => out.x.push(Array.from(p)),
  });
  out.finalLoss = end.f;
  if (end.divergedAt >= 0) {
    out.diverged = true;
    out.divergedAt = end.divergedAt;
  }
  return out;
}
