// Plain SGD, torch.optim.SGD with momentum 0: x ← x − lr·(g + wd·x).
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const sgd: OptimizerSpec = {
  name: 'sgd',
  id: 1,
  description: 'SGD (torch.optim.SGD, no momentum). PyTorch has no default lr; 0.001 is ours.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'learning rate (no PyTorch default; ours is 0.001)' },
    { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
  ],
  kernel: {
    kernel: 'sgd',
    hyper: { lr: (h) => h.lr, weightDecay: (h) => h.weight_decay },
    buffers: [],
    scalars: [],
  },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const weightDecay = h.weight_decay;
    return {
      init: (): OptState => ({ t: 0 }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        state.t++;
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
          x[i] = x[i] + -lr * d;
        }
      },
    };
  },
};
