// OpenAI-ES (Salimans et al. 2017): mirrored pairs θ ± σε, fitness replaced by centred ranks,
// a gradient estimate of the smoothed objective, and an Adam step on θ.
import type { Strategy, StrategyOptions } from './types.js';
import { perturbations } from './types.js';

export interface OpenAiEsState {
  theta: number[];
  sigma: number;
  m: number[];
  v: number[];
  t: number;
  opts: StrategyOptions;
}

const LEARNING_RATE = 0.03;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** Centred ranks in [−0.5, 0.5]; the best (lowest) fitness gets +0.5. */
export function centredUtilities(fitness: readonly number[]): number[] {
  const n = fitness.length;
  const order = fitness.map((_, i) => i).sort((a, b) => fitness[a] - fitness[b] || a - b);
  const u = new Array<number>(n);
  order.forEach((k, rank) => (u[k] = n === 1 ? 0 : 0.5 - rank / (n - 1)));
  return u;
}

export const openAiEs: Strategy<OpenAiEsState> = {
  name: 'openai-es',
  reads: [], // always mirrored (part of the method), no elitism or selection
  init: (theta0, opts) => ({
    theta: [...theta0],
    sigma: opts.sigma,
    m: theta0.map(() => 0),
    v: theta0.map(() => 0),
    t: 0,
    opts: { ...opts },
  }),
  ask(state, rng) {
    // Always mirrored: it is part of the method (it cancels the estimate's even-order noise).
    const eps = perturbations(rng, state.opts.population, state.theta.length, true);
    return eps.map((e) => e.map((v, i) => state.theta[i] + state.sigma * v));
  },
  tell(state, candidates, fitness) {
    const u = centredUtilities(fitness);
    const d = state.theta.length;
    const g = new Array<number>(d).fill(0);
    for (let k = 0; k < candidates.length; k++) {
      for (let i = 0; i < d; i++) g[i] += (u[k] * (candidates[k][i] - state.theta[i])) / state.sigma;
    }
    // Ascent on utility = descent on fitness; Adam as in the paper's experiments.
    const t = state.t + 1;
    const m = state.m.map((mi, i) => BETA1 * mi + (1 - BETA1) * (g[i] / (candidates.length * state.sigma)));
    const v = state.v.map((vi, i) => BETA2 * vi + (1 - BETA2) * (g[i] / (candidates.length * state.sigma)) ** 2);
    const c1 = 1 - BETA1 ** t;
    const c2 = 1 - BETA2 ** t;
    const theta = state.theta.map((th, i) => th + (LEARNING_RATE * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + EPS));
    return { theta, sigma: state.sigma, m, v, t, opts: state.opts };
  },
  best: (state) => state.theta,
  sigma: (state) => state.sigma,
};
