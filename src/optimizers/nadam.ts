// NAdam, torch.optim.NAdam (Dozat 2016 with PyTorch's momentum-decay schedule):
// μ_t = β1·(1 − ½·0.96^(t·ψ)), m and v as in Adam, and the step mixes the current gradient
// (weight (1−μ_t)/(1−Πμ)) with the look-ahead momentum (weight μ_{t+1}/(1−Πμ·μ_{t+1})).
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { betaHyper } from './adam.js';

export const nadam: OptimizerSpec = {
  name: 'nadam',
  id: 8,
  description: 'NAdam (torch.optim.NAdam): Adam with Nesterov momentum and a momentum-decay schedule.',
  hyper: [
    { name: 'lr', default: 0.002, min: 0, description: 'learning rate' },
    ...betaHyper(),
    { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
    { name: 'momentum_decay', default: 0.004, min: 0, description: 'ψ in μ_t = β1·(1 − ½·0.96^(t·ψ))' },
  ],
  kernel: {
    kernel: 'nadam',
    hyper: {
      lr: (h) => h.lr,
      beta1: (h) => h.beta1,
      beta2: (h) => h.beta2,
      eps: (h) => h.eps,
      weightDecay: (h) => h.weight_decay,
      momentumDecay: (h) => h.momentum_decay,
    },
    buffers: ['m', 'v'],
    scalars: [],
    row: ['biasCorrection2', 'gradWeight', 'momentumWeight'],
    table(h: Hyper, steps: number): Float64Array {
      const { lr, beta1, beta2 } = h;
      const momentumDecay = h.momentum_decay;
      const table = new Float64Array(3 * steps);
      let muProduct = 1;
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // the step below, same expressions
        const biasCorrection2 = 1 - beta2 ** t;
        const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
        const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
        muProduct = muProduct * mu;
        const muProductNext = muProduct * muNext;
        table[3 * s] = biasCorrection2;
        table[3 * s + 1] = (-lr * (1 - mu)) / (1 - muProduct);
        table[3 * s + 2] = (-lr * muNext) / (1 - muProductNext);
      }
      return table;
    },
  },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const beta1 = h.beta1;
    const beta2 = h.beta2;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const eps = h.eps;
    const weightDecay = h.weight_decay;
    const momentumDecay = h.momentum_decay;
    return {
      // muProduct: Π_{k≤t} μ_k, kept in float64 (PyTorch keeps it as a tensor of the default dtype).
      init: (n: number): OptState => ({ t: 0, muProduct: 1, m: new Float64Array(n), v: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const m = state.m as Float64Array;
        const v = state.v as Float64Array;
        const t = ++state.t;
        const biasCorrection2 = 1 - beta2 ** t;
        const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
        const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
        const muProduct = (state.muProduct as number) * mu;
        state.muProduct = muProduct;
        const muProductNext = muProduct * muNext;
        const gradWeight = (-lr * (1 - mu)) / (1 - muProduct);
        const momentumWeight = (-lr * muNext) / (1 - muProductNext);
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
          const mi = beta1 * m[i] + oneMinusBeta1 * d;
          const vi = beta2 * v[i] + oneMinusBeta2 * d * d;
          m[i] = mi;
          v[i] = vi;
          const denom = Math.sqrt(vi / biasCorrection2) + eps;
          const xi = x[i] + (gradWeight * d) / denom;
          x[i] = xi + (momentumWeight * mi) / denom;
        }
      },
    };
  },
};
