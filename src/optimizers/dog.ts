// DoG, "Distance over Gradients" (Ivgi, Hinder & Carmon, ICML 2023), as the reference package
// computes it (formll/dog 1.0.3, src/dog/dog.py, git blob 05e107a5; the fixture generator runs
// that file): one step size per run,
//   step 0:  x₀ ← x,  r̄ = reps_rel·(1 + ‖x₀‖)  (0 when init_eta is given),  G = ‖g‖² + eps
//   step t:  r̄ ← max(r̄, ‖x − x₀‖),  G ← G + ‖g‖²
//   η = lr·r̄/√G  (init_eta instead at step 0 when given),  x ← x − η·g
// with g = ∇f + weight_decay·x (L2, added to the gradient before G). The package asserts G > 0;
// here η = 0 while G = 0 (only with eps = 0 and zero gradients).
// `dog-avg` is the same run with the package's PolynomialDecayAverager (src/dog/averager.py,
// blob 2033e553; Shamir & Zhang 2013): after step t (1-based), w = (γ+1)/(γ+t),
// x̄ ← x̄·(1 − w) + w·x (x̄ starts at x₀), and its answer — where the benchmark measures f — is x̄
// (the package's README: averaging is needed for a fair comparison; the paper reports γ = 8).
import type { Hyper, HyperParam, KernelBinding, OptState, OptimizerSpec, Stepper } from './types.js';

const DOG_HYPER: readonly HyperParam[] = [
  { name: 'lr', default: 1, min: 0, description: 'multiplier of the DoG step (c in the paper; 1 = the method as published)' },
  { name: 'reps_rel', default: 1e-6, min: 0, description: 'initial movement r_ε relative to 1 + ‖x₀‖' },
  { name: 'weight_decay', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + wd·x' },
  { name: 'eps', default: 1e-8, min: 0, description: 'added to the sum of squared gradient norms G' },
  { name: 'init_eta', default: 0, min: 0, description: "the first step size, overriding reps_rel; 0: none (the package's None)" },
];

function dogKernel(averaging: boolean): KernelBinding {
  return {
    kernel: 'dog',
    evalPoint: averaging,
    hyper: {
      lr: (h) => h.lr,
      repsRel: (h) => (h.init_eta > 0 ? 0 : h.reps_rel),
      weightDecay: (h) => h.weight_decay,
      eps: (h) => h.eps,
      initEta: (h) => h.init_eta,
      gamma: (h) => (h.gamma === undefined ? -1 : h.gamma),
    },
    buffers: ['x0', 'avg'],
    scalars: ['maxDist', 'gradSq'],
  };
}

/** The DoG stepper; with `gamma` (≥ 0) it also keeps the polynomially averaged iterate, its answer. */
function dogStepper(h: Hyper, gamma: number | undefined): Stepper {
  const scale = h.lr;
  const initEta = h.init_eta;
  const repsRel = initEta > 0 ? 0 : h.reps_rel; // the package sets reps_rel = 0 when init_eta is given
  const wd = h.weight_decay;
  const eps = h.eps;
  const averaging = gamma !== undefined;
  return {
    init: (n: number): OptState => {
      const state: OptState = { t: 0, maxDist: 0, gradSq: 0, x0: new Float64Array(n), lr: new Float64Array(n) };
      if (averaging) state.avg = new Float64Array(n);
      return state;
    },
    step(x: Float64Array, g: Float64Array, state: OptState): void {
      const x0 = state.x0 as Float64Array;
      const n = x.length;
      const first = state.t === 0;
      let gg = 0;
      for (let i = 0; i < n; i++) {
        const gi = wd > 0 ? g[i] + wd * x[i] : g[i];
        gg += gi * gi;
      }
      let maxDist: number;
      let gradSq: number;
      if (first) {
        let norm0 = 0;
        for (let i = 0; i < n; i++) {
          x0[i] = x[i];
          norm0 += x[i] * x[i];
        }
        if (averaging) (state.avg as Float64Array).set(x);
        maxDist = repsRel * (1 + Math.sqrt(norm0));
        gradSq = gg + eps;
      } else {
        let dist = 0;
        for (let i = 0; i < n; i++) {
          const d = x[i] - x0[i];
          dist += d * d;
        }
        maxDist = Math.max(state.maxDist as number, Math.sqrt(dist));
        gradSq = (state.gradSq as number) + gg;
      }
      let eta = gradSq > 0 ? (scale * maxDist) / Math.sqrt(gradSq) : 0;
      if (first && initEta > 0) eta = initEta;
      for (let i = 0; i < n; i++) {
        const gi = wd > 0 ? g[i] + wd * x[i] : g[i];
        x[i] = x[i] - eta * gi;
      }
      state.maxDist = maxDist;
      state.gradSq = gradSq;
      state.t++;
      (state.lr as Float64Array).fill(eta);
      if (averaging) {
        const avg = state.avg as Float64Array;
        const w = (gamma + 1) / (gamma + state.t);
        const keep = 1 - w;
        for (let i = 0; i < n; i++) avg[i] = avg[i] * keep + w * x[i];
      }
    },
    lastLr: (state) => state.lr as Float64Array,
    ...(averaging
      ? {
          evalPoint(x: Float64Array, state: OptState, out: Float64Array): void {
            if (state.t === 0) out.set(x);
            else out.set(state.avg as Float64Array);
          },
        }
      : {}),
  };
}

export const dog: OptimizerSpec = {
  name: 'dog',
  id: 11,
  description: 'DoG, distance over gradients (Ivgi et al. 2023, formll/dog): no learning rate to tune; lr only scales η. The last iterate (dog-avg: the averaged one).',
  hyper: DOG_HYPER,
  kernel: dogKernel(false),
  create: (h: Hyper): Stepper => dogStepper(h, undefined),
};

export const dogAvg: OptimizerSpec = {
  name: 'dog-avg',
  id: 18,
  description: "DoG with the package's polynomial-decay iterate average (γ = 8, as the paper reports it); f is measured at the average.",
  hyper: [...DOG_HYPER, { name: 'gamma', default: 8, min: 0, description: 'the averager\'s γ: weight (γ+1)/(γ+t) on step t\'s iterate' }],
  kernel: dogKernel(true),
  create: (h: Hyper): Stepper => dogStepper(h, h.gamma),
};
