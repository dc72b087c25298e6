// AdamW, torch.optim.AdamW: decoupled weight decay x ← x·(1 − lr·wd), then the Adam step.
import type { Hyper, OptimizerSpec, Stepper } from './types.js';
import { adamKernel, adamStepper, betaHyper } from './adam.js';

export const adamw: OptimizerSpec = {
  name: 'adamw',
  id: 7,
  description: 'AdamW (torch.optim.AdamW): Adam with decoupled weight decay x ← x·(1 − lr·wd) before the step.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'learning rate' },
    ...betaHyper(),
    { name: 'weight_decay', default: 0.01, min: 0, description: 'decoupled decay: x ← x·(1 − lr·wd) each step' },
    { name: 'amsgrad', default: 0, min: 0, max: 1, integer: true, description: '1: use the running maximum of v (AMSGrad)' },
  ],
  kernel: adamKernel(true),
  create(h: Hyper): Stepper {
    return adamStepper({
      lr: h.lr,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      l2: 0,
      decoupledDecay: h.weight_decay,
      amsgrad: h.amsgrad !== 0,
    });
  },
};
