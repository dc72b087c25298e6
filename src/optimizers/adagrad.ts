// Adagrad, torch.optim.Adagrad: s += g², x ← x − clr·g/(√s + ε), clr = lr/(1 + (t−1)·lr_decay).
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const adagrad: OptimizerSpec = {
  name: 'adagrad',
  id: 4,
  description: 'Adagrad (torch.optim.Adagrad): per-coordinate lr shrinking with the summed squared gradients.',
  hyper: [
    { name: 'lr', default: 0.01, min: 0, description: 'learning rate' },
    { name: 'lr_decay', default: 0, min: 0, description: 'learning-rate decay: lr/(1 + (t−1)·lr_decay)' },
    { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
    { name: 'initial_accumulator_value', default: 0, min: 0, description: 'starting value of the squared-gradient sum' },
    { name: 'eps', default: 1e-10, min: 0, description: 'added to the denominator √s' },
  ],
  kernel: {
    kernel: 'adagrad',
    hyper: {
      lr: (h) => h.lr,
      lrDecay: (h) => h.lr_decay,
      weightDecay: (h) => h.weight_decay,
      initialAccumulatorValue: (h) => h.initial_accumulator_value,
      eps: (h) => h.eps,
    },
    buffers: ['sum'],
    scalars: [],
  },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const lrDecay = h.lr_decay;
    const weightDecay = h.weight_decay;
    const initialSum = h.initial_accumulator_value;
    const eps = h.eps;
    return {
      init: (n: number): OptState => ({ t: 0, sum: new Float64Array(n).fill(initialSum) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const sum = state.sum as Float64Array;
        const t = ++state.t;
        const negClr = -(lr / (1 + (t - 1) * lrDecay));
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
          const s = sum[i] + d * d;
          sum[i] = s;
          x[i] = x[i] + (negClr * d) / (Math.sqrt(s) + eps);
        }
      },
    };
  },
};
