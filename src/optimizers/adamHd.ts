// Adam-HD (Baydin et al., ICLR 2018): Adam whose learning rate follows hypergradient descent.
// With the previous update u_{t−1} = −α·m̂_{t−1}/(√v̂_{t−1} + ε), α_t = α_{t−1} + β·g_t·(m̂_{t−1}/(√v̂_{t−1}+ε)).
// The Adam part follows torch.optim.Adam's formulas (bias-corrected m̂, v̂). One α per run.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { betaHyper } from './adam.js';
import { hypergradientAlpha } from './hypergradient.js';

export const adamHd: OptimizerSpec = {
  name: 'adam-hd',
  id: 10,
  description: 'Adam with hypergradient descent on the learning rate (Baydin et al. 2018); lr is the initial α.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'initial learning rate α₀' },
    ...betaHyper(),
    { name: 'hypergrad_lr', default: 1e-7, min: 0, description: 'β, the learning rate of α (paper: 1e-7 for Adam-HD)' },
  ],
  kernel: {
    kernel: 'adamHd',
    hyper: { lr: (h) => h.lr, beta1: (h) => h.beta1, beta2: (h) => h.beta2, eps: (h) => h.eps, hypergradLr: (h) => h.hypergrad_lr },
    buffers: ['m', 'v', 'dir'],
    scalars: ['alpha'],
    row: ['biasCorrection1', 'biasCorrection2'],
    table(h: Hyper, steps: number): Float64Array {
      const { beta1, beta2 } = h;
      const table = new Float64Array(2 * steps);
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // the step below: t = ++state.t, same expressions
        table[2 * s] = 1 - beta1 ** t;
        table[2 * s + 1] = 1 - beta2 ** t;
      }
      return table;
    },
  },
  create(h: Hyper): Stepper {
    const { beta1, beta2, eps, hypergrad_lr: beta } = h;
    const lr0 = h.lr;
    return {
      init: (n: number): OptState => ({ t: 0, alpha: lr0, m: new Float64Array(n), v: new Float64Array(n), dir: new Float64Array(n), lr: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const m = state.m as Float64Array;
        const v = state.v as Float64Array;
        const dir = state.dir as Float64Array; // m̂/(√v̂+ε) of the previous step
        const n = x.length;
        const alpha = hypergradientAlpha(state.alpha as number, beta, state.t, g, dir, n);
        const t = ++state.t;
        const bc1 = 1 - beta1 ** t;
        const bc2 = 1 - beta2 ** t;
        for (let i = 0; i < n; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          const d = m[i] / bc1 / (Math.sqrt(v[i] / bc2) + eps);
          dir[i] = d;
          x[i] -= alpha * d;
        }
        state.alpha = alpha;
        (state.lr as Float64Array).fill(alpha);
      },
      lastLr: (state) => state.lr as Float64Array,
    };
  },
};
