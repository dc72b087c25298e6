// SGD-HD, hypergradient descent (Baydin et al., ICLR 2018, Algorithm "SGD-HD"): the learning
// rate itself follows gradient descent on the loss. Since u_{t−1} = −α g_{t−1}, ∂f(x_t)/∂α =
// −g_t·g_{t−1}, so α_t = α_{t−1} + β·(g_t·g_{t−1}); then x ← x − α_t·g_t. One α per run.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { hypergradientAlpha } from './hypergradient.js';

export const sgdHd: OptimizerSpec = {
  name: 'sgd-hd',
  id: 9,
  description: 'SGD with hypergradient descent on the learning rate (Baydin et al. 2018); lr is the initial α.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'initial learning rate α₀' },
    { name: 'hypergrad_lr', default: 0.001, min: 0, description: 'β, the learning rate of α (paper: 0.001 for SGD-HD)' },
  ],
  kernel: {
    kernel: 'sgdHd',
    hyper: { lr: (h) => h.lr, hypergradLr: (h) => h.hypergrad_lr },
    buffers: ['prevG'],
    scalars: ['alpha'],
  },
  create(h: Hyper): Stepper {
    const beta = h.hypergrad_lr;
    const lr0 = h.lr;
    return {
      init: (n: number): OptState => ({ t: 0, alpha: lr0, prevG: new Float64Array(n), lr: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const prev = state.prevG as Float64Array;
        const n = x.length;
        const alpha = hypergradientAlpha(state.alpha as number, beta, state.t, g, prev, n);
        for (let i = 0; i < n; i++) {
          x[i] -= alpha * g[i];
          prev[i] = g[i];
        }
        state.alpha = alpha;
        state.t++;
        (state.lr as Float64Array).fill(alpha);
      },
      lastLr: (state) => state.lr as Float64Array,
    };
  },
};
