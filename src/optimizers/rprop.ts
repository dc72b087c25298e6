// Rprop, torch.optim.Rprop (Riedmiller & Braun 1993; PyTorch 1.13's single-tensor path): a
// step size s per coordinate, starting at lr. Each step, by the sign of g·g_prev: > 0 → s·η⁺,
// < 0 → s·η⁻ and this step's g counts as 0 (and is remembered as 0), = 0 → s; then s is
// clamped to [step_size_min, step_size_max] and x ← x − sign(g)·s. Only signs of g are used:
// the hand-made, sign-based relative of o1's multiplicative lr rule.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';
import { BELOW_ONE } from './adam.js';

export const rprop: OptimizerSpec = {
  name: 'rprop',
  id: 12,
  description: 'Rprop (torch.optim.Rprop): per-coordinate step sizes, ×etaplus while g keeps its sign, ×etaminus when it flips; moves by sign(g).',
  hyper: [
    { name: 'lr', default: 0.01, min: 0, description: 'initial step size of every coordinate' },
    { name: 'etaminus', default: 0.5, min: 0, max: BELOW_ONE, description: 'etas[0]: step-size factor after a sign flip (< 1)' },
    { name: 'etaplus', default: 1.2, min: 1, description: 'etas[1]: step-size factor while the sign holds (> 1)' },
    { name: 'step_size_min', default: 1e-6, min: 0, description: 'step_sizes[0]: smallest step size' },
    { name: 'step_size_max', default: 50, min: 0, description: 'step_sizes[1]: largest step size' },
  ],
  kernel: {
    kernel: 'rprop',
    hyper: {
      lr: (h) => h.lr,
      etaminus: (h) => h.etaminus,
      etaplus: (h) => h.etaplus,
      stepSizeMin: (h) => h.step_size_min,
      stepSizeMax: (h) => h.step_size_max,
    },
    buffers: ['prev', 'stepSize'],
    scalars: [],
  },
  create(h: Hyper): Stepper {
    const { lr, etaminus, etaplus } = h;
    const sMin = h.step_size_min;
    const sMax = h.step_size_max;
    return {
      init: (n: number): OptState => ({ t: 0, prev: new Float64Array(n), stepSize: new Float64Array(n).fill(lr) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const prev = state.prev as Float64Array;
        const stepSize = state.stepSize as Float64Array;
        state.t++;
        const n = x.length;
        for (let i = 0; i < n; i++) {
          const p = g[i] * prev[i];
          let s = stepSize[i];
          let gi = g[i];
          if (p > 0) {
            s = s * etaplus;
          } else if (p < 0) {
            s = s * etaminus;
            gi = 0; // PyTorch: grad[sign.eq(etaminus)] = 0
          }
          s = Math.min(Math.max(s, sMin), sMax); // clamp_(step_size_min, step_size_max)
          stepSize[i] = s;
          x[i] = x[i] - (gi > 0 ? s : gi < 0 ? -s : 0);
          prev[i] = gi;
        }
      },
    };
  },
};
