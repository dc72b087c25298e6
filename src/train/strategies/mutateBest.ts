// The notebook's scheme: each generation, P Gaussian mutations of the best agent so far are born;
// the best of them becomes the next parent. Each ES improvement is an option (StrategyOptions):
// mirrored sampling, elitism (the parent re-scored on the same starts and kept when no child
// beats it), σ adaptation by the 1/5th success rule, and rank-weighted recombination.
import type { Strategy, StrategyOptions } from './types.js';
import { argsortAscending, perturbations, recombinationWeights } from './types.js';

export interface MutateBestState {
  parent: number[];
  sigma: number;
  opts: StrategyOptions;
  generation: number;
}

// 1/5th rule factor (Rechenberg; Kern et al. 2004 use a similar constant).
const SIGMA_FACTOR = 1.2;

const rescoresParent = (o: StrategyOptions) => o.elitism || o.adaptSigma;

export const mutateBest: Strategy<MutateBestState> = {
  name: 'notebook',
  reads: ['mirrored', 'elitism', 'adaptSigma', 'selection'],
  init: (theta0, opts) => ({ parent: [...theta0], sigma: opts.sigma, opts: { ...opts }, generation: 0 }),
  ask(state, rng) {
    const d = state.parent.length;
    const eps = perturbations(rng, state.opts.population, d, state.opts.mirrored);
    const children = eps.map((e) => e.map((v, i) => state.parent[i] + state.sigma * v));
    // Elitism and the 1/5th rule need the parent's score on this generation's starts: it is
    // then appended as the last candidate.
    return rescoresParent(state.opts) ? [...children, [...state.parent]] : children;
  },
  tell(state, candidates, fitness) {
    const { opts } = state;
    const nChildren = opts.population;
    const childFitness = fitness.slice(0, nChildren);
    const order = argsortAscending(childFitness);
    const parentFitness = rescoresParent(opts) ? fitness[nChildren] : undefined;

    let next: number[];
    if (opts.selection === 'ranks') {
      const mu = Math.max(1, Math.floor(nChildren / 2));
      const w = recombinationWeights(mu);
      next = state.parent.map((_, i) => order.slice(0, mu).reduce((s, k, j) => s + w[j] * candidates[k][i], 0));
    } else {
      next = [...candidates[order[0]]];
    }
    if (opts.elitism && parentFitness !== undefined && !(childFitness[order[0]] < parentFitness)) next = [...state.parent];

    let sigma = state.sigma;
    if (opts.adaptSigma && parentFitness !== undefined) {
      const successes = childFitness.filter((f) => f < parentFitness).length / nChildren;
      sigma = successes > 0.2 ? sigma * SIGMA_FACTOR : successes < 0.2 ? sigma / SIGMA_FACTOR : sigma;
    }
    return { parent: next, sigma, opts, generation: state.generation + 1 };
  },
  best: (state) => state.parent,
  sigma: (state) => state.sigma,
};
