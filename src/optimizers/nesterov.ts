// Nesterov momentum, torch.optim.SGD(momentum=μ, nesterov=True): the momentum buffer is updated
// as in `momentum`, then the step uses the look-ahead direction g + μ·b.
import type { Hyper, OptimizerSpec, Stepper } from './types.js';
import { momentumHyper, momentumKernel, momentumStepper } from './momentum.js';

export const nesterov: OptimizerSpec = {
  name: 'nesterov',
  id: 3,
  description: 'SGD with Nesterov momentum (torch.optim.SGD, nesterov=True). PyTorch has no default lr; 0.001 is ours.',
  // PyTorch rejects Nesterov with non-zero dampening, hence the [0, 0] range.
  hyper: momentumHyper(0, ' (must be 0: PyTorch requires zero dampening for Nesterov)'),
  kernel: momentumKernel(true),
  create: (h: Hyper): Stepper => momentumStepper(h, true),
};
