// Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of Optimization
// Algorithms"), as the official PyTorch code computes it (google/automl lion/lion_pytorch.py, git
// blob b27f4e54; the fixture generator runs that file), in its operation order:
//   x ← x·(1 − lr·wd)                       decoupled weight decay, first
//   u = m·β1 + g·(1 − β1);  x ← x − lr·sign(u)
//   m ← m·β2 + g·(1 − β2)
// sign is torch.sign: sign(0) = 0 (and torch 1.13 gives 0 for NaN, as here and the kernel's
// vsignTimes), so a coordinate whose u is 0 does not move.
import { BELOW_ONE } from './adam.js';
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const lion: OptimizerSpec = {
  name: 'lion',
  id: 32,
  description: 'Lion (Chen et al. 2023, google/automl lion_pytorch.py): steps by lr·sign of an interpolated momentum; decoupled weight decay.',
  hyper: [
    { name: 'lr', default: 1e-4, min: 0, description: 'the step of every coordinate (sign updates: smaller than Adam’s)' },
    { name: 'beta1', default: 0.9, min: 0, max: BELOW_ONE, description: 'interpolation of momentum and gradient inside the sign (betas[0])' },
    { name: 'beta2', default: 0.99, min: 0, max: BELOW_ONE, description: 'momentum decay (betas[1])' },
    { name: 'weight_decay', default: 0, min: 0, description: 'decoupled weight decay: x ← x·(1 − lr·wd) before the step' },
  ],
  kernel: {
    kernel: 'lion',
    hyper: {
      lr: (h) => h.lr,
      beta1: (h) => h.beta1,
      oneMinusBeta1: (h) => 1 - h.beta1,
      beta2: (h) => h.beta2,
      oneMinusBeta2: (h) => 1 - h.beta2,
      decay: (h) => 1 - h.lr * h.weight_decay,
    },
    buffers: ['m'],
    scalars: [],
  },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const beta1 = h.beta1;
    const oneMinusBeta1 = 1 - beta1;
    const beta2 = h.beta2;
    const oneMinusBeta2 = 1 - beta2;
    const decay = 1 - lr * h.weight_decay;
    return {
      init: (n: number): OptState => ({ t: 0, m: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const m = state.m as Float64Array;
        state.t++;
        for (let i = 0; i < x.length; i++) {
          const u = m[i] * beta1 + g[i] * oneMinusBeta1;
          const sign = u > 0 ? 1 : u < 0 ? -1 : 0;
          x[i] = x[i] * decay - sign * lr;
          m[i] = m[i] * beta2 + g[i] * oneMinusBeta2;
        }
      },
    };
  },
};
