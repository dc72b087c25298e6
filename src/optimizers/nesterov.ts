// Nesterov momentum, torch.optim.SGD(momentum=μ, nesterov=True): the momentum buffer is updated
// as in `momentum`, then the step uses the look-ahead direction g + μ·b.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { momentumHyper } from './momentum.js';

export const nesterov: OptimizerSpec = {
  name: 'nesterov',
  id: 3,
  description: 'SGD with Nesterov momentum (torch.optim.SGD, nesterov=True). PyTorch has no default lr; 0.001 is ours.',
  // PyTorch rejects Nesterov with non-zero dampening, hence the [0, 0] range.
  hyper: momentumHyper(0, ' (must be 0: PyTorch requires zero dampening for Nesterov)'),
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const mu = h.momentum;
    const gradScale = 1 - h.dampening;
    const weightDecay = h.weight_decay;
    return {
      init: (n: number): OptState => ({ t: 0, buf: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const buf = state.buf as Float64Array;
        const first = state.t === 0 || mu === 0;
        state.t++;
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
          const b = first ? d : mu * buf[i] + gradScale * d;
          buf[i] = b;
          x[i] = x[i] + -lr * (d + mu * b);
        }
      },
    };
  },
};
