// Adam, torch.optim.Adam (and the core shared with AdamW):
// m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², x ← x − (lr/(1−β1^t))·m/(√v/√(1−β2^t) + ε).
import type { Hyper, HyperParam, KernelBinding, OptState, OptimizerSpec, Stepper } from './types.js';

/** Largest double below 1: the inclusive upper bound for β ∈ [0, 1) (β = 1 divides by zero). */
export const BELOW_ONE = 1 - 2 ** -53;

export function betaHyper(): readonly HyperParam[] {
  return [
    { name: 'beta1', default: 0.9, min: 0, max: BELOW_ONE, description: 'decay of the gradient average (betas[0])' },
    { name: 'beta2', default: 0.999, min: 0, max: BELOW_ONE, description: 'decay of the squared-gradient average (betas[1])' },
    { name: 'eps', default: 1e-8, min: 0, description: 'added to the denominator, outside the root' },
  ];
}

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Adam: L2 added to the gradient (g + wd·x). */
  l2: number;
  /** AdamW: decoupled decay applied to x first (x ← x·(1 − lr·wd)). */
  decoupledDecay: number;
  amsgrad: boolean;
  /** λ, the lr multiplier of each step k (0-based), for a run of `runSteps` steps (the horizon
   *  init receives) — adamw-cosine's warmup + cosine; absent: 1. */
  schedule?: (runSteps: number | undefined) => (k: number) => number;
}

export function adamStepper(o: AdamOptions): Stepper {
  const { beta1, beta2, eps, l2, amsgrad } = o;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const decoupled = o.decoupledDecay !== 0;
  // λ of each horizon a run has asked for (state.horizon; −1: none given)
  const schedules = new Map<number, (k: number) => number>();
  const multiplierOf = (horizon: number) => {
    let m = schedules.get(horizon);
    if (!m) schedules.set(horizon, (m = o.schedule!(horizon < 0 ? undefined : horizon)));
    return m;
  };
  return {
    init: (n: number, horizon?: number): OptState => {
      const state: OptState = { t: 0, m: new Float64Array(n), v: new Float64Array(n) };
      if (o.schedule) {
        state.lr = new Float64Array(n);
        state.horizon = horizon ?? -1;
        multiplierOf(state.horizon); // an Error now when λ has no horizon
      }
      if (amsgrad) state.vMax = new Float64Array(n);
      return state;
    },
    step(x: Float64Array, g: Float64Array, state: OptState): void {
      const m = state.m as Float64Array;
      const v = state.v as Float64Array;
      const vMax = state.vMax as Float64Array;
      const t = ++state.t;
      const lr = o.schedule ? o.lr * multiplierOf(state.horizon as number)(t - 1) : o.lr;
      if (o.schedule) (state.lr as Float64Array).fill(lr);
      const decayFactor = 1 - lr * o.decoupledDecay;
      const biasCorrection1 = 1 - beta1 ** t;
      const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** t);
      const negStepSize = -(lr / biasCorrection1);
      const n = x.length;
      for (let i = 0; i < n; i++) {
        if (decoupled) x[i] = x[i] * decayFactor;
        const d = l2 !== 0 ? g[i] + l2 * x[i] : g[i];
        // mul_/add_ as in torch 1.13 (which made our fixtures); torch ≥ 2.0 uses lerp_, ≤ 1 ulp apart.
        const mi = beta1 * m[i] + oneMinusBeta1 * d;
        const vi = beta2 * v[i] + oneMinusBeta2 * d * d;
        m[i] = mi;
        v[i] = vi;
        let vHat = vi;
        if (amsgrad) {
          vHat = Math.max(vMax[i], vi);
          vMax[i] = vHat;
        }
        x[i] = x[i] + (negStepSize * mi) / (Math.sqrt(vHat) / biasCorrection2Sqrt + eps);
      }
    },
    // the scheduled lr of the last step (adamw-cosine), for traces and o1 run's lr column
    ...(o.schedule ? { lastLr: (state: OptState) => state.lr as Float64Array } : {}),
  };
}

/** The kernel of adam, adamw and adamw-cosine (assembly/optimizers/adam.ts); the per-step row
 *  holds the scalars adamStepper computes with `**` and the step's lr, by the same expressions. */
export function adamKernel(decoupled: boolean, schedule?: (h: Hyper, runSteps: number) => (k: number) => number): KernelBinding {
  return {
    kernel: 'adam',
    hyper: {
      lr: (h) => h.lr,
      beta1: (h) => h.beta1,
      beta2: (h) => h.beta2,
      eps: (h) => h.eps,
      l2: (h) => (decoupled ? 0 : h.weight_decay),
      decoupledDecay: (h) => (decoupled ? h.weight_decay : 0),
      amsgrad: (h) => h.amsgrad,
    },
    buffers: ['m', 'v', 'vMax'],
    scalars: [],
    row: ['negStepSize', 'biasCorrection2Sqrt', 'decayFactor', 'lr'],
    table(h: Hyper, steps: number): Float64Array {
      const { beta1, beta2 } = h;
      const multiplier = schedule?.(h, steps);
      const decoupledDecay = decoupled ? h.weight_decay : 0;
      const table = new Float64Array(4 * steps);
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // adamStepper: t = ++state.t
        const lr = multiplier ? h.lr * multiplier(s) : h.lr; // adamStepper's expression
        const biasCorrection1 = 1 - beta1 ** t;
        table[4 * s] = -(lr / biasCorrection1);
        table[4 * s + 1] = Math.sqrt(1 - beta2 ** t);
        table[4 * s + 2] = 1 - lr * decoupledDecay;
        table[4 * s + 3] = lr;
      }
      return table;
    },
  };
}

/** adam and adamw, which differ only in where weight_decay acts: added to the gradient (L2) or,
 *  decoupled, applied to x before the step. */
export function adamFamilySpec(o: { name: string; id: number; description: string; decoupled: boolean; weightDecay: HyperParam }): OptimizerSpec {
  const { decoupled } = o;
  return {
    name: o.name,
    id: o.id,
    description: o.description,
    hyper: [
      { name: 'lr', default: 0.001, min: 0, description: 'learning rate' },
      ...betaHyper(),
      o.weightDecay,
      { name: 'amsgrad', default: 0, min: 0, max: 1, integer: true, description: '1: use the running maximum of v (AMSGrad)' },
    ],
    kernel: adamKernel(decoupled),
    create(h: Hyper): Stepper {
      return adamStepper({
        lr: h.lr,
        beta1: h.beta1,
        beta2: h.beta2,
        eps: h.eps,
        l2: decoupled ? 0 : h.weight_decay,
        decoupledDecay: decoupled ? h.weight_decay : 0,
        amsgrad: h.amsgrad !== 0,
      });
    },
  };
}

export const adam: OptimizerSpec = adamFamilySpec({
  name: 'adam',
  id: 6,
  description: 'Adam (torch.optim.Adam); weight_decay is L2 added to the gradient (see adamw for decoupled).',
  decoupled: false,
  weightDecay: { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
});
