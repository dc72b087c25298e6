// RMSprop, torch.optim.RMSprop: v = α·v + (1−α)·g², x ← x − lr·g/(√v + ε); optionally centered
// (subtract the squared running mean of g) and with momentum (b = μ·b + g/(…), x ← x − lr·b).
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const rmsprop: OptimizerSpec = {
  name: 'rmsprop',
  id: 5,
  description: 'RMSprop (torch.optim.RMSprop): divides g by a running RMS of past gradients; ε outside the root.',
  hyper: [
    { name: 'lr', default: 0.01, min: 0, description: 'learning rate' },
    { name: 'alpha', default: 0.99, min: 0, max: 1, description: 'smoothing constant of the squared-gradient average' },
    { name: 'eps', default: 1e-8, min: 0, description: 'added to the denominator √v' },
    { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
    { name: 'momentum', default: 0, min: 0, max: 1, description: 'momentum factor (0: none)' },
    { name: 'centered', default: 0, min: 0, max: 1, integer: true, description: '1: normalise by the variance estimate v − ḡ² instead of v' },
  ],
  kernel: {
    kernel: 'rmsprop',
    hyper: {
      lr: (h) => h.lr,
      alpha: (h) => h.alpha,
      eps: (h) => h.eps,
      weightDecay: (h) => h.weight_decay,
      momentum: (h) => h.momentum,
      centered: (h) => h.centered,
    },
    buffers: ['squareAvg', 'gradAvg', 'buf'],
    scalars: [],
  },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    const alpha = h.alpha;
    const oneMinusAlpha = 1 - alpha;
    const eps = h.eps;
    const weightDecay = h.weight_decay;
    const mu = h.momentum;
    const centered = h.centered !== 0;
    return {
      init: (n: number): OptState => {
        const state: OptState = { t: 0, squareAvg: new Float64Array(n) };
        if (centered) state.gradAvg = new Float64Array(n);
        if (mu > 0) state.buf = new Float64Array(n);
        return state;
      },
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const squareAvg = state.squareAvg as Float64Array;
        const gradAvg = state.gradAvg as Float64Array;
        const buf = state.buf as Float64Array;
        state.t++;
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const d = weightDecay !== 0 ? g[i] + weightDecay * x[i] : g[i];
          const v = alpha * squareAvg[i] + oneMinusAlpha * d * d;
          squareAvg[i] = v;
          let avg: number;
          if (centered) {
            const m = alpha * gradAvg[i] + oneMinusAlpha * d;
            gradAvg[i] = m;
            avg = Math.sqrt(v - m * m) + eps;
          } else {
            avg = Math.sqrt(v) + eps;
          }
          if (mu > 0) {
            const b = mu * buf[i] + d / avg;
            buf[i] = b;
            x[i] = x[i] + -lr * b;
          } else {
            x[i] = x[i] + (-lr * d) / avg;
          }
        }
      },
    };
  },
};
