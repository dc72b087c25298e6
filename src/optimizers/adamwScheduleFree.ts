// Schedule-free AdamW (Defazio et al., NeurIPS 2024, "The Road Less Scheduled"), as the
// reference package schedulefree computes it (AdamWScheduleFree, the non-foreach path): no lr
// schedule; z takes AdamW-like steps, x is a weighted average of the z's, and gradients are
// taken at y = (1 − β1)·z + β1·x. The optimizer keeps y (the point it moves, and where f and
// ∇f are evaluated — what o1's engines and the benchmark measure: the "train mode" point) and z;
// x itself, the "eval mode" point, is x = y + (1 − 1/β1)(z − y). Per step k (0-based):
//   lr_k = lr·min(1, (k+1)/warmup_steps)·√(1 − β2^(k+1)),  lr_max ← max(lr_max, lr_k)
//   w_k = (k+1)^r·lr_max^weight_lr_power,  c = w_k / Σ w  (0 while Σ w = 0)
//   v ← β2·v + (1−β2)·g²,  u = g/(√v + ε) + weight_decay·y
//   y ← lerp(y, z, c) + lr_k·(β1(1 − c) − 1)·u,  z ← z − lr_k·u
// Everything but v, y and z depends on k only: the host computes (lr_k, c) per step.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { BELOW_ONE } from './adam.js';

export const adamwScheduleFree: OptimizerSpec = {
  name: 'adamw-schedulefree',
  id: 14,
  description: 'Schedule-free AdamW (Defazio et al. 2024, schedulefree.AdamWScheduleFree): iterate averaging instead of an lr schedule; f is measured at y, where gradients are taken.',
  hyper: [
    { name: 'lr', default: 0.0025, min: 0, description: 'learning rate' },
    { name: 'beta1', default: 0.9, min: 0, max: BELOW_ONE, description: 'interpolation between z and the average x (betas[0])' },
    { name: 'beta2', default: 0.999, min: 0, max: BELOW_ONE, description: 'decay of the squared-gradient average (betas[1])' },
    { name: 'eps', default: 1e-8, min: 0, description: 'added to the denominator, outside the root' },
    { name: 'weight_decay', default: 0, min: 0, description: 'weight decay, computed at y' },
    { name: 'warmup_steps', default: 0, min: 0, integer: true, description: 'steps of linear lr warmup' },
    { name: 'r', default: 0, min: 0, description: 'polynomial weighting (k+1)^r of the average' },
    { name: 'weight_lr_power', default: 2, min: 0, description: 'the average weights lr_max^weight_lr_power' },
  ],
  kernel: {
    kernel: 'adamwScheduleFree',
    hyper: {
      beta1: (h) => h.beta1,
      beta2: (h) => h.beta2,
      eps: (h) => h.eps,
      weightDecay: (h) => h.weight_decay,
    },
    buffers: ['z', 'v'],
    scalars: [],
    row: ['lr', 'ckp1'],
    table(h: Hyper, steps: number): Float64Array {
      const table = new Float64Array(2 * steps);
      let at: Schedule = { lr: 0, ckp1: 0, lrMax: -1, weightSum: 0 };
      for (let k = 0; k < steps; k++) {
        at = scheduleAt(h, k, at);
        table[2 * k] = at.lr;
        table[2 * k + 1] = at.ckp1;
      }
      return table;
    },
  },
  create(h: Hyper): Stepper {
    const { beta1, beta2, eps } = h;
    const decay = h.weight_decay;
    return {
      init: (n: number): OptState => ({ t: 0, lrMax: -1, weightSum: 0, z: new Float64Array(n), v: new Float64Array(n), lr: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const z = state.z as Float64Array;
        const v = state.v as Float64Array;
        const n = x.length;
        if (state.t === 0) z.set(x);
        const { lr, ckp1, lrMax, weightSum } = scheduleAt(h, state.t, { lr: 0, ckp1: 0, lrMax: state.lrMax as number, weightSum: state.weightSum as number });
        state.lrMax = lrMax;
        state.weightSum = weightSum;
        state.t++;
        (state.lr as Float64Array).fill(lr);
        const yScale = lr * (beta1 * (1 - ckp1) - 1);
        for (let i = 0; i < n; i++) {
          const vi = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          v[i] = vi;
          let u = g[i] / (Math.sqrt(vi) + eps);
          if (decay !== 0) u = u + decay * x[i];
          const y = lerp(x[i], z[i], ckp1);
          x[i] = y + yScale * u;
          z[i] = z[i] - lr * u;
        }
      },
      lastLr: (state) => state.lr as Float64Array,
    };
  },
};

interface Schedule {
  lr: number;
  ckp1: number;
  /** The running max of lr_k (−1 before the first step) and the sum of the weights. */
  lrMax: number;
  weightSum: number;
}

/** Step k's lr_k and c_k, given lr_max and Σ w after step k − 1 (schedulefree's expressions). */
function scheduleAt(h: Hyper, k: number, before: Schedule): Schedule {
  const sched = k < h.warmup_steps ? (k + 1) / h.warmup_steps : 1;
  const biasCorrection2 = 1 - h.beta2 ** (k + 1);
  const lr = h.lr * sched * Math.sqrt(biasCorrection2);
  const lrMax = Math.max(lr, before.lrMax);
  const weight = (k + 1) ** h.r * lrMax ** h.weight_lr_power;
  const weightSum = before.weightSum + weight;
  const ckp1 = weightSum === 0 ? 0 : weight / weightSum; // Python's ZeroDivisionError → 0
  return { lr, ckp1, lrMax, weightSum };
}

/** torch.lerp(start, end, weight), PyTorch's formula (exact at both ends). */
export function lerp(start: number, end: number, weight: number): number {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
