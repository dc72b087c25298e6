// DoG, "Distance over Gradients" (Ivgi, Hinder & Carmon, ICML 2023): a tuning-free step size
// η_t = max_{i≤t} ‖x_i − x_0‖ / √(Σ_{i≤t} ‖g_i‖²), with the distance floored at
// r_ε = reps_rel·(1 + ‖x_0‖) so the first step moves; then x ← x − η_t·g_t. One η per run.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const dog: OptimizerSpec = {
  name: 'dog',
  id: 11,
  description: 'DoG, distance over gradients (Ivgi et al. 2023): no learning rate to tune; lr only scales η.',
  hyper: [
    { name: 'lr', default: 1, min: 0, description: 'multiplier of the DoG step (1 = the method as published)' },
    { name: 'reps_rel', default: 1e-6, min: 0, description: 'initial movement r_ε relative to 1 + ‖x₀‖' },
  ],
  kernel: {
    kernel: 'dog',
    hyper: { lr: (h) => h.lr, repsRel: (h) => h.reps_rel },
    buffers: ['x0'],
    scalars: ['maxDist', 'gradSq'],
  },
  create(h: Hyper): Stepper {
    const scale = h.lr;
    const repsRel = h.reps_rel;
    return {
      init: (n: number): OptState => ({ t: 0, maxDist: 0, gradSq: 0, x0: new Float64Array(n), lr: new Float64Array(n) }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        const x0 = state.x0 as Float64Array;
        const n = x.length;
        if (state.t === 0) {
          let norm0 = 0;
          for (let i = 0; i < n; i++) {
            x0[i] = x[i];
            norm0 += x[i] * x[i];
          }
          state.maxDist = repsRel * (1 + Math.sqrt(norm0));
        }
        let dist = 0;
        let gg = 0;
        for (let i = 0; i < n; i++) {
          const d = x[i] - x0[i];
          dist += d * d;
          gg += g[i] * g[i];
        }
        const maxDist = Math.max(state.maxDist as number, Math.sqrt(dist));
        const gradSq = (state.gradSq as number) + gg;
        const eta = gradSq > 0 ? (scale * maxDist) / Math.sqrt(gradSq) : 0;
        for (let i = 0; i < n; i++) x[i] -= eta * g[i];
        state.maxDist = maxDist;
        state.gradSq = gradSq;
        state.t++;
        (state.lr as Float64Array).fill(eta);
      },
      lastLr: (state) => state.lr as Float64Array,
    };
  },
};
