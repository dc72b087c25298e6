// SGD with heavy-ball momentum, torch.optim.SGD(momentum=μ, nesterov=False):
// b = g on the first step, then b = μ·b + (1 − dampening)·g; x ← x − lr·b.
import type { Hyper, HyperParam, KernelBinding, OptState, OptimizerSpec, Stepper } from './types.js';

/** Hyper-parameters shared with `nesterov` (same names, defaults and ranges). */
export function momentumHyper(dampeningMax: number, dampeningNote: string): readonly HyperParam[] {
  return [
    { name: 'lr', default: 0.001, min: 0, description: 'learning rate (no PyTorch default; ours is 0.001)' },
    { name: 'momentum', default: 0.9, min: 0, max: 1, description: 'momentum factor μ' },
    { name: 'dampening', default: 0, min: 0, max: dampeningMax, description: `dampening for momentum${dampeningNote}` },
    { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
  ];
}

/** The kernel of momentum, nesterov and momentum-cosine (assembly/optimizers/momentum.ts); the
 *  per-step row holds −lr_t, the step's lr (scheduled for momentum-cosine). */
export function momentumKernel(nesterov: boolean, schedule?: (h: Hyper, runSteps: number) => (k: number) => number): KernelBinding {
  return {
    kernel: 'momentum',
    hyper: {
      lr: (h) => h.lr,
      momentum: (h) => h.momentum,
      dampening: (h) => h.dampening,
      weightDecay: (h) => h.weight_decay,
      nesterov: () => (nesterov ? 1 : 0),
    },
    buffers: ['buf'],
    scalars: [],
    row: ['negLr', 'lr'],
    table(h: Hyper, steps: number): Float64Array {
      const multiplier = schedule?.(h, steps);
      const table = new Float64Array(2 * steps);
      for (let k = 0; k < steps; k++) {
        const lr = multiplier ? h.lr * multiplier(k) : h.lr;
        table[2 * k] = -lr;
        table[2 * k + 1] = lr;
      }
      return table;
    },
  };
}

/** The heavy-ball stepper; with `nesterov` the step uses the look-ahead direction g + μ·b; with
 *  `schedule`, step k of a run of `runSteps` steps uses lr·λ(k) (torch's LambdaLR). */
export function momentumStepper(h: Hyper, nesterov: boolean, schedule?: (runSteps: number | undefined) => (k: number) => number): Stepper {
  const mu = h.momentum;
  const gradScale = 1 - h.dampening;
  const weightDecay = h.weight_decay;
  // λ of each horizon a run has asked for (state.horizon; −1: none given)
  const schedules = new Map<number, (k: number) => number>();
  const multiplierOf = (horizon: number) => {
    let m = schedules.get(horizon);
    if (!m) schedules.set(horizon, (m = schedule!(horizon < 0 ? undefined : horizon)));
    return m;
  };
  return {
    init: (n: number, horizon?: number): OptState => {
      const state: OptState = { t: 0, buf: new Float64Array(n) };
      if (schedule) {
        state.lr = new Float64Array(n);
        state.horizon = horizon ?? -1;
        multiplierOf(state.horizon); // an Error now when λ has no horizon
      }
      return state;
    },
    step(x: Float64Array, g: Float64Array, state: OptState): void {
      const buf = state.buf as Float64Array;
      // PyTorch creates the buffer as a copy of the first gradient (no dampening); with μ = 0
      // it keeps no buffer at all, so dampening is ignored — both reproduced here.
      const first = state.t === 0 || mu === 0;
      const lr = schedule ? h.lr * multiplierOf(state.horizon as number)(state.t) : h.lr;
      const negLr = -lr;
      if (schedule) (state.lr as Float64Array).fill(lr);
      state.t++;
      const n = x.length;
      for (let i = 0; i < n; i++) {
        const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
        const b = first ? d : mu * buf[i] + gradScale * d;
        buf[i] = b;
        x[i] = x[i] + negLr * (nesterov ? d + mu * b : b);
      }
    },
    // the scheduled lr of the last step (momentum-cosine), for traces and o1 run's lr column
    ...(schedule ? { lastLr: (state: OptState) => state.lr as Float64Array } : {}),
  };
}

export const momentum: OptimizerSpec = {
  name: 'momentum',
  id: 2,
  description: 'SGD with momentum (torch.optim.SGD, nesterov=False). PyTorch has no default lr; 0.001 is ours.',
  hyper: momentumHyper(1, ''),
  kernel: momentumKernel(false),
  create: (h: Hyper): Stepper => momentumStepper(h, false),
};
