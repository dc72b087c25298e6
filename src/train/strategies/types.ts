// Evolution strategies behind one ask/tell interface (evosax-style): a strategy proposes
// parameter vectors and is told their fitness; it never knows what it optimises. Evaluation,
// fitness shaping and the generation loop live elsewhere.
//
// States are plain JSON (number arrays, no typed arrays) so a checkpoint is JSON.stringify of
// the state and resumes bit for bit. Fitness is always "lower is better".
import type { Rng } from '../../rng.js';

export interface StrategyOptions {
  /** Population size λ (candidates evaluated per generation, not counting a re-scored parent). */
  population: number;
  /** Initial mutation scale σ. */
  sigma: number;
  /** Mirrored sampling: candidates come in pairs θ ± σε. */
  mirrored: boolean;
  /** Elitism: the parent is re-scored on the generation's starts and kept if no child beats it. */
  elitism: boolean;
  /** σ adaptation by the 1/5th success rule. */
  adaptSigma: boolean;
  /** Selection: the single best child ("best", the notebook's), or rank-weighted recombination of
   *  the better half ("ranks"). */
  selection: 'best' | 'ranks';
}

/** The StrategyOptions switches a strategy may or may not read (population and sigma it always does). */
export type StrategySwitch = 'mirrored' | 'elitism' | 'adaptSigma' | 'selection';

export interface Strategy<S> {
  readonly name: string;
  /** The switches this strategy reads; a front end refuses one the user sets for a strategy that
   *  ignores it (StrategyOptions stays one object, stored whole in checkpoints, so they keep loading). */
  readonly reads: readonly StrategySwitch[];
  init(theta0: readonly number[], opts: StrategyOptions): S;
  /** Candidates to evaluate this generation. Randomness comes only from `rng`. */
  ask(state: S, rng: Rng): number[][];
  /** Fitness of each candidate returned by ask (same order); returns the next state. */
  tell(state: S, candidates: number[][], fitness: number[]): S;
  /** The strategy's current answer (the parent, or the distribution's mean). */
  best(state: S): number[];
  /** Current mutation scale, for progress displays. */
  sigma(state: S): number;
}

/** Indices that sort `fitness` ascending (best first); ties keep candidate order (deterministic). */
export function argsortAscending(fitness: readonly number[]): number[] {
  return fitness.map((_, i) => i).sort((a, b) => fitness[a] - fitness[b] || a - b);
}

/** Log-decreasing recombination weights for the best μ (CMA-ES's default), summing to 1. */
export function recombinationWeights(mu: number): number[] {
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const s = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / s);
}

/** Gaussian perturbations ε (count vectors of dimension d); mirrored pairs when asked. */
export function perturbations(rng: Rng, count: number, d: number, mirrored: boolean): number[][] {
  const out: number[][] = [];
  while (out.length < count) {
    const e = Array.from({ length: d }, () => rng.normal());
    out.push(e);
    if (mirrored && out.length < count) out.push(e.map((v) => -v));
  }
  return out;
}
