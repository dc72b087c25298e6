// Prodigy (Mishchenko & Defazio, ICML 2024), as the reference package prodigyopt (Prodigy,
// prodigy.py) computes it: Adam whose step is scaled by a running estimate d of the distance to
// the solution, so lr = 1 needs no tuning. Per step k (0-based), with dlr = d·lr·bc
// (bc = √(1−β2^(k+1))/(1−β1^(k+1)) with use_bias_correction, else 1), β3 = √β2 unless given:
//   r ← β3·r + (d/d0)·dlr·⟨g, x0 − x⟩
//   m ← β1·m + d(1−β1)·g,  v ← β2·v + d²(1−β2)·g²,  s ← β3·s + (d/d0)·dlr·g   (d/d0·d with safeguard_warmup)
//   if ‖s‖₁ = 0: no step (all gradients so far were 0)
//   d̂ = d_coef·r/‖s‖₁;  d ← max(d, d̂) on the first growth (d = d0);  d_max ← max(d_max, d̂);  d ← min(d_max, d·growth_rate)
//   x ← x − dlr·m/(√v + d·ε)      (decoupled weight decay first: x ← x − weight_decay·dlr·x)
//   β1 = 0: x ← x − dlr·d·g/(√v + d·ε) with the updated d (prodigyopt keeps no m then)
// The paper's (1 − √β2) factors and the package's 1/d0 cancel in d̂ = r/‖s‖₁. One d per run.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { BELOW_ONE } from './adam.js';

export const prodigy: OptimizerSpec = {
  name: 'prodigy',
  id: 13,
  description: 'Prodigy (Mishchenko & Defazio 2024, prodigyopt): Adam scaled by an estimate d of the distance to the solution; lr = 1, no tuning.',
  hyper: [
    { name: 'lr', default: 1, min: 0, description: 'multiplier of the Prodigy step d (1 = the method as published)' },
    { name: 'beta1', default: 0.9, min: 0, max: BELOW_ONE, description: 'decay of the gradient average (betas[0])' },
    { name: 'beta2', default: 0.999, min: 0, max: BELOW_ONE, description: 'decay of the squared-gradient average (betas[1])' },
    { name: 'beta3', default: 0, min: 0, max: BELOW_ONE, description: 'decay of the d estimate\'s sums; 0: √beta2 (prodigyopt\'s None)' },
    { name: 'eps', default: 1e-8, min: 0, description: 'added to the denominator, times d' },
    { name: 'weight_decay', default: 0, min: 0, description: 'weight decay (decoupled, AdamW-style, unless decouple = 0)' },
    { name: 'decouple', default: 1, min: 0, max: 1, integer: true, description: '1: decoupled weight decay; 0: L2 added to the gradient' },
    { name: 'use_bias_correction', default: 0, min: 0, max: 1, integer: true, description: "1: Adam's bias correction in the step" },
    { name: 'safeguard_warmup', default: 0, min: 0, max: 1, integer: true, description: '1: leave lr out of the d estimate\'s denominator' },
    { name: 'd0', default: 1e-6, min: 0, description: 'initial d estimate' },
    { name: 'd_coef', default: 1, min: 0, description: 'coefficient of the d estimate (the knob prodigyopt suggests turning)' },
    { name: 'growth_rate', default: Infinity, min: 1, allowInfinity: true, description: 'largest factor d may grow by per step (Infinity: no limit)' },
  ],
  kernel: {
    kernel: 'prodigy',
    hyper: {
      lr: (h) => h.lr,
      beta1: (h) => h.beta1,
      beta2: (h) => h.beta2,
      beta3: (h) => beta3Of(h),
      eps: (h) => h.eps,
      coupledDecay: (h) => (h.decouple === 0 ? h.weight_decay : 0),
      decoupledDecay: (h) => (h.decouple !== 0 ? h.weight_decay : 0),
      safeguardWarmup: (h) => h.safeguard_warmup,
      d0: (h) => h.d0,
      dCoef: (h) => h.d_coef,
      growthRate: (h) => h.growth_rate,
    },
    buffers: ['m', 'v', 's', 'x0'],
    scalars: ['d', 'dMax', 'dNumerator', 'k'],
    row: ['biasCorrection'],
    table(h: Hyper, steps: number): Float64Array {
      const table = new Float64Array(steps);
      for (let k = 0; k < steps; k++) table[k] = biasCorrection(h, k);
      return table;
    },
  },
  create(h: Hyper): Stepper {
    const { lr, beta1, beta2, eps, d0 } = h;
    const beta3 = beta3Of(h);
    const dCoef = h.d_coef;
    const growthRate = h.growth_rate;
    const safeguard = h.safeguard_warmup !== 0;
    const coupledDecay = h.decouple === 0 ? h.weight_decay : 0;
    const decoupledDecay = h.decouple !== 0 ? h.weight_decay : 0;
    return {
      init: (n: number): OptState => ({
        t: 0, k: 0, d: d0, dMax: d0, dNumerator: 0,
        m: new Float64Array(n), v: new Float64Array(n), s: new Float64Array(n), x0: new Float64Array(n),
        grad: new Float64Array(n), lr: new Float64Array(n),
      }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const m = state.m as Float64Array;
        const v = state.v as Float64Array;
        const s = state.s as Float64Array;
        const x0 = state.x0 as Float64Array;
        const grad = state.grad as Float64Array;
        const n = x.length;
        if (state.t === 0) x0.set(x);
        state.t++;
        const k = state.k as number;
        let d = state.d as number;
        const dlr = d * lr * biasCorrection(h, k);
        (state.lr as Float64Array).fill(dlr);
        for (let i = 0; i < n; i++) grad[i] = coupledDecay !== 0 ? g[i] + coupledDecay * x[i] : g[i];
        let dot = 0;
        for (let i = 0; i < n; i++) dot += grad[i] * (x0[i] - x[i]);
        const dNumerator = (state.dNumerator as number) * beta3 + (d / d0) * dlr * dot;
        const mScale = d * (1 - beta1);
        const vScale = d * d * (1 - beta2);
        const sScale = safeguard ? (d / d0) * d : (d / d0) * dlr;
        let dDenom = 0;
        for (let i = 0; i < n; i++) {
          const gi = grad[i];
          m[i] = beta1 * m[i] + mScale * gi;
          v[i] = beta2 * v[i] + vScale * gi * gi;
          s[i] = beta3 * s[i] + sScale * gi;
          dDenom += Math.abs(s[i]);
        }
        if (dDenom === 0) return; // prodigyopt returns before the step (k stays)
        const dHat = (dCoef * dNumerator) / dDenom;
        if (d === d0) d = Math.max(d, dHat);
        const dMax = Math.max(state.dMax as number, dHat);
        d = Math.min(dMax, d * growthRate);
        state.dNumerator = dNumerator;
        state.d = d;
        state.dMax = dMax;
        const dEps = d * eps;
        const decay = -decoupledDecay * dlr;
        // β1 = 0: prodigyopt keeps no m and steps along d·g with the updated d (m holds the old d·g)
        const negDlrD = -dlr * d;
        for (let i = 0; i < n; i++) {
          if (decoupledDecay !== 0) x[i] = x[i] + decay * x[i];
          const num = beta1 === 0 ? negDlrD * grad[i] : -dlr * m[i];
          x[i] = x[i] + num / (Math.sqrt(v[i]) + dEps);
        }
        state.k = k + 1;
      },
      lastLr: (state) => state.lr as Float64Array,
    };
  },
};

/** β3: prodigyopt's default (None) is √β2. */
function beta3Of(h: Hyper): number {
  return h.beta3 === 0 ? Math.sqrt(h.beta2) : h.beta3;
}

/** The step's bias correction at step k (0-based), prodigyopt's expression; 1 when off. */
function biasCorrection(h: Hyper, k: number): number {
  return h.use_bias_correction !== 0 ? (1 - h.beta2 ** (k + 1)) ** 0.5 / (1 - h.beta1 ** (k + 1)) : 1;
}
