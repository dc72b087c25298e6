// Schedule-free AdamW (Defazio et al., NeurIPS 2024, "The Road Less Scheduled"), as the
// reference package schedulefree 1.4.1 computes it (the non-foreach path; the fixture generator
// runs the package's files, pinned by git blob id): no lr schedule; z takes AdamW-like steps, x
// is a weighted average of the z's, and gradients are taken at y = (1 − β1)·z + β1·x. The
// optimizer keeps y (the point it moves, where ∇f is taken: the package's "train mode" point) and
// z; its answer is x = lerp(y, z, 1 − 1/β1), the point `optimizer.eval()` puts the weights at
// (evalPoint; with β1 = 0, where the package's eval() divides by zero, y). Per step k (0-based):
//   sched = min(1, (k+1)/warmup_steps),  bc2 = 1 − β2^(k+1)
//   AdamWScheduleFree (≥ 1.3):      lr_k = lr·sched,          u = g/(√(v/bc2) + ε) + weight_decay·y
//   AdamWScheduleFreePaper (< 1.3): lr_k = lr·sched·√bc2,     u = g/(√v + ε) + weight_decay·y
//   lr_max ← max(lr_max, lr_k),  w_k = (k+1)^r·lr_max^weight_lr_power,  c = w_k / Σ w  (0 while Σ w = 0)
//   v ← β2·v + (1−β2)·g²,  y ← lerp(y, z, c) + lr_k·(β1(1 − c) − 1)·u,  z ← z − lr_k·u
// Everything but v, y and z depends on k only: the host computes (lr_k, c, bc2) per step (the
// paper's class gets bc2 = 1 in the row: v/1 is v, bit for bit). schedulefree 1.4's
// inner_momentum μ (current class only; default 0, off): m ← μ·m + (1−μ)·g and g is replaced by
// m/(1 − μ^(k+1)) in u (the row's bc1; 1 when off).
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { BELOW_ONE } from './adam.js';

function scheduleFreeSpec(o: { name: string; id: number; description: string; paper: boolean }): OptimizerSpec {
  const { paper } = o;
  return {
    name: o.name,
    id: o.id,
    description: o.description,
    hyper: [
      { name: 'lr', default: 0.0025, min: 0, description: 'learning rate' },
      { name: 'beta1', default: 0.9, min: 0, max: BELOW_ONE, description: 'interpolation between z and the average x (betas[0])' },
      { name: 'beta2', default: 0.999, min: 0, max: BELOW_ONE, description: 'decay of the squared-gradient average (betas[1])' },
      { name: 'eps', default: 1e-8, min: 0, description: 'added to the denominator, outside the root' },
      { name: 'weight_decay', default: 0, min: 0, description: 'weight decay, computed at y' },
      { name: 'warmup_steps', default: 0, min: 0, integer: true, description: 'steps of linear lr warmup' },
      { name: 'r', default: 0, min: 0, description: 'polynomial weighting (k+1)^r of the average' },
      { name: 'weight_lr_power', default: 2, min: 0, description: 'the average weights lr_max^weight_lr_power' },
      ...(paper ? [] : [{ name: 'inner_momentum', default: 0, min: 0, max: BELOW_ONE, description: 'momentum of the gradient inside the AdamW step (schedulefree ≥ 1.4; 0: off)' }]),
    ],
    kernel: {
      kernel: 'adamwScheduleFree',
      evalPoint: true,
      hyper: {
        beta1: (h) => h.beta1,
        beta2: (h) => h.beta2,
        eps: (h) => h.eps,
        weightDecay: (h) => h.weight_decay,
        innerMomentum: (h) => h.inner_momentum ?? 0,
      },
      buffers: ['z', 'v', 'm'],
      scalars: [],
      row: ['lr', 'ckp1', 'biasCorrection2', 'biasCorrection1'],
      table(h: Hyper, steps: number): Float64Array {
        const table = new Float64Array(4 * steps);
        let at: Schedule = { lr: 0, ckp1: 0, bc2: 1, lrMax: -1, weightSum: 0 };
        for (let k = 0; k < steps; k++) {
          at = scheduleAt(h, k, at, paper);
          table[4 * k] = at.lr;
          table[4 * k + 1] = at.ckp1;
          table[4 * k + 2] = at.bc2;
          table[4 * k + 3] = innerBiasCorrection(h, k);
        }
        return table;
      },
    },
    create(h: Hyper): Stepper {
      const { beta1, beta2, eps } = h;
      const decay = h.weight_decay;
      const mu = h.inner_momentum ?? 0;
      return {
        init: (n: number): OptState => ({
          t: 0, lrMax: -1, weightSum: 0, z: new Float64Array(n), v: new Float64Array(n), ...(mu !== 0 ? { m: new Float64Array(n) } : {}), lr: new Float64Array(n),
        }),
        step(x: Float64Array, g: Float64Array, state: OptState): void {
          const z = state.z as Float64Array;
          const v = state.v as Float64Array;
          const n = x.length;
          if (state.t === 0) z.set(x);
          const before = { lr: 0, ckp1: 0, bc2: 1, lrMax: state.lrMax as number, weightSum: state.weightSum as number };
          const { lr, ckp1, bc2, lrMax, weightSum } = scheduleAt(h, state.t, before, paper);
          state.lrMax = lrMax;
          state.weightSum = weightSum;
          state.t++;
          (state.lr as Float64Array).fill(lr);
          const yScale = lr * (beta1 * (1 - ckp1) - 1);
          const m = state.m as Float64Array;
          const bc1 = innerBiasCorrection(h, state.t - 1);
          for (let i = 0; i < n; i++) {
            const vi = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            v[i] = vi;
            const denom = Math.sqrt(vi / bc2) + eps;
            let u: number;
            if (mu !== 0) {
              m[i] = m[i] * mu + (1 - mu) * g[i];
              u = m[i] / bc1 / denom;
            } else u = g[i] / denom;
            if (decay !== 0) u = u + decay * x[i];
            const y = lerp(x[i], z[i], ckp1);
            x[i] = y + yScale * u;
            z[i] = z[i] - lr * u;
          }
        },
        lastLr: (state) => state.lr as Float64Array,
        evalPoint(x: Float64Array, state: OptState, out: Float64Array): void {
          if (state.t === 0 || beta1 === 0) {
            out.set(x);
            return;
          }
          const z = state.z as Float64Array;
          const w = 1 - 1 / beta1;
          for (let i = 0; i < x.length; i++) out[i] = lerp(x[i], z[i], w);
        },
      };
    },
  };
}

export const adamwScheduleFree: OptimizerSpec = scheduleFreeSpec({
  name: 'adamw-schedulefree',
  id: 14,
  description: 'Schedule-free AdamW (Defazio et al. 2024), schedulefree.AdamWScheduleFree as of 1.3–1.4.1: iterate averaging instead of an lr schedule; gradients at y, the answer (evalPoint) at x.',
  paper: false,
});

export const adamwScheduleFreePaper: OptimizerSpec = scheduleFreeSpec({
  name: 'adamw-schedulefree-paper',
  id: 19,
  description: "Schedule-free AdamW as first published, schedulefree.AdamWScheduleFreePaper (the package's AdamWScheduleFree before 1.3): lr·√(1−β2^(k+1)), denominator √v + ε; answer at x.",
  paper: true,
});

interface Schedule {
  lr: number;
  ckp1: number;
  /** The denominator's bias correction 1 − β2^(k+1) (1 for the paper's class). */
  bc2: number;
  /** The running max of lr_k (−1 before the first step) and the sum of the weights. */
  lrMax: number;
  weightSum: number;
}

/** Step k's lr_k, c_k and bc2, given lr_max and Σ w after step k − 1 (schedulefree's expressions). */
function scheduleAt(h: Hyper, k: number, before: Schedule, paper: boolean): Schedule {
  const sched = k < h.warmup_steps ? (k + 1) / h.warmup_steps : 1;
  const biasCorrection2 = 1 - h.beta2 ** (k + 1);
  const lr = paper ? h.lr * sched * Math.sqrt(biasCorrection2) : h.lr * sched;
  const lrMax = Math.max(lr, before.lrMax);
  const weight = (k + 1) ** h.r * lrMax ** h.weight_lr_power;
  const weightSum = before.weightSum + weight;
  const ckp1 = weightSum === 0 ? 0 : weight / weightSum; // Python's ZeroDivisionError → 0
  return { lr, ckp1, bc2: paper ? 1 : biasCorrection2, lrMax, weightSum };
}

/** 1 − μ^(k+1) for inner_momentum μ at step k (schedulefree's bias_correction1); 1 when off. */
function innerBiasCorrection(h: Hyper, k: number): number {
  const mu = h.inner_momentum ?? 0;
  return mu !== 0 ? 1 - mu ** (k + 1) : 1;
}

/** torch.lerp(start, end, weight), PyTorch's formula (exact at both ends). */
export function lerp(start: number, end: number, weight: number): number {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
